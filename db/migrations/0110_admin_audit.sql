-- Issue 11 (admin): people can be deactivated, tokens expire, and an append-only audit log records
-- who did what, when and from where (sign-ins, failed sign-ins, role changes, tokens, IdP changes,
-- invites and deactivations).

-- A deactivated person (or agent) signs in no more: sessions and bearer tokens of a principal with
-- deactivated_at set are refused. Null = active.
alter table principals add column deactivated_at timestamptz;

-- Sign-in and invites look people up by tenant and email, case-insensitively.
create index principals_person_email_idx on principals (client_id, lower(email)) where kind = 'person';

-- Tokens expire (null = never: demo tokens and tokens issued before this migration) and record who
-- revoked them.
alter table api_tokens
  add column expires_at timestamptz,
  add column revoked_by uuid;
create index api_tokens_principal_idx on api_tokens (client_id, principal_id);

-- The audit log: append-only (UPDATE and DELETE are refused by a row trigger, TRUNCATE by a statement
-- trigger, both with SQLSTATE BA001 = AUDIT_LOG_APPEND_ONLY).
create table audit_log (
  client_id           text not null references clients (client_id),
  audit_id            bigint generated always as identity,
  at                  timestamptz not null default now(),
  actor_principal_id  uuid,
  actor_label         text not null check (length(actor_label) between 1 and 300),
  action              text not null check (action ~ '^[a-z][a-z0-9_]{0,63}$'),
  target              text,
  details             jsonb not null default '{}' check (jsonb_typeof(details) = 'object'),
  ip                  text,
  user_agent          text,
  primary key (client_id, audit_id),
  foreign key (client_id, actor_principal_id) references principals (client_id, principal_id)
);
create index audit_log_action_idx on audit_log (client_id, action, audit_id);
create index audit_log_actor_idx on audit_log (client_id, actor_principal_id, audit_id)
  where actor_principal_id is not null;
create index audit_log_at_idx on audit_log (client_id, at);

create function baton_audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception using errcode = 'BA001', message = 'audit_log is append-only',
    detail = json_build_object('operation', tg_op, 'table', tg_table_name)::text;
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function baton_audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function baton_audit_log_append_only();
