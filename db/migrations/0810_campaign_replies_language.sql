-- The reply automation classes' list (GET /api/v1/replies/automation-classes, the Learning page)
-- shows a class for every language the tenant's replies were written in, decided on or not. It read
-- them with `select distinct language` over all the tenant's replies: a scan that grows with every
-- reply. With this index the list skips from one language to the next (a handful of index probes:
-- src/campaigns/triage/automation-classes.ts replyLanguages), whatever the number of replies.
create index campaign_replies_language_idx on campaign_replies (client_id, language);
