-- Issue 56 item 2: the triage view shows a reply's subject, which the inbox kept with the message
-- (inbox_messages.outcome->>'subject'); a reply row names its message by Message-ID. One index probe
-- a reply instead of a scan of the tenant's inbox. Keyed by client_id first (Citus).
create index inbox_messages_message_idx on inbox_messages (client_id, message_id);
