// Issue 37 item 3: what a change to a running campaign does to the enrollments in it, said before
// it is saved. Pure: the live enrollments come in as counts by the step each takes next. The rules
// it describes are the engine's (docs/campaigns.md): live enrollments follow the new steps from
// their current step; a send already scheduled keeps its time; an enrollment past the new last
// step ends (no_engagement); pausing or archiving stops new enrollments, not the live ones, and
// on_exit routes into a campaign that is not active are skipped.
import type { CampaignPatch } from "./define-campaign.ts";
import type { OnExitMap } from "./exit-reasons.ts";

/** Live enrollments (queued, active, paused) that take step `next_step` next (n + 1: all taken). */
export interface StepPosition {
  next_step: number;
  count: number;
}

export interface CurrentDefinition {
  status: string;
  on_exit: OnExitMap;
  send_window: unknown;
  steps: readonly { step_number: number; delay_days: number }[];
}

export type ImpactKind = "steps" | "removed_steps" | "scheduled_delay" | "on_exit" | "status" | "send_window";

export interface ChangeImpact {
  kind: ImpactKind;
  /** enrollments this part of the change reaches */
  affected: number;
  sentence: string;
}

export interface DefinitionImpact {
  live: number;
  changes: ChangeImpact[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const verb = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The fields of a step the engine and drafter use, in one comparable string. */
function stepKey(s: Record<string, unknown>): string {
  const { step_number: _, ...rest } = s;
  const norm: Record<string, unknown> = { thread: "new", variants: null, ...rest };
  for (const k of Object.keys(norm)) if (norm[k] === undefined) delete norm[k];
  if (Array.isArray(norm.variants) && norm.variants.length === 0) norm.variants = null;
  return JSON.stringify(Object.fromEntries(Object.entries(norm).sort(([a], [b]) => a.localeCompare(b))));
}

const bySteps = <T extends { step_number: number }>(xs: readonly T[]) =>
  [...xs].sort((a, b) => a.step_number - b.step_number);

function countWhere(positions: readonly StepPosition[], ok: (next: number) => boolean): number {
  return positions.reduce((n, p) => n + (ok(p.next_step) ? p.count : 0), 0);
}

function stepsImpact(
  before: CurrentDefinition["steps"],
  after: NonNullable<CampaignPatch["steps"]>,
  positions: readonly StepPosition[],
): ChangeImpact[] {
  const a = bySteps(before);
  const b = bySteps(after);
  const changed: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!a[i] || !b[i] || stepKey({ ...a[i] }) !== stepKey({ ...b[i] })) changed.push(i + 1);
  }
  if (changed.length === 0) return [];
  const first = changed[0];
  const last = changed.at(-1)!;
  const out: ChangeImpact[] = [];
  const removed = (n: number) => n > b.length && n <= a.length;
  const ahead = countWhere(positions, (n) => n <= first && !removed(n));
  const between = countWhere(positions, (n) => n > first && n <= last && !removed(n));
  const passed = countWhere(positions, (n) => n > last && !removed(n));
  const what = first > b.length ? "end earlier" : `take the new step ${first}`;
  const head =
    first === 1
      ? `${plural(ahead, "enrollment")} ${verb(ahead, "has", "have")} not taken step 1 yet and will ${what}`
      : `${plural(ahead, "enrollment")} ${verb(ahead, "is", "are")} at step ${first - 1} or earlier and will ${what}`;
  const parts = [head];
  if (between > 0)
    parts.push(
      `${between} ${verb(between, "has", "have")} passed step ${first} and will take the changed steps after ${verb(between, "its", "their")} current one`,
    );
  if (passed > 0)
    parts.push(
      `${passed} ${verb(passed, "has", "have")} passed ${last === first ? "it" : "every changed step"}`,
    );
  out.push({ kind: "steps", affected: ahead + between, sentence: `${parts.join("; ")}.` });

  if (b.length < a.length) {
    const ending = countWhere(positions, (n) => n > b.length && n <= a.length);
    if (ending > 0)
      out.push({
        kind: "removed_steps",
        affected: ending,
        sentence: `${plural(ending, "enrollment")} ${verb(ending, "waits", "wait")} for a step that is removed; ${verb(ending, "it ends", "they end")} (no_engagement) when that step falls due.`,
      });
  }
  // the engine sets next_send_at when the previous step runs, so a step already scheduled keeps its day
  const retimed = b.filter((s, i) => a[i] && a[i].delay_days !== s.delay_days).map((s) => s.step_number);
  const scheduled = countWhere(positions, (n) => retimed.includes(n));
  if (scheduled > 0)
    out.push({
      kind: "scheduled_delay",
      affected: scheduled,
      sentence: `${plural(scheduled, "enrollment")} already ${verb(scheduled, "has", "have")} ${verb(scheduled, "its", "their")} next step scheduled on the old day; the new days apply from the step after it.`,
    });
  return out;
}

const targetName = (t: unknown) =>
  t === null || t === undefined ? "end" : typeof t === "string" ? t : "the exec gate";

export function describeChangeImpact(
  current: CurrentDefinition,
  patch: CampaignPatch,
  positions: readonly StepPosition[],
  routedFrom: readonly string[] = [],
): DefinitionImpact {
  const live = positions.reduce((n, p) => n + p.count, 0);
  const liveText = plural(live, "live enrollment");
  const changes: ChangeImpact[] = [];
  if (patch.steps) changes.push(...stepsImpact(current.steps, patch.steps, positions));
  if (patch.on_exit) {
    const keys = new Set([...Object.keys(current.on_exit), ...Object.keys(patch.on_exit)]);
    const diff = [...keys]
      .sort()
      .filter(
        (k) =>
          JSON.stringify((current.on_exit as Record<string, unknown>)[k] ?? null) !==
            JSON.stringify(patch.on_exit?.[k] ?? null) ||
          Object.hasOwn(current.on_exit, k) !== Object.hasOwn(patch.on_exit ?? {}, k),
      );
    if (diff.length > 0)
      changes.push({
        kind: "on_exit",
        affected: live,
        sentence: `${liveText} will follow the new on_exit when they exit: ${diff
          .map((k) =>
            Object.hasOwn(patch.on_exit ?? {}, k)
              ? `${k} → ${targetName(patch.on_exit?.[k])}`
              : `${k} no longer routed`,
          )
          .join(", ")}.`,
      });
  }
  if (patch.status && patch.status !== current.status) {
    const inbound =
      routedFrom.length > 0
        ? ` on_exit routes into it from ${routedFrom.join(", ")} are skipped meanwhile.`
        : "";
    const carry =
      live === 0
        ? "no enrollment is live in it"
        : `the ${liveText} ${patch.status === "active" ? "carry on as before" : "keep taking their steps"}`;
    const sentence =
      patch.status === "active"
        ? `Resuming takes new enrollments again; ${carry}.`
        : patch.status === "paused"
          ? `Pausing stops new enrollments until you resume; ${carry}.${inbound}`
          : `Archiving closes the campaign to new enrollments for good; ${carry}.${inbound}`;
    changes.push({ kind: "status", affected: patch.status === "active" ? 0 : live, sentence });
  }
  if (
    patch.send_window !== undefined &&
    JSON.stringify(patch.send_window ?? null) !== JSON.stringify(current.send_window ?? null)
  ) {
    changes.push({
      kind: "send_window",
      affected: live,
      sentence: `The next touches of the ${liveText} go out in the new send window.`,
    });
  }
  return { live, changes };
}
