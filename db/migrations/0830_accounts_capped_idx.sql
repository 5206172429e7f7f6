-- Issue 68 item 1: a tenant without account caps pays nothing for them. The batches' account lock and
-- send-window facts (src/coordinator/snapshot/lock-accounts.ts, send-window-facts.ts) first ask
-- whether any of the tenant's accounts has a weekly cap of its own (or any segment one): with this
-- index that is one probe, whatever the number of accounts, and an account without a cap is not in it
-- (nothing to write for it).
create index accounts_capped_idx on accounts (client_id) where weekly_touch_cap is not null;
