// The engine's refusals: approval of staged drafts, drafting tasks, rep tasks.
import { defineErrors } from "../errors/define.ts";

export const engineErrors = defineErrors({
  DRAFT_ALREADY_DECIDED: {
    status: 409,
    rule: "spec 002: each staged draft is approved or rejected once",
    message: (f) => `Draft ${f.draftId} was already ${f.status}${f.decidedAt ? ` at ${f.decidedAt}` : ""}.`,
    next: () => "Nothing to do: read the draft to see its decision. List pending drafts for the ones left.",
  },
  DRAFT_CONTACT_OPTED_OUT: {
    status: 409,
    rule: "spec 001 gate 1: nothing goes to a contact who opted out",
    message: (f) => `Draft ${f.draftId} cannot be approved: contact ${f.contactId} has opted out.`,
    next: () => "Do not contact this person. The draft was cancelled; no action is needed.",
  },
  DRAFT_NOT_SENDABLE: {
    status: 409,
    rule: "spec 002: only drafts of a live send item can be approved",
    message: (f) => `Draft ${f.draftId} cannot be approved: its send item is ${f.itemStatus}.`,
    next: () => "The touch was cancelled (exit, opt-out or block). List pending drafts for live ones.",
  },
  DRAFT_UNFINISHED: {
    status: 409,
    rule: "a draft goes out as a person finished it: no template note and no [bracketed] part left in its subject or body",
    message: (f) => `Draft ${f.draftId} is not finished. ${f.left}`,
    next: (f) =>
      `Edit, then approve: POST /api/v1/drafts/${f.draftId}/approve with the finished body and subject (in a bulk approval, give them under edits). Or reject it.`,
  },
  DRAFTING_TASK_LEASED: {
    status: 409,
    rule: "spec 002: one agent drafts a touch at a time (leased drafting task)",
    message: (f) => `Drafting task ${f.taskId} is leased by ${f.agentId} until ${f.leaseExpiresAt}.`,
    next: (f) => `Lease another task, or retry after ${f.leaseExpiresAt}.`,
  },
  DRAFTING_LEASE_NOT_HELD: {
    status: 409,
    rule: "spec 002: a draft is submitted under a live lease",
    message: (f) =>
      `Drafting task ${f.taskId} is not leased by you${f.leaseExpiresAt ? ` (lease ended ${f.leaseExpiresAt})` : ""}.`,
    next: (f) => `Lease task ${f.taskId} again (POST /api/v1/drafting-tasks/${f.taskId}/lease), then submit.`,
  },
  DRAFTING_TASK_CLOSED: {
    status: 409,
    rule: "spec 002: a drafting task is submitted once",
    message: (f) => `Drafting task ${f.taskId} is ${f.status}.`,
    next: () => "List open drafting tasks and take another one.",
  },
  REP_TASK_CLOSED: {
    status: 409,
    rule: "spec 002: a manual touch is recorded once",
    message: (f) => `Task ${f.taskId} is already ${f.status}.`,
    next: () => "Nothing to do; list your open tasks for the next one.",
  },
  REP_TASK_HELD: {
    status: 409,
    rule: "spec 002: max 1 touch per contact per day across all campaigns; spec 001 gate 3 at send time",
    message: (f) =>
      `Task ${f.taskId} cannot be done yet: contact ${f.contactId} ${f.reason === "outside_send_window" ? "is outside the campaign's send window" : "has had its touch for today (or its weekly cap)"}${f.until ? `; it may be done from ${f.until}` : ""}.`,
    next: (f) =>
      `Do not make this touch now. The task stays open${f.until ? `; do it from ${f.until}` : ""} and mark it done then.`,
  },
  REP_TASK_CANCELLED_CONTACT: {
    status: 409,
    rule: "spec 001 gate 1: nothing goes to a contact who opted out",
    message: (f) =>
      `Task ${f.taskId} was cancelled: contact ${f.contactId} can no longer be contacted (${f.reason}).`,
    next: () => "Do not send this touch. The task is closed.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof engineErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
