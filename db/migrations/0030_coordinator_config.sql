-- Coordinator core (spec 001): per-tenant cap policy. Defaults are the specs' numbers:
-- 3 non-transactional touches per prospect per rolling 7 days (spec 001 gate 3),
-- 1 touch per contact per local day across campaigns (spec 002), 48 h conflict queue (spec 001 T2).
create table coordinator_config (
  client_id                text primary key references clients (client_id),
  weekly_touch_cap         int not null default 3 check (weekly_touch_cap between 1 and 50),
  daily_touch_cap          int not null default 1 check (daily_touch_cap between 1 and 20),
  conflict_queue_hours     int not null default 48 check (conflict_queue_hours between 1 and 720),
  updated_at               timestamptz not null default now(),
  updated_by_principal_id  uuid,
  foreign key (client_id, updated_by_principal_id) references principals (client_id, principal_id)
);

-- gate 4 reads a contact's live enrollments; gateSend/opt-out read a contact's unsent items.
create index campaign_contacts_live_contact_idx on campaign_contacts (contact_id)
  where status in ('queued', 'active', 'paused');
create index sales_send_queue_unsent_contact_idx on sales_send_queue (contact_id)
  where status in ('pending', 'drafted', 'approved');
