// The campaign editor's on_exit map (spec 002): for each exit reason, another campaign, the exec
// gate (a person routes) or the chain's end.
import { type CampaignDraft, EXIT_REASONS, type FieldProblem } from "../../campaign-draft.ts";
import type { Campaign } from "../../campaigns.ts";
import { label } from "../../format.ts";
import { FieldProblems, invalid } from "../campaign-step-editor.tsx";

export function OnExitFieldset({
  d,
  set,
  problems,
  campaigns,
}: {
  d: CampaignDraft;
  set(patch: Partial<CampaignDraft>): void;
  problems: readonly FieldProblem[];
  campaigns: Campaign[];
}) {
  const targets = campaigns.filter((c) => c.slug !== d.slug);
  return (
    <fieldset className="on-exit">
      <legend>When a contact exits (on_exit)</legend>
      <p className="hint muted">
        Where each exit sends the contact next: another campaign, the exec gate (a person decides), or nowhere
        (the chain ends).
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
  );
}
