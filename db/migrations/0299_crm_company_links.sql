-- A CRM that keeps companies apart from people (HubSpot, Salesforce: issue 41 item 1) gets Baton's
-- account as a company record, linked by the CRM's own id like contacts and deals: crm_links kind
-- 'company', whose baton_id names an account of the same tenant (the row trigger of 0211 checks it).
alter table crm_links drop constraint crm_links_kind_check;
alter table crm_links add constraint crm_links_kind_check check (kind in ('contact', 'deal', 'company'));

create or replace function baton_crm_links_tenant_refs() returns trigger language plpgsql as $$
begin
  if (new.kind = 'contact' and not exists (
        select 1 from contacts x where x.client_id = new.client_id and x.contact_id = new.baton_id))
     or (new.kind = 'deal' and not exists (
        select 1 from campaign_contacts x where x.client_id = new.client_id and x.id = new.baton_id))
     or (new.kind = 'company' and not exists (
        select 1 from accounts x where x.client_id = new.client_id and x.account_id = new.baton_id)) then
    raise exception using errcode = '23503', constraint = 'crm_links_baton_id_tenant',
      message = format('crm_links.baton_id names no %s of tenant %s', new.kind, new.client_id),
      detail = json_build_object('table', 'crm_links', 'column', 'baton_id')::text;
  end if;
  return new;
end $$;
