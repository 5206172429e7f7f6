// Enroll a prospect in an active campaign with a goal and notes, after the coordinator's verdict;
// nothing to confirm when it would be blocked.
import { useState } from "react";
import { post } from "../../api.ts";
import type { ApiResponse } from "../../api-types.ts";
import { useAction, useApi } from "../../use-api.ts";
import { type EnrollmentExtras, EnrollmentFields, extrasBody, NO_EXTRAS } from "../enrollment-fields.tsx";
import { type Preview, previewOf, VerdictNote } from "./coordinator-verdict.tsx";
import { TwoStep } from "./two-step-form.tsx";

export function EnrollForm({
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
