-- Workspace: prospect search by name or email prefix (GET /api/v1/workspace/contacts), paged by
-- (lower(full_name), contact_id). text_pattern_ops lets LIKE 'abc%' use the index in any collation.
create index contacts_name_search_idx on contacts (client_id, lower(full_name) text_pattern_ops, contact_id);
create index contacts_email_search_idx on contacts (client_id, lower(email) text_pattern_ops);
