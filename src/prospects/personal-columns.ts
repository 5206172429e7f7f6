// Every text, varchar, jsonb and text[] column of the schema, sorted in two: those that can hold a
// person's data and those that cannot (issue 58, Deliver 3). The personal ones are kept out of the
// planner's statistics (migration 0358: SET STATISTICS 0), because ANALYZE copies sample values
// (most common values, histogram bounds) into pg_statistic, where an erasure's redaction and its
// VACUUM FULL never reach (the review found an erased email there 16 times). A test
// (test/prospects/erasure-statistics.test.ts) reads the migrated schema: every such column is in
// exactly one of the two lists, and every personal one has statistics target 0, so a new column
// cannot be forgotten. `client_id` (the tenant's key) is left out of both. A migration that adds a
// personal column keeps it out with `select baton_keep_out_of_statistics('table', 'column')` (0358:
// Citus refuses the plain ALTER TABLE … SET STATISTICS on a distributed table).
//
// Personal: a contact's identity and words (the people an erasure reaches), and the team's own
// people (a principal's name, address, IP, user agent, a sender's mailbox): both are people.
// Identifiers of a person's records elsewhere (CRM ids, Message-IDs) count as personal: they single
// the person out. Companies (accounts, a sender's company) and the team's templates are not.

/** table → columns that can hold a person's data: statistics target 0 (0358). */
export const PERSONAL_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  address_bounce_counts: ["address"],
  audit_log: ["actor_label", "details", "ip", "target", "user_agent"],
  brain_proposals: ["payload"],
  cadence_event_log: ["details"],
  campaign_contacts: ["notes"],
  campaign_handoffs: ["notes"],
  campaign_mailboxes: ["mailbox"],
  campaign_replies: ["body", "decision_details", "message_id", "referral"],
  channel_deliveries: ["error", "mailbox", "message_id", "provider_message_id", "subject", "to_address"],
  contacts: [
    "email",
    "email_domain",
    "email_key",
    "external_id",
    "full_name",
    "last_marketing_signal",
    "last_sales_signal",
    "legal_basis_source",
    "linkedin_url",
    "phone",
    "title",
  ],
  coordinator_flags: ["details"],
  crm_activities: ["note"],
  crm_contacts: ["company", "email", "full_name"],
  crm_deals: ["name"],
  crm_links: ["external_id"],
  crm_outbox: ["last_error", "payload"],
  dev_email_outbox: ["body", "headers", "mailbox", "message_id", "subject", "to_address"],
  engine_drafting_tasks: ["input"],
  engine_rep_tasks: ["at_once_held", "body", "skip_note", "subject", "to_id"],
  idempotency_keys: ["response_body"],
  inbound_reviews: [
    "body",
    "classification",
    "excerpt",
    "from_address",
    "message_id",
    "subject",
    "trust",
    "why_untrusted",
  ],
  inbox_messages: ["address", "message_id", "outcome"],
  mail_webhook_events: ["details", "diagnostic", "original_message_id", "reason", "recipient"],
  // a person's own mailbox (issue 67): its address, the account behind it, its errors and state's words
  mailbox_connections: ["last_error", "mailbox", "provider_account", "smtp_username", "status_reason"],
  mailbox_deliverability: ["mailbox"],
  mailbox_inboxes: ["mailbox", "username"],
  mailbox_oauth_grants: ["mailbox"],
  mailbox_limits: ["mailbox"],
  mailbox_send_counts: ["mailbox"],
  meetings: ["cancel_reason", "invitee_email", "invitee_name", "title"],
  notification_outbox: ["payload", "recipient"],
  // crm_user_id: the person's user id in the CRM (0430), an identifier of them elsewhere
  principals: ["booking_url", "crm_user_id", "display_name", "email"],
  // a message's id in the person's mailbox (Gmail's or Graph's): singles out the message, as a Message-ID does
  provider_inbox_messages: ["provider_message_id"],
  sales_send_queue: ["error"],
  sessions: ["ip", "user_agent"],
  staged_drafts: ["body", "context", "original_body", "reject_reason", "subject", "to_id"],
  // a signal (issue 69): the address and domain it came with, the source's id of the event, what
  // it carries (a page's path and title, a referrer) and where it can be checked (a profile's URL)
  signal_actions: ["note"],
  signal_visitor_events: ["anonymous_id", "attributes", "evidence_url", "external_id"],
  signals: ["attributes", "domain", "email", "email_key", "evidence_url", "external_id"],
  suppressions: ["value"],
};

/**
 * Expression indexes over personal columns: ANALYZE gathers statistics of an index's expression
 * columns (lower(email)) apart from the table's, so they are kept out too (index → its columns' positions).
 */
export const PERSONAL_INDEX_EXPRESSIONS: Readonly<Record<string, readonly number[]>> = {
  contacts_email_idx: [2],
  contacts_email_search_idx: [2],
  contacts_name_search_idx: [2],
  principals_person_email_idx: [2],
};

