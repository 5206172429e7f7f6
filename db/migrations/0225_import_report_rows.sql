-- An import's per-row report in rows of its own (issue 36 item 14). It was one jsonb value on the
-- job: a 40,000-row import wrote a 2.4 MB document in one statement, which on the embedded
-- database held the event loop for 1.4 s, and every poll of the job read and parsed all of it.
-- Now the report is written in chunks and read a page at a time. Row numbers, actions, reasons,
-- byte offsets and ids only: never the row's personal data. Jobs written before keep their jsonb.
create table import_job_rows (
  client_id    text not null,
  job_id       uuid not null,
  row_no       int not null,
  line_no      int not null,
  action       text not null check (action in ('created', 'updated', 'skipped', 'refused')),
  reason       text,
  byte_offset  bigint,
  target_id    uuid,
  primary key (client_id, job_id, row_no),
  foreign key (client_id, job_id) references import_jobs (client_id, id) on delete cascade
);
create index import_job_rows_action_idx on import_job_rows (client_id, job_id, action, row_no);
