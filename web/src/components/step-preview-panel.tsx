// "Preview for <contact>" (issue 37 item 4): a step of this campaign as the built-in drafter would
// write it for one contact, with the templates a person wrote rendered (merge fields filled, the
// contact's goal and A/B variant if enrolled). Reads GET /api/v1/campaigns/:slug/steps/:step/preview;
// nothing is written. Self-contained, so the campaign editor around it can change freely.
import { type ReactNode, useEffect, useState } from "react";
import { api } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { label } from "../format.ts";
import type { ContactSummary } from "../pages/contacts-page.tsx";
import { useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";

export type StepPreview = ApiResponse<"getCampaignStepPreview">;

interface StepRef {
  step_number: number;
  channel: string;
  content_type: string;
  delay_days: number;
}

/** Any contact of the tenant, searched by name or email (the workspace's contact search). */
function useContactPick(idPrefix: string) {
  const [q, setQ] = useState("");
  const [picked, setPicked] = useState<string | null>(null);
  const contacts = useApi<{ items: ContactSummary[] }>("/api/v1/workspace/contacts", {
    ...(q.trim() ? { q: q.trim() } : {}),
    limit: 20,
  });
  const list = contacts.data?.items ?? [];
  // the first contact found until someone picks one
  const contactId =
    (picked && list.some((c) => c.contact_id === picked) ? picked : list[0]?.contact_id) ?? null;
  const contactName = list.find((c) => c.contact_id === contactId)?.full_name;
  const fields = (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-q`}>Find a contact (name or email starts with)</label>
        <input id={`${idPrefix}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-contact`}>Contact</label>
        <select
          id={`${idPrefix}-contact`}
          value={contactId ?? ""}
          onChange={(e) => setPicked(e.target.value || null)}
          disabled={list.length === 0}
        >
          {list.length === 0 ? <option value="">No contact found</option> : null}
          {list.map((c) => (
            <option key={c.contact_id} value={c.contact_id}>
              {c.full_name}
              {c.company ? `, ${c.company}` : ""}
            </option>
          ))}
        </select>
      </div>
    </>
  );
  return { contactId, contactName, fields, error: contacts.error };
}

export function StepPreviewPanel({ slug, steps }: { slug: string; steps: StepRef[] }) {
  const [step, setStep] = useState(steps[0]?.step_number ?? 1);
  const pick = useContactPick("step-preview");
  const { contactId } = pick;
  const preview = useApi<ApiResponse<"getCampaignStepPreview">>(
    contactId ? `/api/v1/campaigns/${encodeURIComponent(slug)}/steps/${step}/preview` : null,
    contactId ? { contact_id: contactId } : undefined,
  );
  const p = preview.data?.contact.contact_id === contactId ? preview.data : undefined;
  return (
    <section className="card" aria-labelledby="step-preview-h" data-testid="step-preview">
      <h2 id="step-preview-h">Preview for {p?.contact.full_name ?? pick.contactName ?? "a contact"}</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="step-preview-step">Step</label>
          <select id="step-preview-step" value={step} onChange={(e) => setStep(Number(e.target.value))}>
            {steps.map((s) => (
              <option key={s.step_number} value={s.step_number}>
                {s.step_number}. Day {s.delay_days}, {s.channel}, {label(s.content_type)}
              </option>
            ))}
          </select>
        </div>
        {pick.fields}
      </div>
      <ErrorNote error={pick.error ?? preview.error} />
      {p ? (
        <PreviewDraft p={p} testId="step-preview" />
      ) : preview.loading && contactId ? (
        <p className="muted">Loading the preview…</p>
      ) : null}
    </section>
  );
}

/**
 * The preview beside a step while it is edited (issue 60 item 5): the step as typed, unsaved, for
 * any contact, by POST /api/v1/campaigns/preview-step (the engine's renderer), 400 ms after the
 * last keystroke; a variant can be picked when the step has some.
 */
export function EditedStepPreview({
  campaign,
  step,
  variantKeys,
  children,
}: {
  campaign: Record<string, unknown>;
  step: Record<string, unknown>;
  variantKeys: string[];
  children?: ReactNode;
}) {
  const pick = useContactPick("edit-preview");
  const { contactId } = pick;
  const [variant, setVariant] = useState("");
  const [p, setP] = useState<StepPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const v = variantKeys.includes(variant) ? variant : "";
  const payload = contactId
    ? JSON.stringify({ campaign, step, contact_id: contactId, ...(v ? { variant: v } : {}) })
    : null;
  useEffect(() => {
    if (!payload) return;
    let live = true;
    const timer = setTimeout(() => {
      api<ApiResponse<"previewEditedStep">>("POST", "/api/v1/campaigns/preview-step", {
        body: JSON.parse(payload),
      }).then(
        (r) => {
          if (!live) return;
          setP(r);
          setError(null);
        },
        (e) => {
          if (live) setError(e);
        },
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [payload]);
  return (
    <section className="card" aria-labelledby="edit-preview-h" data-testid="edit-preview">
      <h3 id="edit-preview-h">
        Step {String(step.step_number)} as typed, for{" "}
        {p?.contact.full_name ?? pick.contactName ?? "a contact"}
      </h3>
      <div className="row">
        {pick.fields}
        {variantKeys.length ? (
          <div className="field">
            <label htmlFor="edit-preview-variant">Variant</label>
            <select id="edit-preview-variant" value={v} onChange={(e) => setVariant(e.target.value)}>
              <option value="">The step's own</option>
              {variantKeys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <ErrorNote error={pick.error ?? error} />
      {p ? <PreviewDraft p={p} testId="edit-preview" /> : null}
      {payload && step.channel === "email" ? <TestSendButton payload={payload} /> : null}
      {children}
    </section>
  );
}

/** "Send me a test": the step as previewed, emailed to the signed-in person (POST test-send). */
function TestSendButton({ payload }: { payload: string }) {
  const [status, setStatus] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = () => {
    setBusy(true);
    setStatus("Sending a test…");
    setError(null);
    api<ApiResponse<"testSendEditedStep">>("POST", "/api/v1/campaigns/test-send", {
      body: JSON.parse(payload),
    })
      .then(
        (r) => setStatus(`Test sent to ${r.to}: “${r.subject}”.`),
        (e) => {
          setStatus("The test was not sent.");
          setError(e);
        },
      )
      .finally(() => setBusy(false));
  };
  return (
    <div className="row">
      <button type="button" onClick={send} disabled={busy} data-testid="edit-preview-test-send">
        Send me a test
      </button>
      <p role="status" aria-live="polite" className="muted" data-testid="edit-preview-test-status">
        {status}
      </p>
      <ErrorNote error={error} testId="edit-preview-test-error" />
    </div>
  );
}

function PreviewDraft({ p, testId }: { p: StepPreview; testId: string }) {
  const written = p.from_templates.body;
  return (
    <div data-testid={`${testId}-draft`} aria-live="polite">
      <p className="muted">
        {written
          ? "Written by your team: sent as written once approved."
          : "No written body for this step: the built-in drafter's template, for a person to finish."}
        {p.enrollment_id ? ` Uses ${p.contact.full_name}'s enrollment` : " Not enrolled: no goal"}
        {p.variant ? ` (variant ${p.variant}).` : "."}
      </p>
      {p.subject !== null ? (
        <p>
          <strong>Subject:</strong> <span data-testid={`${testId}-subject`}>{p.subject}</span>
        </p>
      ) : null}
      <pre
        className="draft-text"
        data-testid={`${testId}-body`}
        style={{
          whiteSpace: "pre-wrap",
          fontFamily: "inherit",
          border: "1px solid var(--line)",
          borderRadius: 4,
          padding: "0.75rem",
          maxWidth: "72ch",
        }}
      >
        {p.body}
      </pre>
      {p.missing.length > 0 ? (
        <p className="warn-box">
          {p.contact.full_name} has no value for {p.missing.join(", ")}: the draft shows it in brackets and
          waits for a person to fill it. Give it a fallback, e.g.{" "}
          <code>{`{{${p.missing[0]} | default: "…"}}`}</code>.
        </p>
      ) : null}
      {p.ready ? (
        <p>
          <span className="badge approved">ready to approve as written</span>
        </p>
      ) : (
        <p className="warn-box">
          A person finishes this draft before approving
          {p.unfinished.parts.length ? `: ${p.unfinished.parts.slice(0, 3).join(", ")}` : ""}.
        </p>
      )}
    </div>
  );
}
