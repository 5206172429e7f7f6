// What the coordinator would decide for a prospect action (POST /api/v1/coordinator/preview, which
// writes nothing), asked for and said in words, and what an exit does next (the campaign's on_exit).
import { get, post } from "../../api.ts";
import type { ApiResponse } from "../../api-types.ts";
import type { Campaign } from "../../campaigns.ts";
import { label } from "../../format.ts";

export type Preview = ApiResponse<"previewCoordinator">;

const GATE_NAMES: Record<number, string> = {
  1: "compliance",
  2: "ABM backstop",
  3: "touch cap",
  4: "concurrency",
  5: "state transition",
};
// the gates' reasons in words (src/coordinator/contract.ts SuppressedReason, gate 5's codes)
const REASONS: Record<string, string> = {
  compliance_block: "opted out, unsubscribed, suppressed or without a legal basis",
  abm_active_suppression: "the account is ABM-active, so no nurture",
  // issue 61: the touches to all the account's people, not this prospect's own
  account_cap_exceeded: "the account's weekly cap (all its people)",
  conflict_resolved_queued: "a sequence of the other side runs and wins the conflict",
  outside_send_window: "outside the campaign's send window",
  already_enrolled: "already enrolled in this campaign",
  campaign_not_active: "the campaign is not active",
  campaign_has_no_steps: "the campaign has no steps",
  enrollment_paused: "the enrollment is paused",
  sequence_finished: "the sequence has finished",
  not_activated: "the enrollment waits for its activation",
};

/** "2 Dec 14:00 UTC" */
export function day(iso: string): string {
  const d = new Date(iso);
  const date = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  return `${date} ${d.toISOString().slice(11, 16)} UTC`;
}

/** The coordinator's verdict in words, e.g. "Would be queued: gate 3 touch cap, 3 of 3 this week, until 2 Dec 14:00 UTC". */
export function verdictText(p: Preview): string {
  const f = p.facts;
  if (p.verdict === "allowed")
    return `Would be allowed: all five gates pass (${f.touches_in_window} of ${f.weekly_touch_cap} touches this week).`;
  const gate = p.gate ? `gate ${p.gate} ${GATE_NAMES[p.gate] ?? ""}` : "a gate";
  let detail = REASONS[p.reason ?? ""] ?? label(p.reason);
  if (p.reason === "touch_cap_exceeded")
    detail =
      p.resolution === "campaign_weekly_cap"
        ? "the campaign's weekly cap"
        : f.touches_in_window >= f.weekly_touch_cap
          ? `${f.touches_in_window} of ${f.weekly_touch_cap} this week`
          : `${f.touches_today} of ${f.daily_touch_cap} today`;
  const verb = p.verdict === "queued" ? "queued" : "blocked";
  return `Would be ${verb}: ${gate}, ${detail}${p.until ? `, until ${day(p.until)}` : ""}.`;
}

export function VerdictNote({ preview, lead }: { preview: Preview; lead?: string }) {
  return (
    <p className={`verdict ${preview.verdict}`} data-testid="verdict" role="status">
      {lead ? <>{lead} </> : null}
      <strong>{verdictText(preview)}</strong>
    </p>
  );
}

export const previewOf = (body: Record<string, unknown>) =>
  post<Preview>("/api/v1/coordinator/preview", body);

/** What an exit does next: the campaign's on_exit for the reason, with the next campaign's verdict. */
export async function exitConsequence(contactId: string, slug: string, reason: string) {
  const c = await get<Campaign>(`/api/v1/campaigns/${encodeURIComponent(slug)}`);
  const target = c.on_exit?.[reason];
  if (target && typeof target === "object")
    return { text: "Then a hand-off waits for the exec, who chooses the next campaign.", preview: null };
  if (typeof target === "string") {
    const [p, next] = await Promise.all([
      previewOf({ contact_id: contactId, campaign: target }),
      get<Campaign>(`/api/v1/campaigns/${encodeURIComponent(target)}`),
    ]);
    return { text: `Then on_exit enrolls them in ${next.name}:`, preview: p };
  }
  return { text: "Then no campaign follows (on_exit names none for this reason).", preview: null };
}

export type Consequence = { text: string; preview: Preview | null };

export function ConsequenceNote({ c }: { c: Consequence }) {
  return c.preview ? (
    <VerdictNote preview={c.preview} lead={c.text} />
  ) : (
    <p className="verdict" data-testid="verdict" role="status">
      {c.text}
    </p>
  );
}
