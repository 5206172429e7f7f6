// Opt a prospect out (or unsubscribe them from email): today's verdict for a new sales touch, and
// what the opt-out does (gate 1 blocks every touch, the live enrollments end).
import { useState } from "react";
import { post } from "../../api.ts";
import type { Schema } from "../../api-types.ts";
import { useAction } from "../../use-api.ts";
import { type Preview, previewOf, verdictText } from "./coordinator-verdict.tsx";
import { TwoStep } from "./two-step-form.tsx";

type Enrollment = Schema<"Enrollment">;

export function OptOutForm({
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
