// Why a rep may skip a task (issue 60 item 4), with the words a person reads: the keys are 0390's
// check on engine_rep_tasks.skip_reason, the API's enum and the workspace's select. Pure (the
// workspace imports it).

export const REP_TASK_SKIP_REASONS = {
  not_connected: "Cannot message them (not connected)",
  not_on_linkedin: "Profile not found",
  wrong_person: "Wrong person",
  already_in_touch: "Already in touch another way",
  bad_timing: "Not the right time",
  other: "Other",
} as const;

export type RepTaskSkipReason = keyof typeof REP_TASK_SKIP_REASONS;
