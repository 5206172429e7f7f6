-- Meetings booked through Calendly or Cal.com (issue 41 item 2): each tenant adds one webhook
-- endpoint per scheduling account; the provider signs every delivery with the endpoint's signing key
-- (HMAC-SHA256: Calendly over "t.body" in Calendly-Webhook-Signature, Cal.com over the body in
-- X-Cal-Signature-256). The key is sealed with BATON_SECRET (as mailbox passwords are) and never
-- returned. A booked meeting ends the contact's enrollment (reason meeting_booked, status converted)
-- and follows on_exit; a cancelled one is recorded and reported, not undone.

create table meeting_webhooks (
  client_id     text not null references clients (client_id),
  id            uuid not null default gen_random_uuid(),
  provider      text not null check (provider in ('calendly', 'calcom')),
  -- 'v1:' iv:tag:ciphertext of the signing key
  secret_enc    text not null,
  max_age_s     int not null default 300 check (max_age_s between 30 and 86400),
  last_event_at timestamptz,
  events_count  bigint not null default 0,
  created_by_principal_id uuid,
  created_at    timestamptz not null default now(),
  primary key (client_id, id),
  foreign key (client_id, created_by_principal_id) references principals (client_id, principal_id)
);
-- the receiving URL names only the id (a random UUID)
create index meeting_webhooks_id_idx on meeting_webhooks (id);

-- One row per booking at a provider; a provider's retry or a replay of the same delivery finds it.
create table meetings (
  client_id          text not null references clients (client_id),
  id                 uuid not null default gen_random_uuid(),
  -- null once the endpoint is removed (the meeting stays)
  webhook_id         uuid,
  provider           text not null check (provider in ('calendly', 'calcom')),
  -- the provider's id of the booking (Calendly's invitee URI, Cal.com's booking uid)
  provider_event_id  text not null,
  -- null: the invitee matched no contact of the tenant (kept, so the team sees it)
  contact_id         uuid,
  -- the enrollment the booking ended, if one was live
  enrollment_id      uuid,
  status             text not null check (status in ('booked', 'cancelled')),
  -- how the invitee was matched: a signed contact token in the booking link, or the address
  matched_by         text check (matched_by in ('token', 'email')),
  invitee_email      text not null,
  invitee_name       text,
  title              text,
  start_at           timestamptz,
  end_at             timestamptz,
  booked_at          timestamptz not null,
  cancelled_at       timestamptz,
  cancel_reason      text,
  created_at         timestamptz not null default now(),
  primary key (client_id, id),
  unique (client_id, provider, provider_event_id),
  foreign key (client_id, webhook_id) references meeting_webhooks (client_id, id) on delete set null (webhook_id),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id),
  foreign key (client_id, enrollment_id) references campaign_contacts (client_id, id)
);
create index meetings_contact_idx on meetings (client_id, contact_id);

-- A sender's booking link (Calendly or Cal.com page), offered to templates as a merge field.
alter table principals add column booking_url text
  check (booking_url is null or (booking_url ~ '^https://' and length(booking_url) <= 500));
