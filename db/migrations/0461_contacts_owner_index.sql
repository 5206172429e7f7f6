-- Issue 61 item 2: a book of 'own' or 'team' reads a workspace's prospects by their owners
-- (src/books/book.ts: owner_principal_id = any(<the book's people>)). Without an index a rep owning a
-- few prospects of a large workspace had every page of their list scan the workspace's prospects in
-- name order, keeping the few that are theirs; with it the planner reads the owners' rows alone when
-- they are few, and keeps the name index when they are many.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create index contacts_owner_idx on contacts (client_id, owner_principal_id)
  where owner_principal_id is not null;
