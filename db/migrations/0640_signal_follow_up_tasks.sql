-- Issue 69 item 4: the Signals view's "create a task" makes a task in the rep's task queue. Until
-- now a rep task was always a touch (a send item of an enrollment, on a channel, to an address); a
-- follow-up of a signal has none of these: it is a task about a contact, made from the view's
-- dismissals-and-tasks row (signal_actions, 0600) that it names. Closing it closes that row.
-- Plain DDL on a distributed table: Citus propagates it to every shard; the new foreign key joins two
-- tables distributed by client_id and co-located, on the tenant.
alter table engine_rep_tasks alter column send_item_id drop not null;
alter table engine_rep_tasks alter column enrollment_id drop not null;
alter table engine_rep_tasks alter column channel drop not null;
alter table engine_rep_tasks alter column to_id drop not null;
alter table engine_rep_tasks add column signal_action_id uuid;
alter table engine_rep_tasks add constraint engine_rep_tasks_signal_action_fkey
  foreign key (client_id, signal_action_id) references signal_actions (client_id, action_id);
alter table engine_rep_tasks drop constraint engine_rep_tasks_kind_check;
alter table engine_rep_tasks add constraint engine_rep_tasks_kind_check check (kind in
  ('linkedin_touch', 'phone_call', 'personal_send', 'signal_follow_up'));
-- a touch's task has its send item, enrollment, channel and address; a follow-up has none and names
-- its signal action
alter table engine_rep_tasks add constraint engine_rep_tasks_touch_or_follow_up check (
  (kind = 'signal_follow_up' and send_item_id is null and enrollment_id is null and channel is null
     and signal_action_id is not null)
  or (kind <> 'signal_follow_up' and send_item_id is not null and enrollment_id is not null
     and channel is not null and to_id is not null and signal_action_id is null));
create unique index engine_rep_tasks_signal_action_key on engine_rep_tasks (client_id, signal_action_id)
  where signal_action_id is not null;
-- one open follow-up per person: a second click while one is open answers that one
create unique index engine_rep_tasks_one_open_follow_up on engine_rep_tasks (client_id, contact_id)
  where kind = 'signal_follow_up' and status = 'open';
-- the follow-ups made before this migration (a person's, still open) join the queue: given to the
-- contact's owner (or to no one: any rep whose book holds the contact), due when they were due; the
-- latest of a person's, as one is open per person
insert into engine_rep_tasks (client_id, kind, assignee_role, assignee_principal_id, contact_id, body,
                              due_at, created_at, signal_action_id)
select distinct on (a.client_id, a.contact_id) a.client_id, 'signal_follow_up', 'rep', c.owner_principal_id, a.contact_id,
       coalesce(nullif(a.note, ''), 'Follow up on their signals'), coalesce(a.due_at, a.acted_at), a.acted_at,
       a.action_id
  from signal_actions a
  join contacts c on c.client_id = a.client_id and c.contact_id = a.contact_id
 where a.kind = 'task' and a.done_at is null and a.subject = 'contact' and c.erased_at is null
 order by a.client_id, a.contact_id, a.acted_at desc;
