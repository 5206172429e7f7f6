-- Issue 72 item 3: a data-protection request a prospect makes in a reply ("where did you get my
-- address? delete it", "what data do you hold on me"). Every touch stops at once (the reply's
-- opt-out and a suppression); the request itself waits here for a person (RevOps), with its legal
-- deadline (GDPR art. 12(3): one month from receipt). No free text: the reply that asked is the
-- campaign_replies row (reply_id), and erasure empties it with the rest of the person.
create table data_requests (
  client_id               text not null references clients (client_id),
  id                      uuid not null default gen_random_uuid(),
  contact_id              uuid not null,
  kind                    text not null constraint data_requests_kind_check check (kind in ('erasure', 'access')),
  status                  text not null default 'open'
                            constraint data_requests_status_check check (status in ('open', 'erased', 'answered', 'refused')),
  reply_id                uuid,
  received_at             timestamptz not null,
  due_at                  timestamptz not null,
  created_at              timestamptz not null,
  closed_at               timestamptz,
  closed_by_principal_id  uuid,
  primary key (client_id, id),
  constraint data_requests_closed check ((status = 'open') = (closed_at is null)),
  constraint data_requests_due check (due_at > received_at),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id),
  foreign key (client_id, closed_by_principal_id) references principals (client_id, principal_id)
);
create unique index data_requests_one_per_reply on data_requests (client_id, reply_id) where reply_id is not null;
create index data_requests_open_idx on data_requests (client_id, due_at) where status = 'open';
create index data_requests_contact_idx on data_requests (client_id, contact_id);

-- Issue 72 item 4: a hand-off shows the reply that opened it (not the enrollment's latest reply,
-- which may be an earlier, decided one). Null for hand-offs no reply opened (the engine's last step).
alter table campaign_handoffs add column reply_id uuid;
