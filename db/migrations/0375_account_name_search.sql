-- Find an account by name or domain prefix (issue 58: the MCP tool find_accounts), paged by
-- (lower(name), account_id) in "C" order, as contacts are in 0090: one index serves both
-- LIKE 'abc%' and a page's ORDER BY, whatever the database's default collation.
create index accounts_name_search_idx on accounts (client_id, (lower(name) collate "C"), account_id);
create index accounts_domain_search_idx on accounts (client_id, (lower(domain) collate "C"));
