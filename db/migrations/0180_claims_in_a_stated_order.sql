-- Issue 14 item 7 ("for a fixed seed, the same report"): the engine's claims take their rows in a
-- stated order. The due-step claim picked "order by next_send_at limit n" and the due-send claim
-- "order by scheduled_at limit n": among rows due at the same instant, which ones a pass took first
-- was the order the index or the heap gave them. In the simulation many enrollments fall due at the
-- same simulated instant, and which of them a pass takes decides whose touch is counted first by the
-- touch cap, so the quarter's report followed the rows' physical order: an engine change that writes
-- a row fewer (or a migration that changes a plan) moved it. The claims now order by the id after the
-- time, and each index carries the id, so the claim still reads the first n entries of its index.
drop index campaign_contacts_due_idx;
create index campaign_contacts_due_idx on campaign_contacts (next_send_at, id)
  where status in ('queued', 'active', 'paused');
drop index sales_send_queue_due_idx;
create index sales_send_queue_due_idx on sales_send_queue (scheduled_at, id) where status = 'approved';
