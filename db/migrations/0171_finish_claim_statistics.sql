-- Issue 14: the finish-sequences claim (src/engine/finish-sequences.ts) looks for enrollments that
-- are 'active' with next_send_at null (final step executed), a few hundred at a time. Nearly every
-- ended enrollment also has next_send_at null, and the planner, taking the two conditions as
-- independent, estimated thousands of candidates (25,035 against 500 on a table of 100k: 45% active
-- and due later, 54.5% ended). It then hash-joined the candidates with a sequential scan of every
-- sent, failed and cancelled send item: a cost that grows with the whole send history, paid by
-- each worker once a second, where an index probe per candidate serves. A multivariate MCV list on
-- the two columns gives the planner their joint frequencies (the same table: 520 estimated, 500 real).
create statistics campaign_contacts_status_next_send (mcv) on status, next_send_at from campaign_contacts;
