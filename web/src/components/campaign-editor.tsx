// The campaign editor (issue 37 item 3): a campaign's settings, send window, steps and on_exit
// map in one form. The API decides: the form sends the definition and shows each problem the API
// returns beside its field. A change to a stored campaign is first sent to the impact preview
// (POST /api/v1/campaigns/:slug/impact), which says which live enrollments it affects; the change
// is saved only after that is read.
import { useState } from "react";
import { ApiError, api, post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import {
  CAMPAIGN_TYPES,
  type CampaignDraft,
  createBody,
  definitionBody,
  EXIT_REASONS,
  emptyStep,
  type FieldProblem,
  fieldProblems,
  KINDS,
  LEGAL_BASES,
  OWNER_ROLES,
  POLICIES,
  STEP_TEMPLATE_FIELDS_ENABLED,
  stepBody,
  WEEKDAYS,
} from "../campaign-draft.ts";
import type { Campaign } from "../campaigns.ts";
import { label } from "../format.ts";
import { useSession } from "../session.tsx";
import { useTeams } from "../teams.ts";
import { useAction } from "../use-api.ts";
import { Field, FieldProblems, invalid, options, StepEditor } from "./campaign-step-editor.tsx";
import { ErrorNote } from "./error-note.tsx";
import { EditedStepPreview } from "./step-preview-panel.tsx";

/** Where a problem's path is, in the form's own words ("Step 3, day"). */
function where(path: string): string {
  const names: Record<string, string> = {
    delay_days: "day",
    channel: "channel",
    content_type: "content type",
    template_instructions: "instructions",
    subject_template: "subject template",
    body_template: "body template",
    thread: "thread",
    variants: "A/B variants",
    step_number: "number",
  };
  const m = /^\/steps\/(\d+)(?:\/([a-z_]+))?(?:\/(\d+))?(?:\/([a-z_]+))?$/.exec(path);
  if (m) {
    const parts = [`Step ${Number(m[1]) + 1}`];
    if (m[2]) parts.push(names[m[2]] ?? m[2]);
    if (m[3]) parts.push(`variant ${Number(m[3]) + 1}`);
    if (m[4]) parts.push(m[4]);
    return parts.join(", ");
  }
  if (path === "/steps") return "Steps";
  const x = /^\/on_exit\/([a-z_]+)$/.exec(path);
  if (x) return `When a contact exits: ${x[1].replaceAll("_", " ")}`;
  if (path.startsWith("/send_window"))
    return `Send window${path.length > 12 ? `, ${path.slice(13).replaceAll("_", " ")}` : ""}`;
  const top = path.slice(1).replaceAll("_", " ");
  return top ? top[0].toUpperCase() + top.slice(1) : "Campaign";
}

export type ImpactPreview = ApiResponse<"impactCampaign">;

/** The impact sentences of a previewed change, read before it is saved. */
export function ImpactNote({ impact }: { impact: ImpactPreview }) {
  return (
    <div className="warn-box" role="status" data-testid="impact">
      {impact.changes.length === 0 ? (
        <p>This change affects none of the {impact.live} live enrollments.</p>
      ) : (
        <ul>
          {impact.changes.map((c) => (
            <li key={c.kind} data-kind={c.kind}>
              {c.sentence}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Text({
  id,
  path,
  text,
  value,
  problems,
  onChange,
  hint,
  disabled,
}: {
  id: string;
  path: string;
  text: string;
  value: string;
  problems: readonly FieldProblem[];
  onChange(v: string): void;
  hint?: string;
  disabled?: boolean;
}) {
  return (
    <Field id={id} text={text} path={path} problems={problems} hint={hint}>
      {(a) => <input {...a} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** A known vocabulary's values: the spec's, then those the tenant's campaigns already use. */
function known(spec: readonly string[], campaigns: Campaign[], key: "type" | "owner_role"): string[] {
  return [...new Set([...spec, ...campaigns.map((c) => c[key]).filter(Boolean)])];
}

// a value no slug-like vocabulary uses
const OTHER = "(other)";

/**
 * A select of the known values (issue 60 item 5: no free text for a known vocabulary), with "Other…"
 * for a value the tenant has not used yet: the API accepts any, the editor offers what exists.
 */
function Choice({
  id,
  path,
  text,
  known,
  value,
  problems,
  onChange,
  hint,
}: {
  id: string;
  path: string;
  text: string;
  known: string[];
  value: string;
  problems: readonly FieldProblem[];
  onChange(v: string): void;
  hint?: string;
}) {
  const [other, setOther] = useState(value !== "" && !known.includes(value));
  return (
    <Field id={id} text={text} path={path} problems={problems} hint={hint}>
      {(a) => (
        <>
          <select
            {...a}
            value={other ? OTHER : value}
            onChange={(e) => {
              const v = e.target.value;
              setOther(v === OTHER);
              onChange(v === OTHER ? "" : v);
            }}
          >
            {value === "" && !other ? <option value="">Choose…</option> : null}
            {known.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
            <option value={OTHER}>Other…</option>
          </select>
          {other ? (
            <input
              id={`${id}-other`}
              aria-label={`${text}, another value`}
              value={value}
              onChange={(e) => onChange(e.target.value)}
            />
          ) : null}
        </>
      )}
    </Field>
  );
}

export function CampaignEditor({
  initial,
  campaign,
  campaigns,
  onSaved,
  onCancel,
}: {
  initial: CampaignDraft;
  /** the stored campaign being changed; undefined: a new one */
  campaign?: Campaign;
  /** every campaign of the tenant, for on_exit targets */
  campaigns: Campaign[];
  onSaved(c: Campaign): void;
  onCancel(): void;
}) {
  const [d, setD] = useState(initial);
  const teams = useTeams();
  const setsTeam = useSession().has("revops", "admin");
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [impact, setImpact] = useState<ImpactPreview | null>(null);
  const [moved, setMoved] = useState("");
  const [previewing, setPreviewing] = useState(0);
  const act = useAction();
  const set = (patch: Partial<CampaignDraft>) => {
    setD({ ...d, ...patch });
    setImpact(null);
  };
  const setWindow = (patch: Partial<CampaignDraft["window"]>) => set({ window: { ...d.window, ...patch } });

  const move = (i: number, delta: -1 | 1) => {
    const steps = [...d.steps];
    const [s] = steps.splice(i, 1);
    steps.splice(i + delta, 0, s);
    set({ steps });
    setMoved(`Step ${i + 1} moved to position ${i + 1 + delta}.`);
    // keep the keyboard on the moved step's button (or its other one at either end)
    requestAnimationFrame(() => {
      const first = document.getElementById(
        `step-${s.uid}-${delta < 0 ? "up" : "down"}`,
      ) as HTMLButtonElement;
      const other = document.getElementById(
        `step-${s.uid}-${delta < 0 ? "down" : "up"}`,
      ) as HTMLButtonElement;
      (first && !first.disabled ? first : other)?.focus();
    });
  };

  const save = async () => {
    setProblems([]);
    const ok = await act.run(async () => {
      try {
        // checked first by the API's read-only check, so a refusal is an answer, not a failed request
        const refuseIf = (found: FieldProblem[]) => {
          if (found.length === 0) return;
          setProblems(found);
          throw new ApiError(422, {
            code: found[0].code,
            message: `The campaign was not saved: the server found ${found.length === 1 ? "a problem" : `${found.length} problems`} in it.`,
            next_action: "Fix each problem shown beside its field, then save again.",
          });
        };
        if (!campaign) {
          const body = createBody(d);
          refuseIf((await post<ApiResponse<"checkCampaigns">>("/api/v1/campaigns/check", body)).problems);
          onSaved(await post<ApiResponse<"createCampaign">>("/api/v1/campaigns", body));
          return;
        }
        const body = definitionBody(d);
        if (!impact) {
          const preview = await post<ApiResponse<"impactCampaign">>(
            `/api/v1/campaigns/${campaign.slug}/impact`,
            body,
          );
          refuseIf(preview.problems);
          // said before saving: the change reaches live enrollments
          if (preview.live > 0 && preview.changes.length > 0) {
            setImpact(preview);
            return;
          }
        }
        onSaved(
          await api<ApiResponse<"updateCampaign">>("PATCH", `/api/v1/campaigns/${campaign.slug}`, { body }),
        );
      } catch (e) {
        setProblems((p) => (p.length ? p : fieldProblems(e)));
        throw e;
      }
    });
    if (!ok) requestAnimationFrame(() => document.getElementById("editor-problems")?.focus());
  };

  const targets = campaigns.filter((c) => c.slug !== d.slug);
  const creating = !campaign;
  return (
    <form
      className="card campaign-editor"
      aria-labelledby="editor-title"
      data-testid="campaign-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="editor-title">{creating ? "New campaign" : `Edit ${campaign.name}`}</h2>
      {act.error ? (
        <div id="editor-problems" tabIndex={-1}>
          <ErrorNote error={act.error} testId="editor-error" />
          {problems.length > 0 ? (
            <ul className="problem-list" data-testid="problem-list">
              {problems.map((p) => (
                <li key={`${p.path}:${p.message}`}>
                  <strong>{where(p.path)}</strong>: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <fieldset>
        <legend>Campaign</legend>
        <div className="grid compact">
          <Text
            id="c-slug"
            path="/slug"
            text="Slug"
            value={d.slug}
            disabled={!creating}
            hint={creating ? "lowercase letters, digits and _; it never changes" : "the slug never changes"}
            problems={problems}
            onChange={(slug) => set({ slug })}
          />
          <Text
            id="c-name"
            path="/name"
            text="Name"
            value={d.name}
            problems={problems}
            onChange={(name) => set({ name })}
          />
          <Choice
            id="c-type"
            path="/type"
            text="Type"
            known={known(CAMPAIGN_TYPES, campaigns, "type")}
            value={d.type}
            problems={problems}
            onChange={(type) => set({ type })}
          />
          <Choice
            id="c-owner"
            path="/owner_role"
            text="Owner role"
            known={known(OWNER_ROLES, campaigns, "owner_role")}
            value={d.owner_role}
            hint="who works the campaign: the BDR agent, the sales agent, customer success"
            problems={problems}
            onChange={(owner_role) => set({ owner_role })}
          />
          <Field id="c-kind" text="Kind" path="/kind" problems={problems}>
            {(a) => (
              <select {...a} value={d.kind} onChange={(e) => set({ kind: e.target.value })}>
                {options(KINDS)}
              </select>
            )}
          </Field>
          <Field
            id="c-policy"
            text="Approval policy"
            path="/approval_policy"
            problems={problems}
            hint="Sales campaigns always need approval."
          >
            {(a) => (
              <select
                {...a}
                value={d.approval_policy}
                onChange={(e) => set({ approval_policy: e.target.value })}
              >
                {POLICIES.map((p) => (
                  <option key={p} value={p}>
                    {p === "require_approval" ? "A person approves each draft" : "Send without approval"}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field
          id="c-team"
          text="Team"
          path="/team_id"
          problems={problems}
          hint={
            setsTeam
              ? "A team campaign is changed by RevOps, admins and the team's managers; the team's people enroll into it."
              : "Only RevOps and admins give a campaign to a team."
          }
        >
          {(a) => (
            <select
              {...a}
              value={d.team_id}
              disabled={!setsTeam}
              onChange={(e) => set({ team_id: e.target.value })}
            >
              <option value="">None: the workspace's campaign</option>
              {(teams.data?.items ?? []).map((t) => (
                <option key={t.team_id} value={t.team_id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="c-cap"
          text="Weekly touch cap for this campaign"
          path="/weekly_touch_cap"
          problems={problems}
          hint="At most this many touches of this campaign per contact in any 7 days, beside the contact's own caps. Blank: no campaign cap."
        >
          {(a) => (
            <input
              {...a}
              type="number"
              min={1}
              max={100}
              step={1}
              value={d.weekly_touch_cap}
              onChange={(e) => set({ weekly_touch_cap: e.target.value })}
            />
          )}
        </Field>
        <fieldset {...invalid(problems, "/required_legal_basis", "c-basis-err")}>
          <legend>Legal basis a contact needs to be enrolled</legend>
          <div className="row">
            {LEGAL_BASES.map((b) => (
              <label key={b} className="inline">
                <input
                  type="checkbox"
                  checked={d.legal_basis.includes(b)}
                  onChange={(e) =>
                    set({
                      legal_basis: e.target.checked
                        ? [...d.legal_basis, b]
                        : d.legal_basis.filter((x) => x !== b),
                    })
                  }
                />{" "}
                {label(b)}
              </label>
            ))}
          </div>
          <span className="hint muted">None ticked: no basis is required.</span>
          <FieldProblems problems={problems} path="/required_legal_basis" id="c-basis-err" />
        </fieldset>
      </fieldset>

      <fieldset>
        <legend>Send window</legend>
        <label className="inline">
          <input
            type="checkbox"
            checked={d.window.enabled}
            onChange={(e) => setWindow({ enabled: e.target.checked })}
          />{" "}
          Send only on some days and hours, in each contact's time zone
        </label>
        {d.window.enabled ? (
          <>
            <fieldset {...invalid(problems, "/send_window/days", "w-days-err")}>
              <legend>Days</legend>
              <div className="row">
                {WEEKDAYS.map((day) => (
                  <label key={day} className="inline">
                    <input
                      type="checkbox"
                      checked={d.window.days.includes(day)}
                      onChange={(e) =>
                        setWindow({
                          days: e.target.checked
                            ? WEEKDAYS.filter((x) => x === day || d.window.days.includes(x))
                            : d.window.days.filter((x) => x !== day),
                        })
                      }
                    />{" "}
                    {day}
                  </label>
                ))}
              </div>
              <FieldProblems problems={problems} path="/send_window/days" id="w-days-err" />
            </fieldset>
            <div className="grid compact">
              {(
                [
                  ["start", "From (local time)", "time"],
                  ["end", "Until (local time)", "time"],
                  ["time_zone", "Time zone for contacts without one", "text"],
                  ["spread_minutes", "Spread sends over the first … minutes", "number"],
                ] as const
              ).map(([k, text, type]) => (
                <div className="field" key={k}>
                  <label htmlFor={`w-${k}`}>{text}</label>
                  <input
                    id={`w-${k}`}
                    type={type}
                    value={d.window[k]}
                    placeholder={k === "time_zone" ? "UTC" : undefined}
                    onChange={(e) => setWindow({ [k]: e.target.value })}
                    {...invalid(problems, `/send_window/${k}`, `w-${k}-err`)}
                  />
                  <FieldProblems problems={problems} path={`/send_window/${k}`} id={`w-${k}-err`} />
                </div>
              ))}
            </div>
            <label className="inline">
              <input
                type="checkbox"
                checked={d.window.skip_holidays}
                onChange={(e) => setWindow({ skip_holidays: e.target.checked })}
              />{" "}
              Skip the public holidays of the contact's country
            </label>
          </>
        ) : null}
      </fieldset>

      <h3>Steps</h3>
      {STEP_TEMPLATE_FIELDS_ENABLED ? null : (
        <p className="hint muted">
          Subject and body templates are kept in this form but not saved yet: this server does not accept
          them.
        </p>
      )}
      <FieldProblems problems={problems} path="/steps" id="steps-err" />
      <p className="visually-hidden" aria-live="polite">
        {moved}
      </p>
      <ol className="step-list">
        {d.steps.map((s, i) => (
          <StepEditor
            key={s.uid}
            step={s}
            index={i}
            count={d.steps.length}
            problems={problems}
            onChange={(next) => set({ steps: d.steps.map((x) => (x.uid === s.uid ? next : x)) })}
            onMove={(delta) => move(i, delta)}
            onRemove={() => set({ steps: d.steps.filter((x) => x.uid !== s.uid) })}
          />
        ))}
      </ol>
      <button type="button" onClick={() => set({ steps: [...d.steps, emptyStep(d.steps.at(-1))] })}>
        Add a step
      </button>
      {d.steps.length ? <StepPreviewWhileEditing d={d} at={previewing} onAt={setPreviewing} /> : null}

      <fieldset className="on-exit">
        <legend>When a contact exits (on_exit)</legend>
        <p className="hint muted">
          Where each exit sends the contact next: another campaign, the exec gate (a person decides), or
          nowhere (the chain ends).
        </p>
        <div className="grid compact">
          {EXIT_REASONS.map((r) => (
            <div className="field" key={r}>
              <label htmlFor={`x-${r}`}>{label(r)}</label>
              <select
                id={`x-${r}`}
                value={d.on_exit[r] ?? ""}
                onChange={(e) => set({ on_exit: { ...d.on_exit, [r]: e.target.value } })}
                {...invalid(problems, `/on_exit/${r}`, `x-${r}-err`)}
              >
                <option value="">Not routed</option>
                <option value="end">End the chain</option>
                <option value="gate:exec">Exec gate: a person routes</option>
                <optgroup label="Another campaign">
                  {targets.map((c) => (
                    <option key={c.slug} value={`campaign:${c.slug}`}>
                      {c.name} ({c.slug})
                    </option>
                  ))}
                </optgroup>
              </select>
              <FieldProblems problems={problems} path={`/on_exit/${r}`} id={`x-${r}-err`} />
            </div>
          ))}
        </div>
      </fieldset>

      {impact ? <ImpactNote impact={impact} /> : null}
      <div className="row">
        <button type="submit" className="primary" disabled={act.busy}>
          {creating ? "Create campaign" : impact ? "Save, affecting these enrollments" : "Save changes"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The preview of one step as typed (issue 60 item 5), the step picked beside it. */
function StepPreviewWhileEditing({ d, at, onAt }: { d: CampaignDraft; at: number; onAt(i: number): void }) {
  const i = Math.min(at, d.steps.length - 1);
  const s = d.steps[i];
  const body = stepBody(s, i + 1);
  const step = { ...body, delay_days: Number.isFinite(body.delay_days) ? body.delay_days : 0 };
  const campaign = {
    ...(d.slug ? { slug: d.slug } : {}),
    name: d.name || "Untitled",
    type: d.type,
    ...(d.kind ? { kind: d.kind } : {}),
    ...(d.approval_policy ? { approval_policy: d.approval_policy } : {}),
  };
  return (
    <EditedStepPreview
      campaign={campaign}
      step={step}
      variantKeys={s.variants.map((v) => v.key).filter(Boolean)}
    >
      {d.steps.length > 1 ? (
        <div className="field">
          <label htmlFor="edit-preview-step">Step previewed</label>
          <select id="edit-preview-step" value={i} onChange={(e) => onAt(Number(e.target.value))}>
            {d.steps.map((x, n) => (
              <option key={x.uid} value={n}>
                {n + 1}. {x.channel}, {label(x.content_type)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </EditedStepPreview>
  );
}
