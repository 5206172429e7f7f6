// What a change to a campaign does to its live enrollments (POST /api/v1/campaigns/:slug/impact),
// in the impact preview's sentences, read before the change is saved: by the campaign editor and
// by the pause, resume and archive buttons.
import type { ApiResponse } from "../api-types.ts";

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
