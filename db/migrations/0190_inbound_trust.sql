-- Inbound mail Baton can trust (issue 35 item 1, docs/mailboxes.md "Trust"):
-- - each mailbox names the authserv-ids (RFC 8601) of the receiving servers whose
--   Authentication-Results it believes;
-- - untrusted mail waits in a review queue for a person (apply / dismiss; a stop request paused the
--   contact's sends at once and is confirmed or resumed);
-- - inbox_messages says what came of each message: a complaint, a bounce that was the sender's
--   fault, mail held for review; and a bounce proven by its VERP return path.

alter table mailbox_inboxes add column trusted_authserv_ids text[] not null default '{}';

alter table inbox_messages drop constraint inbox_messages_kind_check;
alter table inbox_messages add constraint inbox_messages_kind_check check (kind in (
  'reply', 'auto_reply', 'hard_bounce', 'soft_bounce', 'sender_fault_bounce', 'complaint', 'untrusted',
  'unmatched'));
alter table inbox_messages drop constraint inbox_messages_matched_by_check;
alter table inbox_messages add constraint inbox_messages_matched_by_check check (matched_by in (
  'in_reply_to', 'references', 'original_message_id', 'verp', 'sender', 'recipient'));
-- complaints per sending mailbox (the complaint rate over its last sends)
create index inbox_messages_complaints_idx on inbox_messages (client_id, delivery_message_id)
  where kind = 'complaint';

create table inbound_reviews (
  client_id           text not null references clients (client_id),
  id                  uuid not null default gen_random_uuid(),
  -- the inbox message (inbox_messages' key)
  mailbox_id          uuid not null,
  uidvalidity         bigint not null,
  uid                 bigint not null,
  message_id          text not null,
  contact_id          uuid,
  enrollment_id       uuid,
  from_address        text,
  subject             text not null default '',
  excerpt             text not null default '',
  -- what process_reply reads when a person applies the message
  body                text not null default '',
  received_at         timestamptz not null,
  -- {kind, intent, confidence, by, return_date}: what the message is and what it asks
  classification      jsonb not null,
  stop_request        boolean not null default false,
  why_untrusted       text not null,
  -- the inbound_trust record (matched, authenticated, by which check, why not)
  trust               jsonb not null,
  -- enrollments a stop request paused (and the paused_until each had), resumed if a person says so
  paused              jsonb not null default '[]',
  status              text not null default 'pending' check (status in ('pending', 'applied', 'dismissed')),
  decided_by          uuid,
  decided_at          timestamptz,
  outcome             jsonb,
  created_at          timestamptz not null default now(),
  primary key (client_id, id),
  unique (client_id, mailbox_id, uidvalidity, uid),
  foreign key (client_id, mailbox_id) references mailbox_inboxes (client_id, id) on delete cascade,
  foreign key (client_id, decided_by) references principals (client_id, principal_id),
  constraint inbound_reviews_decided check ((status = 'pending') = (decided_at is null))
);
create index inbound_reviews_pending_idx on inbound_reviews (client_id, created_at) where status = 'pending';
create index inbound_reviews_contact_idx on inbound_reviews (client_id, contact_id);

-- A sending mailbox's deliverability (issue 35 items 1 and 3): flagged when a bounce says the fault
-- was the sender's (blocked, DMARC/SPF, reputation, content), paused when its complaint rate over its
-- last 1,000 sends passes 0.3 %. A paused one sends nothing until a person resumes it.
create table mailbox_deliverability (
  client_id          text not null references clients (client_id),
  mailbox            text not null check (mailbox = lower(mailbox)),
  status             text not null default 'ok' check (status in ('ok', 'flagged', 'paused')),
  reason             text,
  flagged_at         timestamptz,
  sender_fault_count int not null default 0,
  complaints         int not null default 0,
  sends_counted      int not null default 0,
  complaint_rate     double precision not null default 0,
  paused_at          timestamptz,
  updated_at         timestamptz not null default now(),
  primary key (client_id, mailbox)
);
-- a mailbox's last 1,000 sends (its complaint rate)
create index channel_deliveries_mailbox_idx on channel_deliveries (client_id, mailbox, created_at desc);
