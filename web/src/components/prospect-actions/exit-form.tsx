// End a prospect's enrollment with an exit reason and notes, after saying what follows: the
// campaign's on_exit for the reason, with the next campaign's verdict.
import { useState } from "react";
import { post } from "../../api.ts";
import type { Schema } from "../../api-types.ts";
import { label } from "../../format.ts";
import { useAction } from "../../use-api.ts";
import { type Consequence, ConsequenceNote, exitConsequence } from "./coordinator-verdict.tsx";
import { TwoStep } from "./two-step-form.tsx";

type Enrollment = Schema<"Enrollment">;

const EXIT_REASONS = ["converted", "no_engagement", "rejected", "meeting", "registered", "disqualified"];

export function ExitForm({
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
