-- Issue 73 item 3: which agents may work the reply triage queue is a role, not every agent (any
-- agent could decide replies, the plays' brain agents included). An agent's roles live where a
-- person's do, in principals.roles, from their own vocabulary: 'reply_triage' (the roles.bdr,
-- roles.sales and roles.cs agents of spec 002 that answer replies). A person holds person roles
-- only, an agent agent roles only.
alter table principals drop constraint principals_kind_shape;
alter table principals drop constraint principals_roles_known;
alter table principals add constraint principals_roles_known
  check (roles <@ array['revops', 'slm', 'exec', 'rep', 'admin', 'reply_triage']::text[]);
alter table principals add constraint principals_kind_shape check (
  (kind = 'person' and agent_id is null and roles <@ array['revops', 'slm', 'exec', 'rep', 'admin']::text[])
  or (kind = 'agent' and agent_id is not null and roles <@ array['reply_triage']::text[])
);

-- an agent that has decided a reply in triage keeps doing so
update principals p
   set roles = array['reply_triage']
 where p.kind = 'agent'
   and exists (select 1 from campaign_replies r
                where r.client_id = p.client_id and r.decided_by_principal_id = p.principal_id);
