-- Replies read from the mailbox a person connected (issue 67 item 6): a Google mailbox through the
-- Gmail API's history feed, a Microsoft one through Graph's delta feed, with the consent it was
-- connected with (src/inbox/read-provider-mailbox.ts).
--
-- Each such mailbox is read as an IMAP one is: a mailbox_inboxes row (auth_kind 'gmail_api' or
-- 'graph', created by the inbox worker for every connected mailbox that may be read), leased by the
-- same workers, its messages recorded in inbox_messages and its untrusted replies in
-- inbound_reviews, which both reference mailbox_inboxes. Such a row holds no credential: the tokens
-- stay sealed in mailbox_connections, and host/port/username say where it is read (the API's host,
-- 443, the address). Its UIDVALIDITY is 1 and never changes; its UIDs are a per-mailbox counter
-- assigned as messages are first fetched.
alter table mailbox_inboxes drop constraint mailbox_inboxes_auth_kind_check;
alter table mailbox_inboxes add constraint mailbox_inboxes_auth_kind_check
  check (auth_kind in ('password', 'xoauth2', 'gmail_api', 'graph'));
alter table mailbox_inboxes drop constraint mailbox_inboxes_secret;
alter table mailbox_inboxes add constraint mailbox_inboxes_secret check (
  (auth_kind = 'password' and (secret_enc is not null or secret_env is not null))
  or (auth_kind = 'xoauth2' and oauth_provider is not null)
  or (auth_kind in ('gmail_api', 'graph') and secret_enc is null and secret_env is null));

-- The provider's own id of each message read (Gmail's message id, Graph's item id) and the UID it
-- was given: a message the feed names twice (a page read again after a crash, Graph reporting a
-- change to it, the fallback listing after a too-old cursor) keeps its UID, so inbox_messages'
-- row makes it processed once.
create table provider_inbox_messages (
  client_id            text not null,
  mailbox_id           uuid not null,
  provider_message_id  text not null
    constraint provider_inbox_messages_provider_message_id_check check (length(provider_message_id) <= 500),
  uid                  bigint not null check (uid > 0),
  first_seen_at        timestamptz not null default now(),
  primary key (client_id, mailbox_id, provider_message_id),
  unique (client_id, mailbox_id, uid),
  foreign key (client_id, mailbox_id) references mailbox_inboxes (client_id, id) on delete cascade
);
select baton_keep_out_of_statistics('provider_inbox_messages', 'provider_message_id');