/** A play and its archived copy: the team's (or a brain agent's) hypothesis and settings. */
const PLAY_COLUMNS = [
  "edits_during_review",
  "hypothesis",
  "name",
  "retire_reason",
  "retrospective_outcomes",
  "scope",
  "segment",
  "state",
  "success_criteria",
  "suggested_cadence",
  "target_definition",
  "writer_agent_id",
];

/** table → the columns that hold no person's data: states, kinds, keys, hashes, secrets, settings, templates, counts. */
export const IMPERSONAL_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  // a company, not a person (an erasure keeps the account)
  accounts: ["country", "domain", "icp_tier", "lifecycle_stage", "name", "segment", "time_zone", "vertical"],
  address_bounce_counts: ["last_status"],
  // an agent's request for a person's decision (0700): what it asks and how it ended, by ids; an
  // automation change (0760) names a class and the agent's reason, which the tool asks to name no person
  agent_approval_requests: [
    "automation_change",
    "exit_reason",
    "expected_enrollment",
    "kind",
    "outcome",
    "status",
    "tool",
  ],
  api_tokens: ["label", "token_hash"],
  // Attio's webhook (0730): Attio's ids, the sealed secret, the deliveries' keys and body hashes (ids only)
  attio_webhook_deliveries: ["body_sha256", "idempotency_key"],
  attio_webhooks: ["attio_webhook_id", "attio_workspace_id", "people_object_id", "secret_sealed"],
  audit_log: ["action"],
  baton_migrations: ["name"],
  baton_owner_settings: ["name", "reason", "set_by", "value"],
  brain_agents: ["agent_id", "name"],
  brain_proposals: ["agent_id"],
  cadence_event_log: [
    "channel",
    "compliance_status",
    "coordinator_action",
    "event_type",
    "originating_agent_id",
    "resolution",
    "sequence_type",
    "suppressed_reason",
  ],
  campaign_contacts: [
    "claimed_by",
    "exit_reason",
    "goal",
    "hold_reason",
    "originating_agent_id",
    "sequence_type",
    "status",
  ],
  campaign_handoffs: [
    "exit_reason",
    "gate_role",
    "goal",
    "routed_campaign_ids",
    "routed_enrollment_ids",
    "status",
  ],
  campaign_replies: [
    "action",
    "channel",
    "classified_by",
    "decided_intent",
    "decision",
    "exit_reason",
    "held",
    "intent",
    "language",
    // 0800: base:<digest 12> or tenant:<n>
    "model_version",
    "policy_effects",
    "triage",
  ],
  // the team's templates, filled in per contact only in drafts and sends
  campaign_sequences: [
    "body_template",
    "channel",
    "content_type",
    "subject_template",
    "template_instructions",
    "thread",
    "variants",
  ],
  campaigns: [
    "approval_policy",
    "kind",
    "name",
    "on_exit",
    "owner_role",
    "personal_send",
    "reply_policy",
    "required_legal_basis",
    "send_window",
    "slug",
    "status",
    "type",
  ],
  channel_deliveries: ["channel", "idempotency_key", "sent_as", "status", "transport"],
  clients: ["name"],
  contacts: ["country", "crm_lifecycle_stage", "crm_owner_id", "legal_basis", "time_zone"],
  coordinator_flags: ["dedup_key", "flag_type", "resolution", "status"],
  crm_activities: ["channel", "content_type"],
  crm_deals: ["stage"],
  crm_links: ["adapter", "kind"],
  // the grant in flight: hashes, sealed secrets, the CRM portal's id (a company's)
  crm_oauth_grants: [
    "code_verifier_sealed",
    "pending_account",
    "previous_account",
    "provider",
    "state_hash",
    "tokens_sealed",
  ],
  crm_oauth_tokens: [
    "access_token_sealed",
    "account_ref",
    "instance_url",
    "provider",
    "refresh_token_sealed",
    "user_ref",
  ],
  crm_outbox: ["locked_by", "op", "status"],
  crm_sync_cursors: ["cursor", "provider"],
  // a data-protection request made in a reply (0680): its kind and state; the person is its contact_id
  data_requests: ["kind", "status"],
  dev_email_outbox: ["idempotency_key"],
  dkim_keys: ["domain", "private_key_enc", "public_key_b64", "selector"],
  email_sign_in_links: ["code_hash"],
  engine_campaign_drafters: ["drafter"],
  engine_drafting_tasks: ["leased_by_agent_id", "status"],
  engine_rep_tasks: ["assignee_role", "channel", "kind", "outcome", "skip_reason", "status"],
  // no personal data by design (erase-contact.ts step 7)
  erasure_log: ["removed", "request_reference", "requested_by_agent_id"],
  event_log_cursors: ["consumer"],
  event_log_daily: ["action", "cohort", "kind", "reason"],
  idempotency_keys: ["idem_key", "method", "path", "request_hash", "response_type", "state"],
  idp_settings: [
    "allowed_domains",
    "issuer",
    "oidc_client_id",
    "oidc_client_secret",
    "role_claim",
    "role_map",
    "scopes",
  ],
  // the import's report keeps where a row is and what happened, never its data (import-job.ts)
  import_job_rows: ["action", "reason"],
  import_jobs: ["counts", "error", "kind", "on_duplicate", "report", "status"],
  inbound_reviews: ["outcome", "paused", "status"],
  inbox_messages: ["delivery_message_id", "kind", "matched_by", "status_code"],
  learning_funnel_rollup: ["metric", "variant"],
  learning_retrospective_revisions: ["action", "notes", "outcomes"],
  learning_retrospectives: ["draft_text", "measured", "outcomes", "status"],
  learning_variant_winners: ["variant"],
  mail_webhook_events: [
    "feedback_type",
    "kind",
    "outcome",
    "provider",
    "provider_event_id",
    "provider_message_id",
    "status",
    "why",
  ],
  mail_webhook_tokens: ["token"],
  mail_webhooks: ["provider", "secret_enc", "settings"],
  // sealed secrets, hosts, the provider's cursor and vocabularies
  mailbox_connections: [
    "access_token_sealed",
    "provider",
    "read_cursor",
    "refresh_token_sealed",
    "scopes",
    "secret_sealed",
    "smtp_host",
    "status",
  ],
  mailbox_deliverability: ["reason", "status"],
  mailbox_oauth_grants: ["code_verifier_sealed", "provider", "state_hash"],
  mailbox_inboxes: [
    "auth_kind",
    "claimed_by",
    "folder",
    "host",
    "last_error",
    "oauth_provider",
    "secret_enc",
    "secret_env",
    "status",
    "trusted_authserv_ids",
  ],
  meeting_webhooks: ["provider", "secret_enc"],
  meetings: ["held", "matched_by", "provider", "provider_event_id", "review_status", "status"],
  notification_deliveries: ["last_error", "status"],
  notification_outbox: ["kind", "recipient_kind"],
  notification_webhooks: ["description", "event_types", "secret", "url"],
  oidc_sign_in_states: ["code_verifier", "nonce", "state_hash"],
  // MCP clients' OAuth (0420): ids, hashes of tokens, scopes; the payloads hold principal ids, the
  // client's registered name and addresses, never a person's name or address (the provider is
  // given the principal's id alone)
  oauth_access_token_issues: ["app_id", "grant_id", "scopes", "token_hash"],
  oauth_grants: ["app_id", "grant_id", "payload", "scopes"],
  oauth_records: ["key_hash", "model", "payload", "uid_hash"],
  oauth_tokens: ["grant_id", "model", "payload", "token_hash"],
  play_cap_locks: ["cap_key"],
  play_execution_requests: ["action"],
  plays: PLAY_COLUMNS,
  plays_archive: PLAY_COLUMNS,
  principals: ["agent_id", "kind", "roles"],
  // automation earned per class (0760): an intent, a language code, a state
  reply_automation_classes: ["intent", "language", "state"],
  // 0800: the model is weights over the base model's features (src/replies/tenant-model.ts): no word
  // of any reply; the digest names the base model, the reason a fixed word
  reply_model_versions: ["base_digest", "model", "reason"],
  sales_send_queue: ["channel", "claimed_by", "idempotency_key", "status", "variant"],
  segments: ["name", "segment"],
  // the sender's company (CAN-SPAM's postal address), not a contact
  sender_identities: ["company_name", "postal_address"],
  sessions: ["csrf_token", "id_hash", "method"],
  // keyed by a hash of the IP or address (throttle-sign-in.ts)
  sign_in_throttle: ["bucket"],
  // the signal catalogue, the page rules and the webhook sources (issue 69): the team's settings;
  // a source's last refusal is a code and Baton's own words, its secret sealed
  signal_actions: ["kind", "subject"],
  signal_page_rules: ["kind", "pattern", "type"],
  signal_sources: ["kind", "last_refusal", "name", "secret_sealed"],
  signal_types: ["account_reach", "label", "name", "side"],
  signal_type_defaults: ["name"],
  signal_visitor_events: ["source", "type"],
  signals: ["source", "subject", "type"],
  staged_drafts: ["channel", "drafted_by", "status"],
  suppressions: ["kind", "reason", "source"],
  // the team's own organisation (issue 61): names and descriptions of teams and territories, as
  // the team's templates are, and a territory's rule on account fields
  team_members: ["role"],
  // the workspace's book setting (issue 61): tenant, team or own
  book_settings: ["scope"],
  teams: ["description", "name"],
  territories: ["definition", "name"],
};

/** "table.column" of every personal column, sorted. */
export function personalColumnNames(): string[] {
  return Object.entries(PERSONAL_COLUMNS)
    .flatMap(([t, cols]) => cols.map((c) => `${t}.${c}`))
    .sort();
}
