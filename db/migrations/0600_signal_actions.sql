-- The Signals view's actions (issue 69 item 4): a person dismisses a hot account or person (hidden
-- until a signal newer than the dismissal comes in), or makes a follow-up task of it (open until
-- done). Enrolling into the matching play is no row here: it goes through the play execution path
-- and the coordinator like any proposal.
create table signal_actions (
  client_id               text not null references clients (client_id),
  action_id               uuid not null default gen_random_uuid(),
  kind                    text not null constraint signal_actions_kind_check check (kind in ('dismiss', 'task')),
  subject                 text not null constraint signal_actions_subject_check check (subject in ('contact', 'account')),
  contact_id              uuid,
  account_id              uuid,
  note                    text constraint signal_actions_note_check check (length(note) <= 500),
  due_at                  timestamptz,
  acted_at                timestamptz not null,
  acted_by_principal_id   uuid not null,
  done_at                 timestamptz,
  primary key (client_id, action_id),
  foreign key (client_id, contact_id) references contacts (client_id, contact_id),
  foreign key (client_id, account_id) references accounts (client_id, account_id),
  foreign key (client_id, acted_by_principal_id) references principals (client_id, principal_id),
  constraint signal_actions_subject_known check (
    (subject = 'contact' and contact_id is not null) or (subject = 'account' and account_id is not null and contact_id is null))
);
create index signal_actions_contact_idx on signal_actions (client_id, contact_id) where contact_id is not null;
create index signal_actions_account_idx on signal_actions (client_id, account_id) where subject = 'account';
select baton_keep_out_of_statistics('signal_actions', 'note');
