// spec 000 refusals. Triggers in db/migrations/0010_plays_rules.sql raise the BP SQLSTATEs with JSON
// facts in DETAIL; the API checks the same rules first and throws the same codes.
import { defineErrors } from "../errors/define.ts";

const names = (plays: { name: string }[] | undefined) => (plays ?? []).map((p) => p.name).join(", ");
const list = (plays: { play_id: string; name: string }[] | undefined) =>
  (plays ?? []).map((p) => `${p.name} (${p.play_id})`).join(", ");

export const playErrors = defineErrors({
  PLAY_ILLEGAL_TRANSITION: {
    status: 409,
    sqlstate: "BP001",
    rule: "spec 000: allowed transitions are draft→under_review, draft→retired, under_review→active, under_review→retired, active→retired; retired is terminal",
    message: (f) => `A play cannot go from ${f.from ?? "nothing"} to ${f.to}.`,
    next: (f) =>
      f.from === "retired"
        ? "A retired play is terminal: copy it into a new draft (POST /api/v1/plays/{id}/copy) to re-launch it."
        : "Read the play's state and use the action allowed from it (pick up, approve, retire).",
  },
  PLAY_WRITE_FORBIDDEN: {
    status: 403,
    sqlstate: "BP002",
    rule: "spec 000: who may write what (brain agents draft; RevOps and SLM review; both approve; RevOps retires)",
    message: (f) => `${f.actor ?? "This principal"} may not ${f.action ?? "make this change"}.`,
    next: (f) => `Ask someone with ${f.required ?? "the required role"} to do it.`,
  },
  PLAY_SELF_DOUBLE_APPROVAL: {
    status: 403,
    sqlstate: "BP003",
    rule: "spec 000: activation needs an SLM and a RevOps approval by two distinct people",
    message: () => "The same person cannot give both the sales-leader and the RevOps approval.",
    next: () => "Ask a second person who holds the other role to approve.",
  },
  PLAY_SEGMENT_CAP_REACHED: {
    status: 409,
    sqlstate: "BP004",
    rule: "spec 000: hard volume cap per segment, enforced at write time",
    // in words for people (issue 37): the plays by name; their ids stay in the facts (active_plays)
    message: (f) =>
      `Segment ${f.segment} has ${f.active} of ${f.cap} active plays. Retire one to activate this play: ${names(f.active_plays)}.`,
    next: () => "Retire one of the segment's active plays, then approve this play again.",
  },
  PLAY_ACCOUNT_CAP_REACHED: {
    status: 409,
    sqlstate: "BP005",
    rule: "spec 000: one active account-specific play per account",
    message: (f) =>
      `Account ${f.account_id} has ${f.active} of ${f.cap} active plays; this play cannot activate. Active: ${list(f.active_plays)}.`,
    next: () => "Retire the account's active play first (or let it complete), then approve again.",
  },
  PLAY_NOT_EDITABLE: {
    status: 409,
    sqlstate: "BP006",
    rule: "spec 000: name, hypothesis, target and cadence are editable only in under_review",
    message: (f) => `Play ${f.play_id ?? ""} is ${f.state}; it can be edited only in under_review.`,
    next: (f) =>
      f.state === "draft"
        ? "Pick the draft up first (POST /api/v1/plays/{id}/pickup)."
        : "Copy a retired play into a new draft to change it; an active play is not edited.",
  },
  PLAY_FIELD_IMMUTABLE: {
    status: 409,
    sqlstate: "BP007",
    rule: "spec 000: lifecycle fields are set by their transition only; identity and lineage are fixed",
    message: (f) => `The change to ${f.field ?? "these fields"} of play ${f.play_id ?? ""} is not allowed.`,
    next: () => "Use the play's actions (pick up, edit, approve, retire); they set these fields.",
  },
  PLAY_RETIRE_REASON_INVALID: {
    status: 422,
    sqlstate: "BP008",
    rule: "spec 000: retiring requires retire_reason from the enum",
    message: (f) =>
      `Retiring a ${f.from} play needs retire_reason in ${JSON.stringify(f.allowed ?? [])}; got ${f.retire_reason ?? "none"}.`,
    next: (f) => `Send retire_reason, one of ${(f.allowed ?? []).join(", ")}.`,
  },
  PLAY_NO_ACTOR: {
    status: 403,
    sqlstate: "BP009",
    rule: "spec 000: every write to plays names its actor (src/db/actor-context.ts)",
    // reason: set when an actor was named without its live session or token (issue 58, 0350)
    message: (f) =>
      `A ${f.operation ?? "write"} to plays named no acting principal${f.reason ? `: ${f.reason}` : ""}.`,
    next: () => "Write through the Baton API or CLI, or call setActor(tx, principal) in the transaction.",
  },
  PLAY_ALREADY_APPROVED: {
    status: 409,
    sqlstate: "BP010",
    rule: "spec 000: each approval (SLM, RevOps) is given once, in under_review",
    message: (f) =>
      f.state && f.state !== "under_review"
        ? `Play ${f.play_id} is ${f.state}; approvals are given in under_review.`
        : `The ${f.role} approval of play ${f.play_id} is already given.`,
    next: () => "Read the play; it needs the other role's approval, from another person.",
  },
  PLAY_COPY_SOURCE_NOT_RETIRED: {
    status: 409,
    sqlstate: "BP011",
    rule: "spec 000: re-launching means copying a retired play into a new draft",
    message: (f) => `Play ${f.play_id} is ${f.state ?? "missing"}; only a retired play is copied.`,
    next: () => "Retire the play first, or edit it while it is under_review.",
  },
  PLAY_APPROVALS_MISSING: {
    status: 409,
    sqlstate: "BP012",
    rule: "spec 000: active requires both approvers (CHECK: active requires approvers)",
    message: (f) => `Play ${f.play_id} lacks the ${f.missing} approval.`,
    next: () => "Both an SLM and a RevOps person approve; the second approval activates the play.",
  },
  PLAY_NOT_DELETABLE: {
    status: 409,
    sqlstate: "BP013",
    rule: "spec 000 retention: plays are kept 7 years; cold plays move to the archive",
    message: (f) => `Play ${f.play_id} cannot be deleted or changed in the archive.`,
    next: () => "Retire the play instead; 'baton archive' moves cold plays to the archive.",
  },
  PLAY_DOCUMENT_INVALID: {
    status: 400,
    // BP024: a cadence whose steps are missing or not steps, refused by the database (0210)
    sqlstate: "BP024",
    rule: "spec 000: target_definition, suggested_cadence and success_criteria are JSON Schema validated",
    constraints: [
      "plays_target_definition_shape",
      "plays_suggested_cadence_shape",
      "plays_success_criteria_shape",
    ],
    message: (f) =>
      `The play's documents are invalid: ${(f.errors ?? [{ path: f.constraint, message: "has the wrong shape" }]).map((e: any) => `${e.path} ${e.message}`).join("; ")}`,
    next: () =>
      "Fix each listed path; the schemas are in the API docs (components PlayTargetDefinition, PlaySuggestedCadence, PlaySuccessCriteria).",
  },
  PLAY_UNKNOWN_SEGMENT: {
    status: 422,
    rule: "spec 000: segment matches the segment taxonomy (TerritoryDefinitions)",
    constraints: ["plays_client_id_segment_fkey"],
    message: (f) => `Segment ${f.segment ?? ""} is not in this tenant's taxonomy.`,
    next: () => "Use a segment from GET /api/v1/plays/config (segments).",
  },
  PLAY_UNKNOWN_ACCOUNT: {
    status: 422,
    rule: "spec 000: account_id is a FK to Accounts",
    constraints: ["plays_client_id_account_id_fkey"],
    message: (f) => `Account ${f.account_id ?? ""} does not exist in this tenant.`,
    next: () => "Use the id of an account of your tenant.",
  },
  PLAY_UNKNOWN_PROPOSAL: {
    status: 422,
    rule: "spec 000: originating_proposal_id is a FK to BrainAnalysisLog.proposal_id",
    constraints: ["plays_client_id_originating_proposal_id_fkey"],
    message: (f) => `Brain proposal ${f.proposal_id ?? ""} does not exist in this tenant.`,
    next: () => "Send the proposal payload to create it with the draft, or reference your own proposal's id.",
  },
  PLAY_SIGNAL_NOT_FOUND: {
    status: 422,
    rule: "issue 69 item 4: a play's proposal cites the signals it answers; each is a signal of the tenant",
    // another tenant's signal id is answered as a made-up one: its existence is not told
    message: (f) =>
      `The proposal cites ${f.missing?.length ?? 0} signal(s) this workspace does not have: ${(f.missing ?? []).slice(0, 5).join(", ")}.`,
    next: () =>
      "Cite only signal ids read from this workspace (GET /api/v1/signals/hot, MCP list_signals), or leave them out.",
  },
  PLAY_PERIOD_INVALID: {
    status: 422,
    rule: "spec 000: active_period_end is the sunset date; it cannot precede active_period_start",
    constraints: ["plays_active_period_order"],
    message: () => "active_period_end is before active_period_start.",
    next: () => "Send an active_period_end on or after the start date (default start: the activation day).",
  },
  PLAY_EXPIRED: {
    status: 409,
    sqlstate: "BP021",
    rule: "spec 000 sunset: after active_period_end a play is expired everywhere; an expired play is not revived",
    message: (f) =>
      `Play ${f.play_id ?? ""} expired after ${f.active_period_end ?? "its sunset date"}; its sunset date cannot be moved or cleared.`,
    next: () =>
      "Retire the play, then copy it into a new draft (POST /api/v1/plays/{id}/copy) to run it again through review and the caps.",
  },
  PLAY_TARGET_MIXED: {
    status: 422,
    sqlstate: "BP022",
    rule: "spec 000: a segment play names a segment; an account-specific play names an account and no segment",
    message: (f) =>
      `An account-specific play names an account and no segment${f.segment ? `; got segment ${f.segment}` : ""}.`,
    next: () => "Send scope account_specific with account_id only, or scope segment with segment only.",
  },
  PLAY_ARCHIVE_FORGED: {
    status: 409,
    sqlstate: "BP023",
    rule: "spec 000 retention: the archive holds retired plays moved there by archiving, nothing else",
    message: (f) => `Play ${f.play_id ?? ""} cannot be written into the archive.`,
    next: () =>
      "Retire the play; 'baton archive' (POST /api/v1/plays/archive) moves cold plays to the archive.",
  },
  PLAY_CAP_OUT_OF_RANGE: {
    status: 422,
    rule: "spec 000: per-segment cap 3 to 8 active plays; default 5",
    constraints: ["segments_play_cap_check", "play_library_config_default_segment_cap_check"],
    message: (f) =>
      `A segment cap must be between 3 and 8${f.value !== undefined ? `; got ${f.value}` : ""}.`,
    next: () => "Choose a cap between 3 and 8, or none (null) to use the default.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof playErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
