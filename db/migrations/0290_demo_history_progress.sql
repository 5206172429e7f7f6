-- Issue 37 item 8: the demo's living history is built in the background after the server listens.
-- Its row is written when the build begins and carries its progress: days_done counts the simulated
-- days committed, completed_at is set only when the whole history is in. A start that finds the row
-- without completed_at (a restart during the build) resumes from days_done; later starts skip only a
-- completed history. Rows written before this migration were written on completion.
alter table learning_demo_history
  add column days_done int not null default 0 check (days_done >= 0),
  alter column completed_at drop not null,
  alter column completed_at drop default;
update learning_demo_history set days_done = simulated_days;
