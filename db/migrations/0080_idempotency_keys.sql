-- Idempotency keys (issue 6: agents retry). A write that carries an Idempotency-Key claims the key
-- here, in its own transaction, before it runs; the unique key makes concurrent retries with the
-- same key produce one write. The first result is stored and replayed for 24 h.
create table idempotency_keys (
  client_id      text not null,
  principal_id   uuid not null,
  idem_key       varchar(255) not null check (length(idem_key) between 1 and 255),
  request_hash   text not null,
  method         varchar(10) not null,
  path           text not null,
  state          text not null default 'in_progress' check (state in ('in_progress', 'completed')),
  response_status int,
  response_body  text,
  response_type  text,
  created_at     timestamptz not null,
  updated_at     timestamptz not null,
  expires_at     timestamptz not null,
  primary key (client_id, principal_id, idem_key),
  foreign key (client_id, principal_id) references principals (client_id, principal_id)
);

create index idempotency_keys_expires_at on idempotency_keys (expires_at);
