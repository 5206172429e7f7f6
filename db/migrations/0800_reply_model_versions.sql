-- The tenant's reply model learns (issue 72 item 2; docs/mailboxes.md "The tenant's model"). The
-- base model (src/replies/trained-reply-model.ts) is warm-started on the replies the tenant's
-- people decided in triage (agents' decisions never train it), in the background; a candidate is
-- kept only when it handles a held-out slice of the tenant's own examples better than the current
-- model (src/replies/tenant-model.ts). Every candidate is a row here, kept or not, with its numbers.
--
-- version: 1, 2, … per tenant, every candidate. base_digest: the base model it was warm-started
-- from (its features are the tenant model's). compared_with: the version it was measured against
-- (null: the base model). trained_on / held_out: how many examples trained it and how many it was
-- measured on (the slice: a hash of the reply's id, about one in five). *_correct: the slice's
-- replies handled right (a sure reading of the person's intent, or an unsure one where the intent
-- read was wrong), *_wrong_alone and *_stop_missed the two figures a candidate may not worsen.
-- model: the weights over the base model's features (no word of any reply), stored for a kept
-- version only (a candidate not kept is never used). training_ms: how long the training took.
create table reply_model_versions (
  client_id          text not null references clients (client_id),
  version            integer not null constraint reply_model_versions_version_check check (version > 0),
  base_digest        text not null constraint reply_model_versions_base_digest_check
                       check (base_digest ~ '^[0-9a-f]{64}$'),
  compared_with      integer,
  trained_on         integer not null constraint reply_model_versions_trained_on_check check (trained_on >= 0),
  held_out           integer not null constraint reply_model_versions_held_out_check check (held_out >= 0),
  candidate_correct  integer not null,
  current_correct    integer not null,
  candidate_accuracy real not null,
  current_accuracy   real not null,
  candidate_wrong_alone integer not null,
  current_wrong_alone   integer not null,
  candidate_stop_missed integer not null,
  current_stop_missed   integer not null,
  kept               boolean not null,
  reason             text constraint reply_model_versions_reason_check
                       check (reason in ('not_better_on_held_out', 'misses_more_stop_requests', 'more_wrong_alone')),
  model              jsonb,
  training_ms        integer not null,
  created_at         timestamptz not null,
  primary key (client_id, version),
  constraint reply_model_versions_kept_check check ((kept and reason is null and model is not null)
                                                    or (not kept and reason is not null and model is null))
);

-- The model version that made a reply's reading: 'base:<first 12 of its digest>' or
-- 'tenant:<version>' (null: a classifier with no model, a person's choice, or before 0800).
alter table campaign_replies add column model_version text
  constraint campaign_replies_model_version_check check (model_version ~ '^(base:[0-9a-f]{12}|tenant:[0-9]+)$');
