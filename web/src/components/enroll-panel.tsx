// Enroll contacts in a campaign by search or CSV upload. First a preview of what the coordinator
// would decide for each (gates 1-5, nothing written), then the enrollment itself, with the goal and
// notes the prospect page's form asks for too (enrollment-fields.tsx); both run in chunks with a
// progress bar, so 10,000 rows stay responsive.
import { useState } from "react";
import { post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { fmtTime, label } from "../format.ts";
import type { ContactSummary } from "../pages/contacts-page.tsx";
import { useAction, useApi } from "../use-api.ts";
import { CsvButton } from "./csv-export.tsx";
import { type EnrollTarget, readEnrollCsv } from "./enroll-csv.ts";
import { type EnrollmentExtras, EnrollmentFields, extrasBody, NO_EXTRAS } from "./enrollment-fields.tsx";
import { ErrorNote } from "./error-note.tsx";

type PreviewRow = ApiResponse<"previewWorkspaceCampaign">["items"][number];

type Target = EnrollTarget;

async function inChunks<T, R>(
  items: T[],
  size: number,
  fn: (chunk: T[]) => Promise<R[]>,
  progress: (done: number) => void,
) {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await fn(items.slice(i, i + size))));
    progress(Math.min(items.length, i + size));
  }
  return out;
}

