// The campaign editor's preview of one step as typed, rendered by the built-in drafter for a
// contact the person picks (step-preview-panel.tsx), with the step to preview chosen beside it.
import { type CampaignDraft, stepBody } from "../../campaign-draft.ts";
import { label } from "../../format.ts";
import { EditedStepPreview } from "../step-preview-panel.tsx";

/** The preview of one step as typed (issue 60 item 5), the step picked beside it. */
export function StepPreviewWhileEditing({
  d,
  at,
  onAt,
}: {
  d: CampaignDraft;
  at: number;
  onAt(i: number): void;
}) {
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
