-- The sender identity of a tenant's commercial email (issue 41 item 4): CAN-SPAM (15 U.S.C. 7704)
-- and CASL require a valid postal address and a visible way to unsubscribe in the body of
-- commercial mail. Every non-transactional email gets a footer with the company, this address and
-- the same signed unsubscribe link as its List-Unsubscribe header; without a row here, such an
-- email is refused (SENDER_ADDRESS_MISSING), never sent without the address.
create table sender_identities (
  client_id        text primary key references clients (client_id),
  company_name     text not null check (length(btrim(company_name)) between 1 and 200),
  postal_address   text not null check (length(btrim(postal_address)) between 10 and 500),
  updated_at       timestamptz not null default now(),
  updated_by_principal_id uuid,
  foreign key (client_id, updated_by_principal_id) references principals (client_id, principal_id)
);
