-- Issue 14 (docs/performance.md section 2): every engine step updates its contact three times (the
-- gate marks the active sequence, the touch sets last_touch_at, the exit releases it), and none of
-- those columns is indexed, so each update can stay HOT (no new entries in the table's nine indexes)
-- when the page has room. With the default fillfactor of 100 a page has none once loaded: less than
-- half of the bench's contact updates were HOT. Room on each page, as 0062 gave the queue tables;
-- frequent autovacuum keeps it free. Applies to pages written from now on.
alter table contacts set (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02,
                          autovacuum_analyze_scale_factor = 0.02);
