-- Issue 40: the erasure's sweep (src/prospects/redact-everywhere.ts) reads a text[] column as one
-- string, array_to_string(col, chr(31)). array_to_string is STABLE (it takes any array, whose
-- elements' output may depend on settings), and Citus refuses a STABLE function over a column in an
-- UPDATE ("STABLE functions used in UPDATE queries cannot be called with column references"): on a
-- cluster every erasure of a tenant with such a column failed (ERASURE_INCOMPLETE on campaigns).
-- For text[] the result depends on nothing but the array, so this wrapper is IMMUTABLE.
select set_config('search_path', format('%I, pg_temp', current_schema()), true);

create function baton_join_texts(a text[]) returns text
  language sql immutable strict parallel safe
  as $$ select array_to_string(a, chr(31)) $$;
