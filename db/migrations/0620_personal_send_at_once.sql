-- The exec's personal send at once, chosen per campaign (issue 67 item 5: the close step goes out
-- from the exec's mailbox "when he clicks Send, or at once, where he chose so per campaign").
-- campaigns.personal_send: on_click (the default, as before: the close step waits as his
-- personal_send task until he clicks Send) or at_once (the engine's background pass sends it from
-- his connected mailbox as soon as he approved it, src/engine/personal-send-at-once.ts).
-- personal_send_by: the exec who chose at once; the mail goes out from his mailbox, in his name.
-- The added columns carry constant defaults (no table rewrite); Citus propagates the ALTER to every
-- shard of campaigns and engine_rep_tasks (both distributed by client_id).
alter table campaigns
  add column personal_send text not null default 'on_click'
    constraint campaigns_personal_send_check check (personal_send in ('on_click', 'at_once')),
  add column personal_send_by uuid,
  add constraint campaigns_personal_send_by_check
    check (personal_send = 'on_click' or personal_send_by is not null),
  add constraint campaigns_personal_send_by_fkey
    foreign key (client_id, personal_send_by) references principals (client_id, principal_id);

-- A task the at-once pass took (once: it never takes it again) and, when it sent nothing, why (no
-- connected mailbox, the mailbox needs consent or is paused, the send failed): the task stays open
-- for his click and says so.
alter table engine_rep_tasks
  add column at_once_at timestamptz,
  add column at_once_held text
    constraint engine_rep_tasks_at_once_held_check check (length(at_once_held) <= 500);

-- the pass looks only at open personal sends it has not taken yet
create index engine_rep_tasks_at_once_idx on engine_rep_tasks (client_id, enrollment_id)
  where kind = 'personal_send' and status = 'open' and at_once_at is null;
create index campaigns_personal_send_at_once_idx on campaigns (client_id, id)
  where personal_send = 'at_once';

-- why a close step was not sent at once names the exec's mailbox: personal (0358), so out of the
-- planner's statistics
select baton_keep_out_of_statistics('engine_rep_tasks', 'at_once_held');
