-- Attio's signed webhooks (issue 71 item 5; docs/adapters.md "Attio → Baton"). A revops or admin
-- person registers one per workspace: Baton creates it through Attio's API (POST /v2/webhooks, the
-- people's record.created / record.updated / record.deleted) with a receiving URL that names this
-- row's id, and keeps the secret Attio returns sealed under BATON_SECRET (never returned). Each
-- delivery is signed by Attio with HMAC-SHA256 of its body under that secret (Attio-Signature);
-- it names Attio's webhook and workspace, which must be this row's. The poll stays as the fallback.
create table attio_webhooks (
  client_id          text not null references clients (client_id),
  id                 uuid not null default gen_random_uuid(),
  attio_webhook_id   text not null constraint attio_webhooks_webhook_len check (length(attio_webhook_id) <= 64),
  attio_workspace_id text not null constraint attio_webhooks_workspace_len check (length(attio_workspace_id) <= 64),
  -- the people object's id: events of other objects change nothing
  people_object_id   text constraint attio_webhooks_object_len check (length(people_object_id) <= 64),
  secret_sealed      text not null,
  created_by         uuid,
  created_at         timestamptz not null,
  last_event_at      timestamptz,
  events_count       bigint not null default 0,
  primary key (client_id, id),
  -- one per workspace: registering again replaces it
  constraint attio_webhooks_one_per_client unique (client_id),
  constraint attio_webhooks_created_by_fkey
    foreign key (client_id, created_by) references principals (client_id, principal_id)
);
-- the receiving URL names only the id (a random UUID)
create index attio_webhooks_id_idx on attio_webhooks (id);

-- Each delivery once: Attio's Idempotency-Key (the same for a message's retries), and the signed
-- body's hash, so the same body again under another key soon after is refused as a replay. Kept
-- four days (Attio retries a message for about three).
create table attio_webhook_deliveries (
  client_id       text not null references clients (client_id),
  webhook_id      uuid not null,
  idempotency_key text not null constraint attio_webhook_deliveries_key_len check (length(idempotency_key) <= 200),
  body_sha256     text not null,
  received_at     timestamptz not null,
  primary key (client_id, webhook_id, idempotency_key),
  constraint attio_webhook_deliveries_webhook_fkey
    foreign key (client_id, webhook_id) references attio_webhooks (client_id, id)
);
create index attio_webhook_deliveries_body_idx
  on attio_webhook_deliveries (client_id, webhook_id, body_sha256, received_at);
