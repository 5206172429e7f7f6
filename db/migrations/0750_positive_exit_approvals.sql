-- A positive exit asked through MCP (issue 71 item 2): an agent triaging a reply that would end an
-- enrollment as positive (converted, meeting: on_exit runs and may enroll the person elsewhere) is
-- not allowed to (docs/agents.md "Reply triage"); decide_reply answers with an approval request of
-- kind positive_exit instead. A person who may triage the reply approves it on the same page; the
-- exit then runs once, as the person's decision, after the agent's token and role and the
-- enrollment's state are checked again. src/agents/approvals/.
--
-- reply_id: the reply the exit decides (a reply is never deleted: erasure empties it in place).
-- exit_reason: the positive exit asked (converted, meeting, registered, meeting_booked).
-- expected_enrollment: {enrollment_id, status, current_step, hold_reason} of the enrollment the reply
-- answers when the agent asked; an enrollment that moved meanwhile fails the request
-- (APPROVAL_ENROLLMENT_MOVED) and nothing runs. Ids, states and a step: no personal data.
alter table agent_approval_requests
  drop constraint agent_approval_requests_kind_check,
  add constraint agent_approval_requests_kind_check check (kind in ('play_approval', 'positive_exit')),
  add column reply_id uuid,
  add column exit_reason text
    constraint agent_approval_requests_exit_reason_check
      check (exit_reason in ('converted', 'meeting', 'registered', 'meeting_booked')),
  add column expected_enrollment jsonb,
  add constraint agent_approval_requests_positive_exit_check
    check (kind <> 'positive_exit' or (reply_id is not null and exit_reason is not null
      and expected_enrollment is not null)),
  add constraint agent_approval_requests_reply_fkey
    foreign key (client_id, reply_id) references campaign_replies (client_id, id);

-- the agent's latest request for a reply (a retried decide_reply finds it)
create index agent_approval_requests_reply_idx
  on agent_approval_requests (client_id, agent_principal_id, reply_id, created_at desc)
  where reply_id is not null;

-- the sweep (expireApprovalRequests): requests left running past their bound (the process stopped
-- mid-action) are settled failed, across tenants, every minute
create index agent_approval_requests_running_idx
  on agent_approval_requests (decided_at) where status = 'running';
