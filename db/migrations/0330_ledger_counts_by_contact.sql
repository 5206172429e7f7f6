-- Issue 39 items 1 and 2: the caps count a message whose touch never came. On PostgreSQL an
-- auto-sent step now sends inside the step's own transaction, so a crash between the SMTP
-- conversation and that commit leaves the ledger's 'sending' row and nothing else: no send item to
-- join it to its contact. The ledger row names the contact itself (commercial mail only: a
-- transactional message never counts toward a cap, spec 001 gate 3), and the gates count the
-- contact's 'sending' rows whose send item is not 'sent' (batch-snapshot.ts loadTouchesOf).
-- No foreign key to contacts: the ledger's row is written on a second connection while the step's
-- transaction holds the contact's row lock (FOR UPDATE), and the key check's KEY SHARE lock would
-- wait for it, and the step for the message: a deadlock no database sees. The value comes from the
-- send's own item (same tenant, same key) and is only read within its tenant.
alter table channel_deliveries add column contact_id uuid;

-- the rows that can still count: the caps' window is a week (the weekly cap), the rest never counts
update channel_deliveries d set contact_id = q.contact_id
  from sales_send_queue q
 where q.client_id = d.client_id and q.idempotency_key = d.idempotency_key
   and d.status = 'sending' and d.created_at > now() - interval '8 days'
   and not exists (select 1 from campaigns c where c.client_id = q.client_id and c.id = q.campaign_id
                    and c.kind = 'transactional');

create index channel_deliveries_contact_idx on channel_deliveries (client_id, contact_id, created_at)
  where contact_id is not null;
