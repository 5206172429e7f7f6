-- Issue 69: the default signal types reach every workspace. Until now the defaults were written only
-- into an empty catalogue, so a workspace whose catalogue was made before a default was added (the
-- four types of the CRM's changes: crm_title_change, crm_owner_change, job_change,
-- company_change_unconfirmed) refused those signals. Now each tenant records the defaults it was
-- offered: a default it was never offered is added to its catalogue (src/signals/signal-types.ts),
-- one it was offered and RevOps removed stays removed, and one RevOps changed is never overwritten.
create table signal_type_defaults (
  client_id   text not null references clients (client_id),
  name        text not null,
  offered_at  timestamptz not null default now(),
  primary key (client_id, name)
);
-- the first defaults were written together into each catalogue (0580): a catalogue that has any
-- was offered them all (one it lacks now, RevOps removed)
insert into signal_type_defaults (client_id, name)
select c.client_id, d.name
  from (select distinct client_id from signal_types) c
 cross join (values ('pricing_page_visit'), ('demo_request'), ('trial_signup'), ('product_usage_spike'),
                    ('funding_round'), ('job_posting'), ('tech_adopted'), ('crm_stage_change'),
                    ('content_download'), ('webinar_attended'), ('email_engaged')) d (name);
-- the four added with the CRM's changes join each existing catalogue, unless a type of that name is
-- there already (RevOps' own, kept as it is)
insert into signal_types (client_id, name, label, side, weight, half_life_days, account_reach)
select c.client_id, d.name, d.label, d.side, d.weight, d.half_life_days, d.account_reach
  from (select distinct client_id from signal_type_defaults) c
 cross join (values
   ('crm_title_change', 'Took a new title in the CRM', 'sales', 20, 30, 'none'),
   ('crm_owner_change', 'Got a new owner in the CRM', 'sales', 10, 14, 'none'),
   ('job_change', 'Moved to a new company', 'sales', 50, 60, 'none'),
   ('company_change_unconfirmed', 'Shows another company in the CRM (to confirm)', 'sales', 15, 30, 'none'))
   d (name, label, side, weight, half_life_days, account_reach)
on conflict (client_id, name) do nothing;
insert into signal_type_defaults (client_id, name)
select c.client_id, d.name
  from (select distinct client_id from signal_type_defaults) c
 cross join (values ('crm_title_change'), ('crm_owner_change'), ('job_change'),
                    ('company_change_unconfirmed')) d (name)
on conflict (client_id, name) do nothing;