export function EnrollPanel({ slug, onEnrolled }: { slug: string; onEnrolled(): void }) {
  const [q, setQ] = useState("");
  const [text, setText] = useState("");
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [targets, setTargets] = useState<Target[]>([]);
  const [preview, setPreview] = useState<PreviewRow[] | null>(null);
  const [progress, setProgress] = useState<{ what: string; done: number; total: number } | null>(null);
  const [result, setResult] = useState<string | null>(null);
  // the same goal and notes for every contact enrolled from the preview, as the prospect page asks
  const [extras, setExtras] = useState<EnrollmentExtras>(NO_EXTRAS);
  const act = useAction();
  const search = useApi<{ items: ContactSummary[] }>(q ? "/api/v1/workspace/contacts" : null, {
    q,
    limit: 20,
  });

  const runPreview = async (list: Target[]) => {
    setTargets(list);
    setPreview(null);
    setResult(null);
    await act.run(async () => {
      setProgress({ what: "Previewing", done: 0, total: list.length });
      const rows = await inChunks(
        list,
        200,
        async (chunk) =>
          (
            await post<ApiResponse<"previewWorkspaceCampaign">>(
              `/api/v1/workspace/campaigns/${slug}/preview`,
              {
                contacts: chunk,
              },
            )
          ).items,
        (done) => setProgress({ what: "Previewing", done, total: list.length }),
      );
      setPreview(rows);
    });
    setProgress(null);
  };

  const enroll = async () => {
    const ids = (preview ?? []).filter((r) => r.contact_id && r.action !== "block").map((r) => r.contact_id!);
    let ok = 0;
    let refused = 0;
    await act.run(async () => {
      setProgress({ what: "Enrolling", done: 0, total: ids.length });
      const results = await inChunks(
        ids,
        500,
        async (chunk) =>
          (
            await post<ApiResponse<"createCampaignEnrollments">>(
              `/api/v1/campaigns/${slug}/enrollments/bulk`,
              {
                contacts: chunk.map((contact_id) => ({ contact_id, ...extrasBody(extras) })),
              },
            )
          ).results,
        (done) => setProgress({ what: "Enrolling", done, total: ids.length }),
      );
      ok = results.filter((r) => r.ok).length;
      refused = results.length - ok;
    });
    setProgress(null);
    setResult(`${ok} enrolled, ${refused} refused.`);
    setPreview(null);
    setPicked({});
    setExtras(NO_EXTRAS);
    onEnrolled();
  };

  const counts = (preview ?? []).reduce<Record<string, number>>((m, r) => {
    const k = r.error ? "not found" : (r.action ?? "?");
    m[k] = (m[k] ?? 0) + 1;
    return m;
  }, {});

  return (
    <section className="card" aria-labelledby="enroll-h" data-testid="enroll-panel">
      <h2 id="enroll-h">Enroll contacts</h2>
      <div className="grid">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setQ(text);
          }}
        >
          <label htmlFor="enroll-q">Search prospects (name or email starts with)</label>
          <div className="row">
            <input id="enroll-q" value={text} onChange={(e) => setText(e.target.value)} />
            <button type="submit">Search</button>
          </div>
          <ul className="demo-list">
            {search.data?.items.map((c) => (
              <li key={c.contact_id}>
                <label className="inline">
                  <input
                    type="checkbox"
                    checked={!!picked[c.contact_id]}
                    onChange={(e) => {
                      const next = { ...picked };
                      if (e.target.checked) next[c.contact_id] = c.full_name;
                      else delete next[c.contact_id];
                      setPicked(next);
                    }}
                  />{" "}
                  {c.full_name} <span className="muted">{c.company}</span>
                  {c.opted_out ? <span className="badge block"> opted out</span> : null}
                </label>
              </li>
            ))}
          </ul>
          <button
            type="button"
            disabled={Object.keys(picked).length === 0 || act.busy}
            onClick={() => void runPreview(Object.keys(picked).map((contact_id) => ({ contact_id })))}
          >
            Preview {Object.keys(picked).length} selected
          </button>
        </form>
        <div>
          <label htmlFor="enroll-csv">Or upload a CSV (column "email" or "contact_id")</label>
          <input
            id="enroll-csv"
            type="file"
            accept=".csv,text/csv"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) await runPreview(readEnrollCsv(await file.text()));
            }}
          />
        </div>
      </div>
      {progress ? (
        <div data-testid="progress">
          <label htmlFor="enroll-progress">
            {progress.what} {progress.done} of {progress.total}
          </label>
          <progress id="enroll-progress" className="progress" max={progress.total} value={progress.done} />
        </div>
      ) : null}
      <ErrorNote error={act.error} />
      {result ? (
        <p className="notice" data-testid="enroll-result">
          {result}
        </p>
      ) : null}
      {preview ? (
        <div data-testid="preview">
          <h3>What the coordinator would decide now ({targets.length} rows)</h3>
          <p>
            {Object.entries(counts)
              .map(([k, n]) => `${n} ${k}`)
              .join(" · ")}
          </p>
          <CsvButton filename="enroll-preview" table="enroll-preview" />
          <div className="table-wrap" style={{ maxHeight: "22rem", overflowY: "auto" }}>
            <table data-testid="enroll-preview">
              <thead>
                <tr>
                  <th scope="col">Contact</th>
                  <th scope="col">Decision</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {preview.slice(0, 200).map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: preview rows are positional
                  <tr key={i} data-testid="preview-row">
                    <td>{r.full_name ?? r.input}</td>
                    <td>
                      {r.error ? (
                        <span className="badge block">not found</span>
                      ) : (
                        <span className={`badge ${r.action}`}>{r.action}</span>
                      )}
                    </td>
                    <td>
                      {r.error ??
                        [
                          r.gate ? `gate ${r.gate}` : null,
                          r.reason ? label(r.reason) : null,
                          r.until ? `until ${fmtTime(r.until)}` : null,
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.length > 200 ? <p className="muted">Showing the first 200 rows.</p> : null}
          <div className="row" data-testid="enroll-extras">
            <EnrollmentFields idPrefix="enroll-panel" value={extras} onChange={setExtras} />
          </div>
          <button type="button" className="primary" disabled={act.busy} onClick={() => void enroll()}>
            Enroll {preview.filter((r) => r.contact_id && r.action !== "block").length} (skip blocked and not
            found)
          </button>
        </div>
      ) : null}
    </section>
  );
}
