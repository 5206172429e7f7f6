-- The hot path per tenant: spec 000 indexes 1 and 2 (0002) lead with state/segment across tenants, so
-- a segment name shared by many tenants makes the scan filter other tenants' rows. These partial
-- indexes lead with the tenant; the spec's indexes stay as specified.
create index plays_active_tenant_segment_idx on plays (client_id, segment) where state = 'active';
create index plays_active_tenant_account_idx on plays (client_id, account_id)
  where state = 'active' and account_id is not null;
