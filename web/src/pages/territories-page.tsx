// Territories (issue 61 item 1): which team works which accounts, and how new contacts get an owner.
// Everyone reads them; RevOps and admins create, change and delete them, and every change is first
// previewed: a dry run of the same write (src/teams/manage-territories.ts) says which accounts move
// from which territory to which, and Save is offered only for the change that was previewed.
import { type FormEvent, useState } from "react";
import { api, del, post } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import type { PlayConfig } from "../plays.ts";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";

type Territory = ApiItem<"listTerritories">;
type Definition = Territory["definition"];
type Condition = Extract<Definition, { kind: "rule" }>["all"][number];
type WriteResult = ApiResponse<"createTerritory">;
type Preview = WriteResult["preview"];
type Ref = Preview["sample"][number]["from"];
type AssignResult = ApiResponse<"assignUnownedContacts">;

const FIELDS = [
  ["vertical", "Vertical is one of"],
  ["icp_tier", "ICP tier is one of"],
  ["segment", "Segment is one of"],
  ["country", "Country is one of"],
  ["lifecycle_stage", "Lifecycle stage is one of"],
  ["domain", "Domain ends with"],
  ["abm_active", "ABM active is"],
] as const;
type Field = (typeof FIELDS)[number][0];
interface Row {
  field: Field;
  text: string;
}

/** Says a definition in words, for the list. */
function describe(d: Definition, segmentName: (segment: string) => string): string {
  switch (d.kind) {
    case "segment":
      return `segment ${segmentName(d.segment)}`;
    case "accounts":
      return `${d.account_ids.length} named ${d.account_ids.length === 1 ? "account" : "accounts"}`;
    case "rule":
      return d.all
        .map((c) =>
          c.op === "in"
            ? `${c.field} in ${c.values.join(", ")}`
            : c.op === "ends_with"
              ? `domain ends with ${c.value}`
              : `ABM ${c.value ? "active" : "not active"}`,
        )
        .join(" and ");
  }
}

function toRows(d: Definition | undefined): Row[] {
  if (d?.kind !== "rule") return [{ field: "vertical", text: "" }];
  return d.all.map((c) => ({
    field: c.field,
    text: c.op === "in" ? c.values.join(", ") : c.op === "ends_with" ? c.value : c.value ? "yes" : "no",
  }));
}

function toCondition(r: Row): Condition {
  if (r.field === "domain") return { field: "domain", op: "ends_with", value: r.text.trim() };
  if (r.field === "abm_active")
    return { field: "abm_active", op: "is", value: /^(yes|true|1)$/i.test(r.text.trim()) };
  return {
    field: r.field,
    op: "in",
    values: r.text
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean),
  };
}

interface Draft {
  id: string | null;
  name: string;
  team_id: string;
  priority: string;
  kind: Definition["kind"];
  segment: string;
  accounts: string;
  rows: Row[];
}

function draftOf(t?: Territory): Draft {
  return {
    id: t?.territory_id ?? null,
    name: t?.name ?? "",
    team_id: t?.team_id ?? "",
    priority: String(t?.priority ?? 100),
    kind: t?.definition.kind ?? "rule",
    segment: t?.definition.kind === "segment" ? t.definition.segment : "",
    accounts: t?.definition.kind === "accounts" ? t.definition.account_ids.join("\n") : "",
    rows: toRows(t?.definition),
  };
}

function bodyOf(d: Draft) {
  const definition: Definition =
    d.kind === "segment"
      ? { kind: "segment", segment: d.segment.trim() }
      : d.kind === "accounts"
        ? { kind: "accounts", account_ids: d.accounts.split(/[\s,]+/).filter(Boolean) }
        : { kind: "rule", all: d.rows.map(toCondition) };
  return { name: d.name.trim(), team_id: d.team_id, priority: Number(d.priority), definition };
}

