-- An import runs in the process that took it (the server, or `baton import`). If that process
-- stops mid-way, its job row would say 'running' for ever. Each job now beats while it works
-- (created, planned, every chunk written); a sweep in the server fails jobs whose beat is older
-- than BATON's limit, saying what happened and what to do (prospects/sweep-interrupted-imports.ts).
alter table import_jobs add column heartbeat_at timestamptz;
update import_jobs set heartbeat_at = coalesce(finished_at, created_at);
alter table import_jobs alter column heartbeat_at set not null;
alter table import_jobs alter column heartbeat_at set default now();
create index import_jobs_running_idx on import_jobs (heartbeat_at) where status = 'running';
