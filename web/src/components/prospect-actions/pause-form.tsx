// Pause or resume a prospect's enrollment with a reason (and, for a pause, an optional day it
// resumes by itself), after the coordinator's verdict on its current step.
import { useState } from "react";
import { post } from "../../api.ts";
import type { Schema } from "../../api-types.ts";
import { useAction } from "../../use-api.ts";
import { type Preview, previewOf, VerdictNote } from "./coordinator-verdict.tsx";
import { TwoStep } from "./two-step-form.tsx";

type Enrollment = Schema<"Enrollment">;

export function PauseForm({
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
