-- Every key of a tenant table carries client_id (src/db/tenant-keys.ts: the schema stays ready to
-- distribute by tenant). A provider webhook's receiving URL names only its endpoint id, so 0230 made
-- the id unique on its own; the id is a random UUID, unique by construction, and the look-up by id
-- needs only an index. Mailgun's seen tokens are keyed per tenant.
alter table mail_webhooks drop constraint mail_webhooks_id_uniq;
create index mail_webhooks_id_idx on mail_webhooks (id);
alter table mail_webhook_tokens drop constraint mail_webhook_tokens_pkey;
alter table mail_webhook_tokens add primary key (client_id, webhook_id, token);
