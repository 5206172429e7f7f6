// The campaign editor (issue 37 item 3): a campaign's settings, send window, steps and on_exit
// map in one form. The API decides: the form sends the definition and shows each problem the API
// returns beside its field. A change to a stored campaign is first sent to the impact preview
// (POST /api/v1/campaigns/:slug/impact), which says which live enrollments it affects; the change
// is saved only after that is read.
// Its parts are in campaign-editor/, one a fieldset.
import { useState } from "react";
import { ApiError, api, post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import {
  type CampaignDraft,
  createBody,
  definitionBody,
  emptyStep,
  type FieldProblem,
  fieldProblems,
  STEP_TEMPLATE_FIELDS_ENABLED,
} from "../campaign-draft.ts";
import type { Campaign } from "../campaigns.ts";
import { useAction } from "../use-api.ts";
import { OnExitFieldset } from "./campaign-editor/on-exit-fieldset.tsx";
import { SendWindowFieldset } from "./campaign-editor/send-window-fieldset.tsx";
import { SettingsFieldset } from "./campaign-editor/settings-fieldset.tsx";
import { StepPreviewWhileEditing } from "./campaign-editor/step-preview-while-editing.tsx";
import { ImpactNote, type ImpactPreview } from "./campaign-impact-note.tsx";
import { FieldProblems, StepEditor } from "./campaign-step-editor.tsx";
import { ErrorNote } from "./error-note.tsx";

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

      <SettingsFieldset d={d} set={set} problems={problems} campaigns={campaigns} creating={creating} />

      <SendWindowFieldset d={d} setWindow={setWindow} problems={problems} />

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

      <OnExitFieldset d={d} set={set} problems={problems} campaigns={campaigns} />

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
