-- A booking matched to a contact by the invitee's address alone waits for a person (issue 56 item
-- 4): anyone can type a contact's address into a tenant's public booking page, so the address says
-- who the booking claims to be, not who booked. Such a booking holds the contact's sends (each
-- active enrollment paused with no end date, as an untrusted stop request does) and waits with
-- review_status 'pending'; a person confirms it (the enrollments end as meeting_booked and follow
-- on_exit, as a booking through the signed link does at once) or dismisses it (the held sends
-- resume). A booking through the signed link (matched_by 'token') has no review (null).
alter table meetings
  add column review_status text check (review_status in ('pending', 'confirmed', 'dismissed')),
  -- the enrollments the booking paused, with the paused_until each had ([{enrollment_id, paused_until}])
  add column held jsonb not null default '[]',
  add column decided_by_principal_id uuid,
  add column decided_at timestamptz,
  add constraint meetings_review_decided check ((review_status = 'pending') = (decided_at is null) or review_status is null),
  add constraint meetings_decided_by_fkey foreign key (client_id, decided_by_principal_id)
    references principals (client_id, principal_id);
create index meetings_review_pending_idx on meetings (client_id, booked_at) where review_status = 'pending';