export function TerritoriesPage() {
  const { has } = useSession();
  const editor = has("revops", "admin");
  const territories = useApi<ApiResponse<"listTerritories">>("/api/v1/territories");
  const teams = useApi<ApiResponse<"listTeams">>("/api/v1/teams");
  // the segments by name (issue 60: names, not slugs, where a person reads them)
  const config = useApi<PlayConfig>("/api/v1/plays/config");
  const segments = config.data?.segments ?? [];
  const segmentName = (slug: string) => segments.find((x) => x.segment === slug)?.name ?? slug;
  const action = useAction();
  const [notice, setNotice] = useState("");
  const [draft, setDraft] = useState<Draft | null>(null);
  // the change that was previewed (its request, so Save sends exactly that) and what it moves
  const [previewed, setPreviewed] = useState<{ key: string; label: string; preview: Preview } | null>(null);
  const [assign, setAssign] = useState<AssignResult | null>(null);

  const editing = (d: Draft | null) => {
    setDraft(d);
    setPreviewed(null);
    setNotice("");
  };
  const write = (d: Draft, dry: boolean) =>
    d.id
      ? api<ApiResponse<"updateTerritory">>("PATCH", `/api/v1/territories/${d.id}`, {
          body: { ...bodyOf(d), dry_run: dry },
        })
      : post<WriteResult>("/api/v1/territories", { ...bodyOf(d), dry_run: dry });
  const keyOf = (d: Draft) => JSON.stringify([d.id, bodyOf(d)]);

  const preview = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    let out: WriteResult | undefined;
    if (await action.run(async () => (out = await write(draft, true))))
      setPreviewed({ key: keyOf(draft), label: draft.name.trim(), preview: out!.preview });
  };
  const save = async () => {
    if (!draft) return;
    if (await action.run(() => write(draft, false))) {
      const moved = previewed?.preview.accounts_moving ?? 0;
      editing(null);
      setNotice(
        `Territory ${draft.name.trim()} saved; ${moved} ${moved === 1 ? "account" : "accounts"} moved.`,
      );
      territories.reload();
    }
  };
  const previewDelete = async (t: Territory) => {
    setDraft(null);
    let out: WriteResult | undefined;
    if (
      await action.run(
        async () =>
          (out = await del<ApiResponse<"deleteTerritory">>(
            `/api/v1/territories/${t.territory_id}?dry_run=true`,
          )),
      )
    )
      setPreviewed({ key: `delete:${t.territory_id}`, label: t.name, preview: out!.preview });
  };
  const confirmDelete = async () => {
    const id = previewed?.key.slice("delete:".length);
    if (!id) return;
    if (await action.run(() => del(`/api/v1/territories/${id}`))) {
      setNotice(
        `Territory ${previewed?.label} deleted; its accounts fall to the next territory that matches.`,
      );
      setPreviewed(null);
      territories.reload();
    }
  };
  const runAssign = async (dry: boolean) => {
    let out: AssignResult | undefined;
    if (
      await action.run(
        async () => (out = await post<AssignResult>("/api/v1/territories/assign", { dry_run: dry })),
      )
    )
      setAssign(out!);
  };
  const deleting = previewed?.key.startsWith("delete:") ?? false;
  const current = draft !== null && previewed !== null && previewed.key === keyOf(draft);

  return (
    <section aria-labelledby="territories-h">
      <h1 id="territories-h" tabIndex={-1}>
        Territories
      </h1>
      <p className="muted">
        Which team works which accounts. When several territories match an account, the lowest priority number
        wins. A new contact takes its account's owner; an account without one takes the next member of its
        territory's team in turn.{" "}
        {editor
          ? "Every change is previewed before it is saved, and audited."
          : "RevOps and admins change them."}
      </p>
      {notice ? (
        <p className="notice" role="status" data-testid="territories-notice">
          {notice}
        </p>
      ) : null}
      <ErrorNote error={action.error ?? territories.error ?? teams.error} />
      {territories.data && territories.data.items.length === 0 ? (
        <p data-testid="no-territories">No territories yet.{editor ? " Add the first one below." : ""}</p>
      ) : null}
      {territories.data?.items.length ? (
        <div className="table-wrap card">
          <table data-testid="territories">
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">Territory</th>
                <th scope="col">Team</th>
                <th scope="col">Accounts in it</th>
                <th scope="col">Covers</th>
                {editor ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {territories.data.items.map((t) => (
                <tr key={t.territory_id} data-territory={t.name}>
                  <td>{t.priority}</td>
                  <td>{t.name}</td>
                  <td>{t.team_name}</td>
                  <td>{t.accounts}</td>
                  <td>{describe(t.definition, segmentName)}</td>
                  {editor ? (
                    <td>
                      <button type="button" aria-label={`Edit ${t.name}`} onClick={() => editing(draftOf(t))}>
                        Edit
                      </button>{" "}
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Delete ${t.name}`}
                        disabled={action.busy}
                        onClick={() => void previewDelete(t)}
                      >
                        Delete
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {editor && draft === null ? (
        <p>
          <button type="button" className="primary" onClick={() => editing(draftOf())}>
            New territory
          </button>
        </p>
      ) : null}

      {editor && draft ? (
        <form
          className="card"
          aria-label={draft.id ? `Edit territory ${draft.name}` : "New territory"}
          onSubmit={preview}
        >
          <h2>{draft.id ? `Edit ${draft.name}` : "New territory"}</h2>
          <div className="row">
            <div>
              <label htmlFor="terr-name">Name</label>
              <input
                id="terr-name"
                required
                maxLength={80}
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              />
            </div>
            <div>
              <label htmlFor="terr-team">Owning team</label>
              <select
                id="terr-team"
                required
                value={draft.team_id}
                onChange={(e) => setDraft({ ...draft, team_id: e.target.value })}
              >
                <option value="">Choose…</option>
                {teams.data?.items.map((t) => (
                  <option key={t.team_id} value={t.team_id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="terr-priority">Priority</label>
              <input
                id="terr-priority"
                type="number"
                required
                min={1}
                max={10000}
                value={draft.priority}
                onChange={(e) => setDraft({ ...draft, priority: e.target.value })}
              />
            </div>
            <div>
              <label htmlFor="terr-kind">Covers</label>
              <select
                id="terr-kind"
                value={draft.kind}
                onChange={(e) => setDraft({ ...draft, kind: e.target.value as Definition["kind"] })}
              >
                <option value="rule">accounts matching a rule</option>
                <option value="segment">a segment</option>
                <option value="accounts">a list of accounts</option>
              </select>
            </div>
          </div>
          {draft.kind === "segment" ? (
            <div>
              <label htmlFor="terr-segment">Segment</label>
              <select
                id="terr-segment"
                required
                value={draft.segment}
                onChange={(e) => setDraft({ ...draft, segment: e.target.value })}
              >
                <option value="">Choose…</option>
                {segments.map((x) => (
                  <option key={x.segment} value={x.segment}>
                    {x.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {draft.kind === "accounts" ? (
            <div>
              <label htmlFor="terr-accounts">Account ids, one a line</label>
              <textarea
                id="terr-accounts"
                required
                rows={4}
                value={draft.accounts}
                onChange={(e) => setDraft({ ...draft, accounts: e.target.value })}
              />
            </div>
          ) : null}
          {draft.kind === "rule" ? (
            <fieldset>
              <legend>Every condition holds</legend>
              {draft.rows.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the rows have no id of their own
                <div className="row" key={i}>
                  <div>
                    <label htmlFor={`cond-field-${i}`}>Condition {i + 1}</label>
                    <select
                      id={`cond-field-${i}`}
                      value={r.field}
                      onChange={(e) =>
                        setDraft({
                          ...draft,
                          rows: draft.rows.map((x, j) =>
                            j === i ? { ...x, field: e.target.value as Field } : x,
                          ),
                        })
                      }
                    >
                      {FIELDS.map(([f, label]) => (
                        <option key={f} value={f}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`cond-value-${i}`}>
                      {r.field === "abm_active"
                        ? "yes or no"
                        : r.field === "domain"
                          ? "Domain"
                          : "Values, comma-separated"}
                    </label>
                    <input
                      id={`cond-value-${i}`}
                      required
                      value={r.text}
                      onChange={(e) =>
                        setDraft({
                          ...draft,
                          rows: draft.rows.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)),
                        })
                      }
                    />
                  </div>
                  {draft.rows.length > 1 ? (
                    <button
                      type="button"
                      aria-label={`Remove condition ${i + 1}`}
                      onClick={() => setDraft({ ...draft, rows: draft.rows.filter((_, j) => j !== i) })}
                    >
                      Remove
                    </button>
                  ) : null}
                </div>
              ))}
              {draft.rows.length < 10 ? (
                <button
                  type="button"
                  onClick={() =>
                    setDraft({ ...draft, rows: [...draft.rows, { field: "icp_tier", text: "" }] })
                  }
                >
                  Add a condition
                </button>
              ) : null}
            </fieldset>
          ) : null}
          <p>
            <button type="submit" disabled={action.busy}>
              Preview who moves
            </button>{" "}
            <button
              type="button"
              className="primary"
              disabled={action.busy || !current}
              title={current ? undefined : "Preview this change first"}
              onClick={() => void save()}
            >
              Save territory
            </button>{" "}
            <button type="button" onClick={() => editing(null)}>
              Cancel
            </button>
          </p>
          {current ? <PreviewCard preview={previewed.preview} /> : null}
        </form>
      ) : null}

      {deleting && previewed ? (
        <section className="card" aria-labelledby="delete-h">
          <h2 id="delete-h">Delete {previewed.label}?</h2>
          <PreviewCard preview={previewed.preview} />
          <p>
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              onClick={() => void confirmDelete()}
            >
              Confirm delete
            </button>{" "}
            <button type="button" onClick={() => setPreviewed(null)}>
              Cancel
            </button>
          </p>
        </section>
      ) : null}

      {editor ? (
        <section className="card" aria-labelledby="assign-h">
          <h2 id="assign-h">Contacts without an owner</h2>
          <p className="muted">
            Imports route new contacts as they arrive. Route the contacts that still have no owner with the
            territories as they are now.
          </p>
          <p>
            <button type="button" disabled={action.busy} onClick={() => void runAssign(true)}>
              Count who would be routed
            </button>{" "}
            {assign && !assign.saved ? (
              <button
                type="button"
                className="primary"
                disabled={action.busy}
                onClick={() => void runAssign(false)}
              >
                Route them
              </button>
            ) : null}
          </p>
          {assign ? (
            <p role="status" data-testid="assign-result">
              {assign.saved ? "Routed: " : "Would route: "}
              {assign.assigned} {assign.assigned === 1 ? "contact" : "contacts"} ({assign.by_account_owner} to
              their account's owner, {assign.accounts_by_turn}{" "}
              {assign.accounts_by_turn === 1 ? "account" : "accounts"} by turn); {assign.unrouted} left
              without owner (no account, no territory, or no active member).
            </p>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

function PreviewCard({ preview }: { preview: Preview }) {
  const name = (r: Ref) => (r ? `${r.name} (${r.team_name})` : "no territory");
  return (
    <div data-testid="territory-preview" role="status">
      <p>
        <strong>
          {preview.accounts_moving} {preview.accounts_moving === 1 ? "account moves" : "accounts move"}
        </strong>
        , with {preview.contacts_moving} {preview.contacts_moving === 1 ? "contact" : "contacts"}.
        {preview.accounts_moving > preview.sample.length
          ? ` The first ${preview.sample.length} by name:`
          : ""}
      </p>
      {preview.sample.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Contacts</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((m) => (
                <tr key={m.account_id} data-moves={m.account_name}>
                  <td>{m.account_name}</td>
                  <td>{m.contacts}</td>
                  <td>{name(m.from)}</td>
                  <td>{name(m.to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
