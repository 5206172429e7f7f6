// The prospect page's actions (issue 37 item 2): log a reply with its class (the classifier's,
// editable), opt out, pause, resume or exit an enrollment with a reason, enroll with goal and notes.
// Each first shows what the coordinator would decide (POST /api/v1/coordinator/preview, which writes
// nothing), then the person confirms. Shown to the roles the API allows; the API checks again.
import { type ReactNode, useState } from "react";
import { get, post } from "../api.ts";
import type { ApiResponse, Schema } from "../api-types.ts";
import type { Campaign } from "../campaigns.ts";
import { label } from "../format.ts";
import { holdReasonText } from "../reply-triage.ts";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";
import { type EnrollmentExtras, EnrollmentFields, extrasBody, NO_EXTRAS } from "./enrollment-fields.tsx";
import { ErrorNote } from "./error-note.tsx";

export type Preview = ApiResponse<"previewCoordinator">;

type Enrollment = Schema<"Enrollment">;

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
const LIVE = ["queued", "active", "paused"];
const EXIT_REASONS = ["converted", "no_engagement", "rejected", "meeting", "registered", "disqualified"];
const INTENTS = ["interested", "meeting", "not_interested", "unsubscribe", "out_of_office", "other"];

/** "2 Dec 14:00 UTC" */
function day(iso: string): string {
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

function VerdictNote({ preview, lead }: { preview: Preview; lead?: string }) {
  return (
    <p className={`verdict ${preview.verdict}`} data-testid="verdict" role="status">
      {lead ? <>{lead} </> : null}
      <strong>{verdictText(preview)}</strong>
    </p>
  );
}

const previewOf = (body: Record<string, unknown>) => post<Preview>("/api/v1/coordinator/preview", body);

/** What an exit does next: the campaign's on_exit for the reason, with the next campaign's verdict. */
async function exitConsequence(contactId: string, slug: string, reason: string) {
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

type Consequence = { text: string; preview: Preview | null };

function ConsequenceNote({ c }: { c: Consequence }) {
  return c.preview ? (
    <VerdictNote preview={c.preview} lead={c.text} />
  ) : (
    <p className="verdict" data-testid="verdict" role="status">
      {c.text}
    </p>
  );
}

export function ProspectActions({
  contactId,
  optedOut,
  onChanged,
}: {
  contactId: string;
  optedOut: boolean;
  onChanged(): void;
}) {
  const { has, me } = useSession();
  const enrollments = useApi<ApiResponse<"listContactEnrollments">>(
    `/api/v1/contacts/${contactId}/enrollments`,
  );
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (me?.kind !== "person") return null;
  const acts = has("rep", "exec", "revops", "admin");
  const changed = (summary: string) => {
    setDone(summary);
    setOpen(null);
    enrollments.reload();
    onChanged();
  };
  const live = (enrollments.data?.items ?? []).filter((e) => LIVE.includes(e.status));
  const toggle = (what: string) => {
    setDone(null);
    setOpen(open === what ? null : what);
  };
  return (
    <section className="card" aria-labelledby="actions-h" data-testid="prospect-actions">
      <h2 id="actions-h">Enrollments and actions</h2>
      <ErrorNote error={enrollments.error} />
      {done ? (
        <p className="notice" data-testid="action-result" role="status">
          {done}
        </p>
      ) : null}
      {live.length === 0 && enrollments.data ? <p className="muted">No live enrollment.</p> : null}
      <ul className="timeline">
        {live.map((e) => (
          <li key={e.id} data-testid="enrollment">
            <div className="row">
              <strong>{e.campaign_name}</strong>
              <span className={`badge ${e.status === "active" ? "active" : "hold"}`}>{e.status}</span>
              <span className="muted">
                step {e.current_step}
                {e.goal ? ` · goal ${label(e.goal)}` : ""}
                {e.paused_until ? ` · paused until ${day(e.paused_until)}` : ""}
              </span>
              {holdReasonText(e.hold_reason) ? (
                <span className="badge hold" data-testid="enrollment-hold-reason">
                  {holdReasonText(e.hold_reason)}
                </span>
              ) : null}
              {acts && e.status === "active" ? (
                <button type="button" onClick={() => toggle(`pause:${e.id}`)}>
                  Pause…
                </button>
              ) : null}
              {acts && e.status === "paused" ? (
                <button type="button" onClick={() => toggle(`resume:${e.id}`)}>
                  Resume…
                </button>
              ) : null}
              {acts ? (
                <button type="button" onClick={() => toggle(`exit:${e.id}`)}>
                  Exit…
                </button>
              ) : null}
            </div>
            {open === `pause:${e.id}` || open === `resume:${e.id}` ? (
              <PauseForm
                contactId={contactId}
                enrollment={e}
                onDone={changed}
                onCancel={() => setOpen(null)}
              />
            ) : null}
            {open === `exit:${e.id}` ? (
              <ExitForm
                contactId={contactId}
                enrollment={e}
                onDone={changed}
                onCancel={() => setOpen(null)}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <div className="row actions-row">
        {acts ? (
          <button type="button" onClick={() => toggle("reply")} aria-expanded={open === "reply"}>
            Log a reply…
          </button>
        ) : null}
        {acts && !optedOut ? (
          <button type="button" onClick={() => toggle("enroll")} aria-expanded={open === "enroll"}>
            Enroll in a campaign…
          </button>
        ) : null}
        {/* stopping contact must never be harder than starting it: any person may opt someone out */}
        {!optedOut ? (
          <button
            type="button"
            className="danger"
            onClick={() => toggle("optout")}
            aria-expanded={open === "optout"}
          >
            Opt out…
          </button>
        ) : null}
      </div>
      {open === "reply" ? (
        <ReplyForm contactId={contactId} live={live} onDone={changed} onCancel={() => setOpen(null)} />
      ) : null}
      {open === "enroll" ? (
        <EnrollForm contactId={contactId} onDone={changed} onCancel={() => setOpen(null)} />
      ) : null}
      {open === "optout" ? (
        <OptOutForm contactId={contactId} live={live} onDone={changed} onCancel={() => setOpen(null)} />
      ) : null}
    </section>
  );
}

/** A form in two steps: check with the coordinator, then confirm (or go back and change). */
function TwoStep({
  title,
  checked,
  onCheck,
  confirmLabel,
  onConfirm,
  onReset,
  onCancel,
  danger,
  children,
  verdict,
  error,
  busy,
  refused,
}: {
  title: string;
  checked: boolean;
  onCheck(): void;
  confirmLabel: string;
  onConfirm(): void;
  onReset(): void;
  onCancel(): void;
  danger?: boolean;
  children: ReactNode;
  verdict: ReactNode;
  error: unknown;
  busy: boolean;
  /** the coordinator would block it: nothing to confirm */
  refused?: boolean;
}) {
  const id = title.toLowerCase().replace(/[^a-z]+/g, "-");
  return (
    <form
      className="card"
      aria-labelledby={id}
      onSubmit={(e) => {
        e.preventDefault();
        if (!checked) onCheck();
        else if (!refused) onConfirm();
      }}
    >
      <h3 id={id}>{title}</h3>
      <fieldset disabled={checked || busy}>{children}</fieldset>
      {verdict}
      <ErrorNote error={error} />
      <div className="row">
        {checked ? (
          <>
            {refused ? null : (
              <button type="submit" className={danger ? "danger" : "primary"} disabled={busy}>
                {confirmLabel}
              </button>
            )}
            <button type="button" onClick={onReset} disabled={busy}>
              Change
            </button>
          </>
        ) : (
          <button type="submit" className="primary" disabled={busy}>
            Check with the coordinator
          </button>
        )}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function PauseForm({
  contactId,
  enrollment: e,
  onDone,
  onCancel,
}: {
  contactId: string;
  enrollment: Enrollment;
  onDone(s: string): void;
  onCancel(): void;
}) {
  const resuming = e.status === "paused";
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const act = useAction();
  const check = () =>
    void act.run(async () => {
      if (!reason.trim()) throw new Error("Give a reason: it is kept in the prospect's timeline.");
      setPreview(await previewOf({ contact_id: contactId, enrollment_id: e.id, as_resumed: resuming }));
    });
  const confirm = () =>
    void act
      .run(() =>
        post(`/api/v1/enrollments/${e.id}/${resuming ? "resume" : "pause"}`, {
          reason,
          ...(!resuming && until ? { until: new Date(`${until}T00:00:00Z`).toISOString() } : {}),
        }),
      )
      .then((ok) => ok && onDone(`${e.campaign_name} ${resuming ? "resumed" : "paused"}.`));
  return (
    <TwoStep
      title={resuming ? `Resume ${e.campaign_name}` : `Pause ${e.campaign_name}`}
      checked={!!preview}
      onCheck={check}
      confirmLabel={resuming ? "Confirm resume" : "Confirm pause"}
      onConfirm={confirm}
      onReset={() => setPreview(null)}
      onCancel={onCancel}
      error={act.error}
      busy={act.busy}
      verdict={
        preview ? (
          <VerdictNote
            preview={preview}
            lead={
              resuming ? `Once resumed, step ${e.current_step}:` : `Left running, step ${e.current_step} now:`
            }
          />
        ) : null
      }
    >
      <div className="field">
        <label htmlFor={`reason-${e.id}`}>Reason</label>
        <input id={`reason-${e.id}`} value={reason} onChange={(x) => setReason(x.target.value)} />
      </div>
      {!resuming ? (
        <div className="field">
          <label htmlFor={`until-${e.id}`}>Resume by itself on (optional)</label>
          <input id={`until-${e.id}`} type="date" value={until} onChange={(x) => setUntil(x.target.value)} />
        </div>
      ) : null}
    </TwoStep>
  );
}

function ExitForm({
  contactId,
  enrollment: e,
  onDone,
  onCancel,
}: {
  contactId: string;
  enrollment: Enrollment;
  onDone(s: string): void;
  onCancel(): void;
}) {
  const [reason, setReason] = useState("disqualified");
  const [notes, setNotes] = useState("");
  const [next, setNext] = useState<Consequence | null>(null);
  const act = useAction();
  const check = () => void act.run(async () => setNext(await exitConsequence(contactId, e.campaign, reason)));
  const confirm = () =>
    void act
      .run(() => post(`/api/v1/enrollments/${e.id}/exit`, { reason, notes: notes || null }))
      .then((ok) => ok && onDone(`${e.campaign_name} ended: ${label(reason)}.`));
  return (
    <TwoStep
      title={`Exit ${e.campaign_name}`}
      checked={!!next}
      onCheck={check}
      confirmLabel="Confirm exit"
      onConfirm={confirm}
      onReset={() => setNext(null)}
      onCancel={onCancel}
      danger
      error={act.error}
      busy={act.busy}
      verdict={next ? <ConsequenceNote c={next} /> : null}
    >
      <div className="field">
        <label htmlFor={`exit-reason-${e.id}`}>Exit reason</label>
        <select id={`exit-reason-${e.id}`} value={reason} onChange={(x) => setReason(x.target.value)}>
          {EXIT_REASONS.map((r) => (
            <option key={r} value={r}>
              {label(r)}
            </option>
          ))}
        </select>
      </div>
      <div className="field grow">
        <label htmlFor={`exit-notes-${e.id}`}>Notes</label>
        <input id={`exit-notes-${e.id}`} value={notes} onChange={(x) => setNotes(x.target.value)} />
      </div>
    </TwoStep>
  );
}

/** What a reply of this class does (spec 002 process_reply). */
function replyEffect(intent: string, target: Enrollment | undefined): string {
  const where = target ? target.campaign_name : "no live enrollment";
  switch (intent) {
    case "interested":
    case "meeting":
      return target ? `${where} ends (${intent === "meeting" ? "meeting" : "converted"}).` : "Logged only.";
    case "not_interested":
      return target ? `${where} ends (rejected).` : "Logged only.";
    case "unsubscribe":
      return "They are opted out everywhere: gate 1 blocks every further touch.";
    case "out_of_office":
      return "Their active enrollments pause until the return date (or 7 days).";
    default:
      return target ? `${where} goes on.` : "Logged only.";
  }
}

function ReplyForm({
  contactId,
  live,
  onDone,
  onCancel,
}: {
  contactId: string;
  live: Enrollment[];
  onDone(s: string): void;
  onCancel(): void;
}) {
  const [text, setText] = useState("");
  const [intent, setIntent] = useState("");
  const [machine, setMachine] = useState<{ intent: string; confidence: number } | null>(null);
  const [next, setNext] = useState<Consequence | null>(null);
  const act = useAction();
  const target = live.find((e) => e.status === "active") ?? live[0];
  const consequence = async (i: string) => {
    const lead = replyEffect(i, target);
    if (target && (i === "interested" || i === "meeting" || i === "not_interested")) {
      const c = await get<Campaign>(`/api/v1/campaigns/${encodeURIComponent(target.campaign)}`);
      const keys =
        i === "not_interested"
          ? ["rejected"]
          : i === "meeting"
            ? ["meeting", "converted"]
            : ["converted", "meeting"];
      const reason = keys.find((k) => Object.hasOwn(c.on_exit ?? {}, k)) ?? keys[0];
      const n = await exitConsequence(contactId, target.campaign, reason);
      return { text: `${lead} ${n.text}`, preview: n.preview };
    }
    return { text: lead, preview: null };
  };
  const classify = () =>
    void act.run(async () => {
      const c = await post<ApiResponse<"classifyReplies">>("/api/v1/replies/classify", { text });
      setMachine(c);
      setIntent(c.intent);
      setNext(await consequence(c.intent));
    });
  const confirm = () =>
    void act
      .run(() =>
        post("/api/v1/replies", {
          contact_id: contactId,
          text,
          intent,
          received_at: new Date().toISOString(),
        }),
      )
      .then((ok) => ok && onDone(`Reply logged as ${label(intent)}.`));
  return (
    <form
      className="card"
      aria-labelledby="reply-h"
      onSubmit={(e) => {
        e.preventDefault();
        if (machine) confirm();
        else classify();
      }}
    >
      <h3 id="reply-h">Log a reply</h3>
      <div className="field">
        <label htmlFor="reply-text">What they wrote</label>
        <textarea
          id="reply-text"
          rows={4}
          value={text}
          disabled={!!machine}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {machine ? (
        <>
          <div className="field">
            <label htmlFor="reply-intent">
              Class (the classifier read {label(machine.intent)}, {Math.round(machine.confidence * 100)}%
              sure)
            </label>
            <select
              id="reply-intent"
              value={intent}
              onChange={(e) => {
                setIntent(e.target.value);
                void act.run(async () => setNext(await consequence(e.target.value)));
              }}
            >
              {INTENTS.map((i) => (
                <option key={i} value={i}>
                  {label(i)}
                </option>
              ))}
            </select>
          </div>
          {next ? <ConsequenceNote c={next} /> : null}
        </>
      ) : null}
      <ErrorNote error={act.error} />
      <div className="row">
        <button type="submit" className="primary" disabled={act.busy || !text.trim()}>
          {machine ? "Confirm and log the reply" : "Classify"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EnrollForm({
  contactId,
  onDone,
  onCancel,
}: {
  contactId: string;
  onDone(s: string): void;
  onCancel(): void;
}) {
  const campaigns = useApi<ApiResponse<"listCampaigns">>("/api/v1/campaigns", {
    status: "active",
    limit: 500,
  });
  const [slug, setSlug] = useState("");
  const [extras, setExtras] = useState<EnrollmentExtras>(NO_EXTRAS);
  const [preview, setPreview] = useState<Preview | null>(null);
  const act = useAction();
  const check = () =>
    void act.run(async () => {
      if (!slug) throw new Error("Choose a campaign first.");
      setPreview(await previewOf({ contact_id: contactId, campaign: slug }));
    });
  const confirm = () =>
    void act
      .run(() =>
        post(`/api/v1/campaigns/${encodeURIComponent(slug)}/enrollments`, {
          contact_id: contactId,
          ...extrasBody(extras),
        }),
      )
      .then(
        (ok) =>
          ok && onDone(`Enrolled in ${campaigns.data?.items.find((c) => c.slug === slug)?.name ?? slug}.`),
      );
  return (
    <TwoStep
      title="Enroll in a campaign"
      checked={!!preview}
      onCheck={check}
      confirmLabel={preview?.verdict === "queued" ? "Confirm: enroll, queued" : "Confirm enrollment"}
      refused={preview?.verdict === "blocked"}
      onConfirm={confirm}
      onReset={() => setPreview(null)}
      onCancel={onCancel}
      error={campaigns.error ?? act.error}
      busy={act.busy}
      verdict={preview ? <VerdictNote preview={preview} /> : null}
    >
      <div className="field">
        <label htmlFor="enroll-campaign">Campaign</label>
        <select id="enroll-campaign" value={slug} onChange={(e) => setSlug(e.target.value)}>
          <option value="">— choose —</option>
          {(campaigns.data?.items ?? []).map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name} ({c.kind})
            </option>
          ))}
        </select>
      </div>
      <EnrollmentFields idPrefix="enroll" value={extras} onChange={setExtras} />
    </TwoStep>
  );
}

function OptOutForm({
  contactId,
  live,
  onDone,
  onCancel,
}: {
  contactId: string;
  live: Enrollment[];
  onDone(s: string): void;
  onCancel(): void;
}) {
  const [flag, setFlag] = useState("opt_out");
  const [preview, setPreview] = useState<Preview | null>(null);
  const act = useAction();
  const check = () =>
    void act.run(async () => setPreview(await previewOf({ contact_id: contactId, sequence_type: "sales" })));
  const confirm = () =>
    void act
      .run(() => post(`/api/v1/contacts/${contactId}/opt-out`, { flag, source: "workspace" }))
      .then((ok) => ok && onDone(flag === "opt_out" ? "Opted out." : "Unsubscribed."));
  return (
    <TwoStep
      title="Opt out this prospect"
      checked={!!preview}
      onCheck={check}
      confirmLabel="Confirm opt-out"
      onConfirm={confirm}
      onReset={() => setPreview(null)}
      onCancel={onCancel}
      danger
      error={act.error}
      busy={act.busy}
      verdict={
        preview ? (
          <p className="verdict blocked" data-testid="verdict" role="status">
            Today a new sales touch: {verdictText(preview)}{" "}
            <strong>
              After the opt-out: would be blocked: gate 1 compliance, every touch; {live.length} live
              enrollment
              {live.length === 1 ? "" : "s"} end.
            </strong>
          </p>
        ) : null
      }
    >
      <div className="field">
        <label htmlFor="optout-flag">Kind</label>
        <select id="optout-flag" value={flag} onChange={(e) => setFlag(e.target.value)}>
          <option value="opt_out">Opt out (asked not to be contacted)</option>
          <option value="unsubscribe">Unsubscribe (from email)</option>
        </select>
      </div>
    </TwoStep>
  );
}
