-- The engine's queue tables are updated several times per step (claim, advance or release, send,
-- exit). Room on each page lets most of those updates stay HOT (no new index entries: the claim
-- columns are not indexed), and frequent autovacuum/analyze keeps the due-work indexes free of dead
-- entries and the planner's row estimates current, so a claim reads only the head of the queue.
alter table campaign_contacts set (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02,
                                   autovacuum_analyze_scale_factor = 0.02);
alter table sales_send_queue set (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02,
                                  autovacuum_analyze_scale_factor = 0.02);
