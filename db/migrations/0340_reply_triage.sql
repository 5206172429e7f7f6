-- Issue 56 item 1 and 2: a person's reply hands the contact to people (docs/campaigns.md "What a
-- reply does"). Every statement works on PostgreSQL 15, PGlite and Citus (every row keyed by
-- client_id; the new foreign key carries it; no function forces a plan).
--
-- 1. The classifier's two new intents (src/replies/classifier.ts) and the new action `held`: the
--    reply waits in the triage queue and the enrollment it answers is paused with no end date.
alter table campaign_replies drop constraint campaign_replies_intent_check;
alter table campaign_replies add constraint campaign_replies_intent_check check (intent in ('interested',
  'meeting', 'not_interested', 'unsubscribe', 'out_of_office', 'later', 'referral', 'other'));
alter table campaign_replies drop constraint campaign_replies_action_check;
alter table campaign_replies add constraint campaign_replies_action_check check (action in ('exited',
  'paused', 'opted_out', 'continued', 'no_enrollment', 'held'));

-- 2. The triage queue and the labelled examples live on the reply itself (one row a reply):
--    triage   auto: Baton decided alone (automation.ts) or the mail was automatic; pending: waits for
--             a person (or an agent allowed to triage); decided: a person or an agent decided.
--    held     what the reply paused, [{enrollment_id, paused_until}] (the paused_until it had before,
--             so `continue` restores exactly that).
--    decision … the decision, the intent it implies, its details (exit reason, date, the referral's
--             new contact and hand-off…), who and when: the labelled example (issue 56 item 2).
alter table campaign_replies
  add column triage text not null default 'auto' check (triage in ('auto', 'pending', 'decided')),
  add column stop_signal boolean not null default false,
  add column referral jsonb,
  add column language text,
  add column held jsonb not null default '[]',
  add column policy_effects jsonb not null default '[]',
  add column decision text check (decision in ('continue', 'exit', 'opt_out', 'later', 'referral',
    'handoff', 'not_a_reply')),
  add column decided_intent text,
  add column decision_details jsonb,
  add column decided_by_principal_id uuid,
  add column decided_at timestamptz,
  add constraint campaign_replies_decided check ((triage = 'decided') = (decision is not null)
    and (decision is null) = (decided_at is null)),
  add constraint campaign_replies_decided_by_fkey foreign key (client_id, decided_by_principal_id)
    references principals (client_id, principal_id);

-- the queue, oldest first, and its count for the navigation
create index campaign_replies_triage_idx on campaign_replies (client_id, received_at, id)
  where triage = 'pending';
-- the labelled examples' export and the agreement rate read the decided ones
create index campaign_replies_decided_idx on campaign_replies (client_id, decided_at, id)
  where triage = 'decided';

-- 3. Why an enrollment is paused, when a reply paused it (reply_pending_triage, reply_later,
--    reply_policy): gate 5 reports it instead of enrollment_paused, so the event log and the
--    timeline say why nothing went. Null for every other pause.
alter table campaign_contacts add column hold_reason text check (hold_reason in ('reply_pending_triage',
  'reply_later', 'reply_policy'));

-- An enrollment that leaves `paused` (resumed by the engine, by a person, by a review, or ended)
-- loses its hold reason, whichever path moves it: the reason is never stale. The WHEN clause keeps
-- every other update of campaign_contacts (one a step) from calling the function.
create function campaign_contacts_clear_hold_reason() returns trigger language plpgsql as $$
begin
  new.hold_reason := null;
  return new;
end $$;
create trigger campaign_contacts_clear_hold_reason before update on campaign_contacts
  for each row when (new.hold_reason is not null and new.status <> 'paused')
  execute function campaign_contacts_clear_hold_reason();

-- 4. The campaign's reply policy (RevOps): what a person's reply does to the contact's other live
--    campaigns and to colleagues at the same account. Null: the default (src/campaigns/triage/
--    reply-policy.ts: other campaigns pause 14 days, colleagues nothing).
alter table campaigns add column reply_policy jsonb;
