-- Outbound like a person (issue 12 parts 4 and 5): send windows in the contact's time zone with
-- public holidays of its country, follow-ups in the first email's thread, mailbox rotation with
-- warm-up ramps, and DKIM keys per tenant and sending domain. docs/sending.md.

-- Time zones and countries. A contact with no zone takes its account's, then the campaign
-- window's default (the daily cap: the account's, then UTC). So contacts.time_zone may now be null.
alter table contacts alter column time_zone drop not null;
alter table contacts alter column time_zone drop default;
alter table contacts add column if not exists country text;
alter table accounts add column if not exists time_zone text;
alter table accounts add column if not exists country text;
-- ISO 3166-1 alpha-2, upper case: the country whose public holidays are skipped.
alter table contacts add constraint contacts_country_iso check (country ~ '^[A-Z]{2}$');
alter table accounts add constraint accounts_country_iso check (country ~ '^[A-Z]{2}$');

-- IANA zone names only ("Europe/Berlin", "UTC"), not POSIX offsets: the database knows the zone.
create function baton_check_time_zone() returns trigger language plpgsql as $$
begin
  if new.time_zone is not null then
    if new.time_zone !~ '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$' then
      raise exception using errcode = 'BX001', message = 'unknown time zone',
        detail = json_build_object('time_zone', new.time_zone, 'table', tg_table_name)::text;
    end if;
    begin
      perform now() at time zone new.time_zone;
    exception when others then
      raise exception using errcode = 'BX001', message = 'unknown time zone',
        detail = json_build_object('time_zone', new.time_zone, 'table', tg_table_name)::text;
    end;
  end if;
  return new;
end $$;
create trigger contacts_time_zone_valid before insert or update of time_zone on contacts
  for each row execute function baton_check_time_zone();
create trigger accounts_time_zone_valid before insert or update of time_zone on accounts
  for each row execute function baton_check_time_zone();

-- A campaign's send window (validated by src/campaigns/validate-definition.ts, read by
-- src/scheduling/send-window.ts): {days, start, end, time_zone, skip_holidays, spread_minutes}.
alter table campaigns add column send_window jsonb;
-- A follow-up step goes in the first email's thread (In-Reply-To, References, "Re:").
alter table campaign_sequences add column thread text not null default 'new'
  check (thread in ('new', 'follow_up'));

-- The coordinator's hold for a send window is its own reason in the event log.
alter table cadence_event_log drop constraint cadence_event_log_suppressed_reason_check;
alter table cadence_event_log add constraint cadence_event_log_suppressed_reason_check
  check (suppressed_reason in ('compliance_block', 'abm_active_suppression', 'touch_cap_exceeded',
                               'conflict_resolved_queued', 'outside_send_window'));

-- Warm-up ramp: ramp_start sends on ramp_start_day, + ramp_step per day, up to daily_limit.
alter table mailbox_limits add column ramp_start int check (ramp_start >= 0);
alter table mailbox_limits add column ramp_step int check (ramp_step >= 0);
alter table mailbox_limits add column ramp_start_day date;
alter table mailbox_limits add constraint mailbox_limits_ramp_complete
  check ((ramp_start is null) = (ramp_step is null) and (ramp_start is null) = (ramp_start_day is null));

-- A campaign's pool of sending mailboxes, rotated (least used today with room goes first).
create table campaign_mailboxes (
  client_id    text not null,
  campaign_id  uuid not null,
  mailbox      text not null check (mailbox ~ '^[^@\s<>]+@[^@\s<>]+$'),
  created_at   timestamptz not null default now(),
  primary key (client_id, campaign_id, mailbox),
  foreign key (client_id, campaign_id) references campaigns (client_id, id) on delete cascade
);

-- DKIM keys per tenant and sending domain. The private key is stored encrypted (AES-256-GCM
-- under a key derived from BATON_SECRET) and is never read back by the API or the CLI.
create table dkim_keys (
  client_id        text not null references clients (client_id),
  domain           text not null check (domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
  selector         text not null check (selector ~ '^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$'),
  private_key_enc  text not null,
  public_key_b64   text not null,
  created_at       timestamptz not null default now(),
  primary key (client_id, domain)
);

-- Replies are matched by Message-ID (In-Reply-To / References): look deliveries up by it.
create index if not exists channel_deliveries_message_id_idx on channel_deliveries (client_id, message_id)
  where message_id is not null;
