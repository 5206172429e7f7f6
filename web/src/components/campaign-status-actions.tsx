// Pause, resume and archive a campaign (issue 37 item 3). Each first asks the impact preview what
// the change does to the live enrollments and says it; the change is made on confirmation.
import { useState } from "react";
import { api, post } from "../api.ts";
import type { Campaign } from "../campaigns.ts";
import { useAction } from "../use-api.ts";
import { ImpactNote, type ImpactPreview } from "./campaign-impact-note.tsx";
import { ErrorNote } from "./error-note.tsx";

const ACTIONS: Record<string, { to: string; verb: string }[]> = {
  active: [
    { to: "paused", verb: "Pause" },
    { to: "archived", verb: "Archive" },
  ],
  paused: [
    { to: "active", verb: "Resume" },
    { to: "archived", verb: "Archive" },
  ],
  archived: [],
};

export function CampaignStatusActions({ campaign, onChanged }: { campaign: Campaign; onChanged(): void }) {
  const [pending, setPending] = useState<{ to: string; verb: string; impact: ImpactPreview } | null>(null);
  const act = useAction();
  const actions = ACTIONS[campaign.status] ?? [];
  if (actions.length === 0 && !pending)
    return <p className="muted">Archived: the campaign is closed for good and takes no enrollments.</p>;
  return (
    <div className="stack" data-testid="status-actions">
      <div className="row">
        {actions.map((a) => (
          <button
            key={a.to}
            type="button"
            className={a.to === "archived" ? "danger" : undefined}
            disabled={act.busy}
            onClick={() =>
              void act.run(async () => {
                const impact = await post<ImpactPreview>(`/api/v1/campaigns/${campaign.slug}/impact`, {
                  status: a.to,
                });
                setPending({ ...a, impact });
              })
            }
          >
            {a.verb}…
          </button>
        ))}
      </div>
      {pending ? (
        <div className="stack">
          <ImpactNote impact={pending.impact} />
          <div className="row">
            <button
              type="button"
              className={pending.to === "archived" ? "danger" : "primary"}
              disabled={act.busy}
              onClick={() =>
                void act
                  .run(() =>
                    api("PATCH", `/api/v1/campaigns/${campaign.slug}`, { body: { status: pending.to } }),
                  )
                  .then((ok) => {
                    if (!ok) return;
                    setPending(null);
                    onChanged();
                  })
              }
            >
              {pending.verb} {campaign.name}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              Keep it {campaign.status}
            </button>
          </div>
        </div>
      ) : null}
      <ErrorNote error={act.error} />
    </div>
  );
}
