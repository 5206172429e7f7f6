// "Preview for <contact>" (issue 37 item 4): a step of this campaign as the built-in drafter would
// write it for one contact, with the templates a person wrote rendered (merge fields filled, the
// contact's goal and A/B variant if enrolled). Reads GET /api/v1/campaigns/:slug/steps/:step/preview;
// nothing is written. Self-contained, so the campaign editor around it can change freely.
import { useState } from "react";
import { label } from "../format.ts";
import type { ContactSummary } from "../pages/contacts-page.tsx";
import { useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";

interface StepPreview {
  step_number: number;
  channel: string;
  contact: { contact_id: string; full_name: string; company: string | null };
  enrollment_id: string | null;
  variant: string | null;
  subject: string | null;
  body: string;
  from_templates: { subject: boolean; body: boolean };
  missing: string[];
  unfinished: { template_note: boolean; parts: string[] };
  ready: boolean;
}

interface StepRef {
  step_number: number;
  channel: string;
  content_type: string;
  delay_days: number;
}

export function StepPreviewPanel({ slug, steps }: { slug: string; steps: StepRef[] }) {
  const [step, setStep] = useState(steps[0]?.step_number ?? 1);
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
  const preview = useApi<StepPreview>(
    contactId ? `/api/v1/campaigns/${encodeURIComponent(slug)}/steps/${step}/preview` : null,
    contactId ? { contact_id: contactId } : undefined,
  );
  const p = preview.data?.contact.contact_id === contactId ? preview.data : undefined;
  const written = p ? p.from_templates.body : false;
  return (
    <section className="card" aria-labelledby="step-preview-h" data-testid="step-preview">
      <h2 id="step-preview-h">Preview for {p?.contact.full_name ?? contactName ?? "a contact"}</h2>
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
        <div className="field">
          <label htmlFor="step-preview-q">Find a contact (name or email starts with)</label>
          <input id="step-preview-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="step-preview-contact">Contact</label>
          <select
            id="step-preview-contact"
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
      </div>
      <ErrorNote error={contacts.error ?? preview.error} />
      {p ? (
        <div data-testid="step-preview-draft" aria-live="polite">
          <p className="muted">
            {written
              ? "Written by your team: sent as written once approved."
              : "No written body for this step: the built-in drafter's template, for a person to finish."}
            {p.enrollment_id ? ` Uses ${p.contact.full_name}'s enrollment` : " Not enrolled: no goal"}
            {p.variant ? ` (variant ${p.variant}).` : "."}
          </p>
          {p.subject !== null ? (
            <p>
              <strong>Subject:</strong> <span data-testid="step-preview-subject">{p.subject}</span>
            </p>
          ) : null}
          <pre
            className="draft-text"
            data-testid="step-preview-body"
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
              {p.contact.full_name} has no value for {p.missing.join(", ")}: the draft shows it in brackets
              and waits for a person to fill it. Give it a fallback, e.g.{" "}
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
      ) : preview.loading && contactId ? (
        <p className="muted">Loading the preview…</p>
      ) : null}
    </section>
  );
}
