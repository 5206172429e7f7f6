-- Issue 60 item 4: the rep's task queue. A task is due at a time (due_at: its step's time, a hold's
-- release, or the time the rep snoozed it to) and is listed by it; a task the rep skips leaves the
-- queue as 'skipped' with its reason (the vocabulary of src/engine/rep-task-skip.ts) and a note, and
-- the event log says so (event_type 'task_skipped'). Tasks made before this migration are due when
-- they were made. Plain DDL on a distributed table: Citus propagates it to every shard.
alter table engine_rep_tasks add column due_at timestamptz;
update engine_rep_tasks set due_at = created_at;
alter table engine_rep_tasks alter column due_at set default now();
alter table engine_rep_tasks alter column due_at set not null;
alter table engine_rep_tasks add column skip_reason text;
alter table engine_rep_tasks add column skip_note text;
alter table engine_rep_tasks drop constraint engine_rep_tasks_status_check;
alter table engine_rep_tasks add constraint engine_rep_tasks_status_check check (status in
  ('open', 'done', 'cancelled', 'skipped'));
alter table engine_rep_tasks add constraint engine_rep_tasks_skip_reason_check check (skip_reason in
  ('not_on_linkedin', 'not_connected', 'wrong_person', 'already_in_touch', 'bad_timing', 'other'));
alter table engine_rep_tasks add constraint engine_rep_tasks_skipped_check check
  ((status = 'skipped') = (skip_reason is not null));
alter table engine_rep_tasks add constraint engine_rep_tasks_skip_note_check check
  (skip_note is null or length(skip_note) <= 500);
-- the queue: a tenant's open tasks by due time (the list's keyset: due_at, id)
create index engine_rep_tasks_due_idx on engine_rep_tasks (client_id, status, due_at, id);
-- the rep's note may name the person (0358: a personal column is kept out of the statistics)
select baton_keep_out_of_statistics('engine_rep_tasks', 'skip_note');
