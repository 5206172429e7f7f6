-- The workspace's readers of the event log (the dashboard's touches, suppressions and cohorts, and
-- the funnels' rollup) run without JIT compilation. The day the dashboard's window starts in is read
-- from the log itself, through the BRIN on time, and the planner's estimate for that bitmap scan
-- grows with the log: at 50M events it passed jit_above_cost, and PostgreSQL spent 13.6 ms
-- compiling 17 functions for a 14 ms read (auto_explain, bench:growth's 50M log): 25-26 ms a call
-- with JIT, 14 ms without, three calls a dashboard. A function's own setting applies while it runs,
-- whatever the connection's; PGlite, built without JIT, accepts it and is unchanged.
alter function event_log_daily_rows(text, bigint, bigint, timestamptz, timestamptz) set jit = off;
alter function event_log_daily_live(text, timestamptz) set jit = off;
alter function learning_rollup_rows(text, bigint, bigint) set jit = off;
