-- The event log's readers plan their statement for each call's own values. event_log_daily_rows
-- serves three shapes with one statement (the cursor's advance: an xact range; the dashboard's
-- tail: from the cursor's horizon and a day; the window's first day: a time range from xact 0), its
-- bounds optional (`p_from is null or occurred_at >= p_from`). After five calls PL/pgSQL may keep a
-- generic plan, and a generic plan cannot use an optional bound as an index condition: the first
-- day's read then went through the BRIN on `xact >= 0` alone, every range of the log, 431,000 rows
-- read and dropped per worker, 175-199 ms a call where the custom plan takes 14 ms (auto_explain,
-- bench:workspace's 1.3M-event tenant, three calls a dashboard). At 50M events that plan would read
-- the whole log. A custom plan a call costs a fraction of a millisecond to make.
alter function event_log_daily_rows(text, bigint, bigint, timestamptz, timestamptz) set plan_cache_mode = force_custom_plan;
alter function learning_rollup_rows(text, bigint, bigint) set plan_cache_mode = force_custom_plan;
