-- Issue 14 items 2 and 3: contacts.email_key is a stored generated column (0130), and PostgreSQL 15
-- computes it again on every UPDATE of a contact row, whatever the update changes. The coordinator
-- and the engine update the contact on every allowed step and every touch (active_sequence_id,
-- current_step, last_touch_at), so each of those updates called baton_email_key. As LANGUAGE sql with
-- a FROM and a WITH, the function cannot be inlined, and PostgreSQL parsed and planned its body on
-- every call: track_functions on the coordinator's bench counted 2,115 calls in 3,000 decisions at
-- 0.18 ms each. The same normalization in PL/pgSQL, as plain expressions on variables, costs a few
-- microseconds; the result is the same for every input (test/prospects compares it with
-- normalizeEmail() over the same cases as before).
--
-- baton_domain_suffixes (0130) had the same form (a FROM over generate_series) and is called by the
-- coordinator's prospect facts for every contact it checks against the domain suppressions; it
-- becomes a loop with the same result, '{}' for a null or empty domain.
create or replace function baton_email_key(email text) returns text
language plpgsql immutable parallel safe as $$
declare
  e text := lower(btrim(email));
  v_local text;
  v_domain text;
begin
  if e is null or position('@' in e) = 0 then
    return null;
  end if;
  v_local := regexp_replace(e, '@[^@]*$', '');
  v_domain := substring(e from '@([^@]*)$');
  if v_domain = 'googlemail.com' then
    v_domain := 'gmail.com';
  end if;
  if v_domain in ('gmail.com') then
    v_local := replace(regexp_replace(v_local, '\+.*$', ''), '.', '');
  elsif v_domain in ('outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com',
                     'mac.com', 'fastmail.com', 'fastmail.fm', 'protonmail.com', 'proton.me',
                     'pm.me', 'hey.com') then
    v_local := regexp_replace(v_local, '\+.*$', '');
  end if;
  return v_local || '@' || v_domain;
end $$;

create or replace function baton_domain_suffixes(domain text) returns text[]
language plpgsql immutable parallel safe as $$
declare
  p text[] := string_to_array(domain, '.');
  r text[] := '{}';
begin
  for i in 1 .. coalesce(array_length(p, 1), 0) loop
    r := r || array_to_string(p[i:], '.');
  end loop;
  return r;
end $$;
