-- Anonymous website visitors, held until they identify (issue 69 item 2; docs/signals.md "Anonymous
-- visitors"). A signed track or page event that a page rule types but that names no person (no
-- email, no company domain: only Segment's anonymousId) is held here, not dropped. When the same
-- source later sends an event that carries that anonymousId beside an email (an `identify`, or a
-- track event after a form), the held events become that person's signals, each under its own
-- dedup key (source, messageId), through the same path as every signal (the book, the proposals,
-- the contacts' last signals). A held event nobody identifies within 30 days is deleted by the
-- retention pass; it never reaches a contact.
create table signal_visitor_events (
  client_id    text not null references clients (client_id),
  event_id     uuid not null default gen_random_uuid(),
  source       text not null constraint signal_visitor_events_source_check
                 check (source ~ '^[a-z0-9][a-z0-9_.:-]{0,63}$'),
  -- Segment's anonymousId: a cookie's id, which singles a browser out (personal)
  anonymous_id text not null constraint signal_visitor_events_anonymous_len
                 check (length(anonymous_id) between 1 and 200),
  type         text not null,
  occurred_at  timestamptz not null,
  received_at  timestamptz not null,
  external_id  text not null constraint signal_visitor_events_external_id_check
                 check (length(external_id) between 1 and 200),
  attributes   jsonb not null default '{}'::jsonb constraint signal_visitor_events_attributes_check
                 check (jsonb_typeof(attributes) = 'object' and length(attributes::text) <= 8192),
  evidence_url text constraint signal_visitor_events_evidence_url_check
                 check (evidence_url ~ '^https?://' and length(evidence_url) <= 2000),
  primary key (client_id, event_id),
  -- a replay of a held event is held once
  constraint signal_visitor_events_dedup_key unique (client_id, source, external_id)
);
-- `type` names a type of the catalogue when the event is held; no foreign key, so that a type the
-- tenant deletes meanwhile does not block on events nobody has identified: at identify time the
-- held event is recorded as any signal is, and a type gone by then is refused (SIGNAL_TYPE_UNKNOWN).
-- an identify finds the visitor's held events
create index signal_visitor_events_visitor_idx on signal_visitor_events (client_id, source, anonymous_id);
-- the retention pass finds the expired ones
create index signal_visitor_events_received_idx on signal_visitor_events (client_id, received_at);
select baton_keep_out_of_statistics('signal_visitor_events', 'anonymous_id');
select baton_keep_out_of_statistics('signal_visitor_events', 'attributes');
select baton_keep_out_of_statistics('signal_visitor_events', 'evidence_url');
select baton_keep_out_of_statistics('signal_visitor_events', 'external_id');
