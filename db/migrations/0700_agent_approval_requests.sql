-- A person's decision, asked by an agent through MCP (issue 71 item 2). When an agent's call needs a
-- person (a play's approval), the tool answers with an approval request and a link to Baton's own
-- page (/approvals/agent/{request_id}); a person approves or declines there, signed in; on approval
-- the action runs once, after the agent's token, role and caps are checked again. The agent polls
-- the request's state (get_approval_request). src/agents/approvals/approval-requests.ts.
--
-- status: pending (waits for a person until expires_at), running (a person approved; the action is
-- under way: taken by one conditional update, so a replayed approval finds it taken), done (ran;
-- outcome holds its result), failed (the recheck or the action refused; outcome holds the refusal),
-- declined (a person said no), expired (no one decided in time).
-- agent_token_id: the API token the agent asked with, checked again before the action runs (revoked,
-- expired or its principal deactivated: the action does not run). No personal text: the arguments are
-- ids, the outcome a state and a refusal's code and message.
create table agent_approval_requests (
  client_id         text not null references clients (client_id),
  request_id        uuid not null default gen_random_uuid(),
  kind              text not null
    constraint agent_approval_requests_kind_check check (kind in ('play_approval')),
  agent_principal_id uuid not null,
  agent_token_id    uuid not null,
  tool              text not null
    constraint agent_approval_requests_tool_check check (length(tool) <= 64),
  play_id           uuid,
  status            text not null default 'pending'
    constraint agent_approval_requests_status_check
      check (status in ('pending', 'running', 'done', 'failed', 'declined', 'expired')),
  created_at        timestamptz not null,
  expires_at        timestamptz not null,
  decided_by        uuid,
  decided_at        timestamptz,
  outcome           jsonb,
  primary key (client_id, request_id),
  constraint agent_approval_requests_agent_fkey
    foreign key (client_id, agent_principal_id) references principals (client_id, principal_id),
  constraint agent_approval_requests_decided_by_fkey
    foreign key (client_id, decided_by) references principals (client_id, principal_id),
  constraint agent_approval_requests_play_check check (kind <> 'play_approval' or play_id is not null),
  constraint agent_approval_requests_decided_check
    check (status in ('pending', 'expired') or decided_by is not null),
  constraint agent_approval_requests_expiry_check check (expires_at > created_at)
);

-- the agent's latest request for a play (a retried call finds it), and a person's queue of pending ones
create index agent_approval_requests_agent_idx
  on agent_approval_requests (client_id, agent_principal_id, play_id, created_at desc);
create index agent_approval_requests_pending_idx
  on agent_approval_requests (client_id, created_at) where status = 'pending';
