-- Templates a person writes (issue 37 item 4): a step may carry the subject and body of its touch
-- as Liquid templates with merge fields ({{contact.first_name}}, {{account.name}}, …). The built-in
-- drafter renders them as written (src/drafting/render-template.ts); template_instructions stays
-- the brief for AI drafters. NULL: the step has none. Which fields exist and whether a template
-- parses is checked before it is saved (src/campaigns/validate-definition.ts); the database keeps
-- the lengths and that a LinkedIn step has no subject.
alter table campaign_sequences
  add column subject_template text
    constraint campaign_sequences_subject_template_len check (length(subject_template) between 1 and 300),
  add column body_template text
    constraint campaign_sequences_body_template_len check (length(body_template) between 1 and 8000),
  add constraint campaign_sequences_subject_template_email
    check (subject_template is null or channel = 'email');
