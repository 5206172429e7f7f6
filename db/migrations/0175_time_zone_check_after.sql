-- Issue 14: the time-zone check of contacts and accounts (0125) becomes an AFTER trigger.
--
-- A BEFORE UPDATE row trigger may change any column of the row. So when a table has one, PostgreSQL
-- computes every stored generated column again on every UPDATE, even a trigger limited to
-- `update of time_zone`, and whatever the update sets. That is how PostgreSQL 15 behaves, and
-- PostgreSQL 18 (PGlite) as well: checked with a counting function on both, where 1 insert and
-- 2 updates of another column called it 3 times with the trigger and once without it.
--
-- contacts has two such columns, email_key and email_domain (0130), and the coordinator and the engine
-- update a contact on every allowed step and every touch. The check only reads the row and raises, so
-- as an AFTER trigger it refuses the same writes, with the same SQLSTATE (BX001), message and detail,
-- at the end of the statement instead of before the row is stored. Updates that leave the email alone
-- then keep the stored keys as they are.
drop trigger contacts_time_zone_valid on contacts;
create trigger contacts_time_zone_valid after insert or update of time_zone on contacts
  for each row execute function baton_check_time_zone();
drop trigger accounts_time_zone_valid on accounts;
create trigger accounts_time_zone_valid after insert or update of time_zone on accounts
  for each row execute function baton_check_time_zone();
