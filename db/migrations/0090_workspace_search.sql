-- Workspace: prospect search by name or email prefix (GET /api/v1/workspace/contacts), paged by
-- (lower(full_name), contact_id). The "C" collation makes one index serve both LIKE 'abc%' and
-- the ORDER BY of a page, whatever the database's default collation.
create index contacts_name_search_idx on contacts (client_id, (lower(full_name) collate "C"), contact_id);
create index contacts_email_search_idx on contacts (client_id, (lower(email) collate "C"));
