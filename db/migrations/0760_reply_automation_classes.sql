-- Automation earned from the team's decisions (issue 72 item 1; docs/campaigns.md "Automation
-- earned"). Per tenant, intent and language, Baton acts alone on a sure reading only where the people
-- who triage have agreed with its readings often enough; a fresh tenant has no row, and no row is a
-- closed class. src/campaigns/triage/automation-classes.ts keeps the rows; the rule's numbers are in
-- src/replies/automation.ts (EARN_MIN_DECISIONS, EARN_MIN_AGREEMENT).
--
-- intent: the intents Baton may act on alone. A sure unsubscribe has no class: a stop is honoured
-- at once and is never withheld as automation; referral and other never act alone.
-- language: the reply's language (en de fr es nl it pt…), 'und' when it is not known.
-- state: closed (earning: the tally counts toward opening), open (Baton acts alone), closed_by_hand
-- (RevOps closed it: it stays closed, the tally goes on, until RevOps reopens it to earning).
-- min_confidence: the confidence band the class is earned and used at: only readings at or above it
-- count, and only they act alone.
-- decided / agreed: the people's decisions on sure readings of the class since the tally last
-- started (a disagreement that closes an open class starts it again at 1 decided, 0 agreed; a
-- reopening by hand at 0, 0).
-- acted / spot_check_every: the sure replies of the class that came while it was open, and how
-- often one of them still goes to a person (every spot_check_every-th: automation.ts
-- SPOT_CHECK_EVERY, 10), so the agreement is still measured where Baton acts alone.
-- closed_by: the person who closed it by hand. No personal text anywhere: counts, states, ids.
create table reply_automation_classes (
  client_id       text not null references clients (client_id),
  intent          text not null
    constraint reply_automation_classes_intent_check
      check (intent in ('interested', 'meeting', 'not_interested', 'out_of_office', 'later')),
  language        text not null
    constraint reply_automation_classes_language_check check (language ~ '^[a-z]{2,3}$'),
  state           text not null default 'closed'
    constraint reply_automation_classes_state_check check (state in ('closed', 'open', 'closed_by_hand')),
  min_confidence  real not null
    constraint reply_automation_classes_confidence_check check (min_confidence > 0 and min_confidence <= 1),
  decided         integer not null default 0,
  agreed          integer not null default 0,
  acted           integer not null default 0,
  spot_check_every integer not null default 10
    constraint reply_automation_classes_spot_check_check check (spot_check_every between 2 and 1000),
  opened_at       timestamptz,
  closed_at       timestamptz,
  closed_by       uuid,
  updated_at      timestamptz not null,
  primary key (client_id, intent, language),
  constraint reply_automation_classes_tally_check check (agreed >= 0 and agreed <= decided),
  constraint reply_automation_classes_by_hand_check check (state <> 'closed_by_hand' or closed_by is not null),
  constraint reply_automation_classes_closed_by_fkey
    foreign key (client_id, closed_by) references principals (client_id, principal_id)
);

-- Whether the reading passed the fixed rules of automation.ts (decidesAlone: the intent's threshold,
-- no stop signal, no question in a yes, a delay with a date) when the reply came: Baton would have
-- acted alone on it had its class been open. A person's decision on such a reply counts toward the
-- class. Null on replies recorded before this migration (they count toward nothing).
alter table campaign_replies add column sure boolean;

-- An autonomy change asked through MCP (issue 71 item 2): an agent asks to close or reopen a class;
-- a RevOps person or admin approves it in the workspace and the change runs once.
alter table agent_approval_requests
  drop constraint agent_approval_requests_kind_check,
  add constraint agent_approval_requests_kind_check
    check (kind in ('play_approval', 'positive_exit', 'automation_change')),
  add column automation_change jsonb,
  add constraint agent_approval_requests_automation_change_check
    check (kind <> 'automation_change' or automation_change is not null);
