// Import contacts or accounts from CSV (issue 15): upload or paste, map the header row's columns to
// fields, see a dry-run report, then run it and watch its progress (the import job row).
import { useState } from "react";
import { get, post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { type NewAccount, NewAccountsChoice, newAccountsOutcome } from "../components/new-accounts.tsx";
import { useAction } from "../use-api.ts";

const FIELDS = {
  contacts: [
    "email",
    "first_name",
    "last_name",
    "full_name",
    "title",
    "linkedin_url",
    "phone",
    "crm_id",
    "account",
    "time_zone",
    "country",
    "legal_basis",
    "legal_basis_source",
  ],
  accounts: ["name", "domain", "segment", "icp_tier", "vertical"],
} as const;
const BASES = ["", "legitimate_interest", "consent", "customer", "unknown"];

type Kind = keyof typeof FIELDS;
const DELIMITER_NAMES = { ",": "commas", ";": "semicolons", "\t": "tabs" } as const;
type Preview = ApiResponse<"previewImport">;
type RowReport = Job["report"][number];
type Job = ApiResponse<"getImport">;

const refusedUnknown = (job: Job | undefined) =>
  job?.report.filter((r) => r.reason === "unknown_account").length ?? 0;

/** A refusal's reason in words; unknown_account and bad_account_name:* say what to do (issue 60). */
function reasonText(r: RowReport): string {
  if (r.reason === "invalid_utf8") return `not UTF-8 (byte ${r.byte_offset}): save the file as UTF-8`;
  if (r.reason === "unknown_account")
    return "unknown account: the company is not an account here (a dry run offers to create it)";
  if (r.reason?.startsWith("bad_account_name:"))
    return `company name not usable as an account (${r.reason.slice(17).replaceAll("_", " ")})`;
  return r.reason?.replaceAll("_", " ") ?? "";
}

export function ImportPage() {
  const [kind, setKind] = useState<Kind>("contacts");
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<Preview>();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [onDuplicate, setOnDuplicate] = useState<"skip" | "update">("skip");
  const [basis, setBasis] = useState("");
  const [basisSource, setBasisSource] = useState("");
  const [job, setJob] = useState<Job>();
  /** the dry run's new companies: null when it ran in the background and could not list them */
  const [newAccounts, setNewAccounts] = useState<NewAccount[] | null>(null);
  const [dryUnknown, setDryUnknown] = useState(0);
  const [createAccounts, setCreateAccounts] = useState(false);
  /** what the run did about the new companies, announced in the live region */
  const [outcome, setOutcome] = useState<string | null>(null);
  const action = useAction();

  const readHeader = () =>
    action.run(async () => {
      const p = await post<Preview>("/api/v1/imports/preview", { csv, kind });
      setPreview(p);
      setMapping(p.suggested_mapping);
      setJob(undefined);
      setNewAccounts(null);
      setDryUnknown(0);
      setCreateAccounts(false);
      setOutcome(null);
    });

  const body = (dryRun: boolean) => ({
    kind,
    csv,
    mapping: Object.fromEntries(Object.entries(mapping).filter(([, c]) => c)),
    dry_run: dryRun,
    on_duplicate: onDuplicate,
    ...(basis ? { legal_basis: basis } : {}),
    ...(basisSource ? { legal_basis_source: basisSource } : {}),
    // only when the person ticked it after a dry run that showed the companies (issue 60)
    ...(kind === "contacts" && !dryRun && createAccounts ? { create_accounts: true } : {}),
    // a contact import waits (up to 25,000 rows, 30 s) so that the answer can list new_accounts;
    // a larger or slower one is answered 202 and polled, and the page says it cannot list them
    ...(kind === "contacts" ? {} : { wait: false }),
  });

  const start = (dryRun: boolean) =>
    action.run(async () => {
      const create = !dryRun && createAccounts;
      if (dryRun) setCreateAccounts(false);
      setOutcome(null);
      let j = await post<ApiResponse<"createImport">>("/api/v1/imports", body(dryRun));
      const listed = j.new_accounts;
      // poll the job row for progress, then read the problems (skipped and refused rows first)
      while (j.status === "running") {
        setJob(j);
        await new Promise((r) => setTimeout(r, 400));
        j = await get<Job>(`/api/v1/imports/${j.id}`, { limit: 0 });
      }
      const problems = await get<Job>(`/api/v1/imports/${j.id}`, { limit: 500 });
      // the finished report, its new companies and the outcome in one render: the report showed
      // "done" one request before the list of new companies (a test read an empty list, stop 81)
      setJob(problems);
      if (kind !== "contacts" || problems.status !== "done") return;
      if (dryRun) {
        setNewAccounts(listed ?? null);
        setDryUnknown(refusedUnknown(problems));
        const n = listed?.length ?? 0;
        if (n)
          setOutcome(`${n === 1 ? "1 company is" : `${n} companies are`} not yet an account: see the list.`);
      } else setOutcome(newAccountsOutcome(listed, create, refusedUnknown(problems)));
    });

  return (
    <section>
      <h1 tabIndex={-1}>Import</h1>
      <p className="muted">
        Contacts are matched by normalized email (case, Gmail dots and +tags), then by CRM id. Suppressed and
        erased addresses are refused.
      </p>
      <div className="card">
        <h2>1. The file</h2>
        <div className="field">
          <label htmlFor="import-kind">What</label>
          <select id="import-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="contacts">Contacts</option>
            <option value="accounts">Accounts</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-file">Upload a CSV file</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void f.text().then(setCsv);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="import-csv">or paste it (header row first)</label>
          <textarea
            id="import-csv"
            rows={6}
            value={csv}
            onChange={(e) => setCsv(e.target.value)}
            data-testid="import-csv"
          />
        </div>
        <button
          type="button"
          className="primary"
          disabled={!csv || action.busy}
          onClick={() => void readHeader()}
        >
          Read the header row
        </button>
      </div>
      <ErrorNote error={action.error} />
      {preview ? (
        <div className="card" data-testid="import-mapping">
          <h2>2. Map the columns</h2>
          <p className="muted">
            {preview.rows} rows, separated by {DELIMITER_NAMES[preview.delimiter]}; columns:{" "}
            {preview.header.join(", ")}
          </p>
          <div className="grid">
            {FIELDS[kind].map((f) => (
              <div className="field" key={f}>
                <label htmlFor={`map-${f}`}>{f.replaceAll("_", " ")}</label>
                <select
                  id={`map-${f}`}
                  data-testid={`map-${f}`}
                  value={mapping[f] ?? ""}
                  onChange={(e) => setMapping({ ...mapping, [f]: e.target.value })}
                >
                  <option value="">(not imported)</option>
                  {preview.header.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <div className="grid">
            <div className="field">
              <label htmlFor="on-duplicate">A repeat row (in the file or already here)</label>
              <select
                id="on-duplicate"
                value={onDuplicate}
                onChange={(e) => setOnDuplicate(e.target.value as "skip" | "update")}
              >
                <option value="skip">is skipped</option>
                <option value="update">updates the contact</option>
              </select>
            </div>
            {kind === "contacts" ? (
              <>
                <div className="field">
                  <label htmlFor="legal-basis">Legal basis for rows without one</label>
                  <select id="legal-basis" value={basis} onChange={(e) => setBasis(e.target.value)}>
                    {BASES.map((b) => (
                      <option key={b} value={b}>
                        {b ? b.replaceAll("_", " ") : "(keep / unknown)"}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="legal-basis-source">Source of the basis</label>
                  <input
                    id="legal-basis-source"
                    value={basisSource}
                    onChange={(e) => setBasisSource(e.target.value)}
                  />
                </div>
              </>
            ) : null}
          </div>
          {job?.dry_run && job.status === "done" && kind === "contacts" ? (
            <NewAccountsChoice
              accounts={newAccounts}
              refusedUnknown={dryUnknown}
              confirmed={createAccounts}
              onConfirm={setCreateAccounts}
            />
          ) : null}
          <div className="row">
            <button
              type="button"
              disabled={action.busy}
              onClick={() => void start(true)}
              data-testid="dry-run"
            >
              Dry run
            </button>
            <button
              type="button"
              className="primary"
              disabled={action.busy || !job?.dry_run || job.status !== "done"}
              onClick={() => void start(false)}
              data-testid="run-import"
            >
              Run the import
            </button>
          </div>
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {outcome ? (
          <p className="notice" data-testid="import-outcome">
            {outcome}
          </p>
        ) : null}
      </div>
      {job ? <JobReport job={job} /> : null}
    </section>
  );
}

function JobReport({ job }: { job: Job }) {
  const pct = job.total_rows ? Math.round((100 * job.processed_rows) / job.total_rows) : 100;
  return (
    <div
      className="card"
      data-testid="import-report"
      data-status={job.status}
      data-dry-run={String(job.dry_run)}
    >
      <h2>{job.dry_run ? "3. Dry run: what would happen" : "Import"}</h2>
      {job.status === "running" ? (
        <p>
          <progress max={100} value={pct} /> {job.processed_rows} of {job.total_rows} rows
        </p>
      ) : null}
      {job.error ? <p className="field-error">{job.error}</p> : null}
      {job.status === "done" ? (
        <>
          <p className="row" data-testid="import-counts">
            {(["created", "updated", "skipped", "refused"] as const).map((k) => (
              <span
                key={k}
                className={`badge ${k === "refused" ? "block" : k === "skipped" ? "hold" : "allow"}`}
                data-testid={`count-${k}`}
              >
                {job.counts[k] ?? 0} {job.dry_run ? `would be ${k}` : k}
              </span>
            ))}
          </p>
          {job.report.some((r) => r.action !== "created") ? (
            <div className="table-wrap">
              <CsvButton filename="import-report" table="import-report" />
              <table data-testid="import-report">
                <thead>
                  <tr>
                    <th>Row</th>
                    <th>Line</th>
                    <th>Outcome</th>
                    <th>Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {job.report
                    .filter((r) => r.action !== "created")
                    .map((r) => (
                      <tr key={r.row} data-testid="report-row" data-action={r.action}>
                        <td>{r.row}</td>
                        <td>{r.line}</td>
                        <td>{r.action}</td>
                        <td>{reasonText(r)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {job.dry_run ? <p className="muted">Nothing was changed. Run the import to apply it.</p> : null}
        </>
      ) : null}
    </div>
  );
}
