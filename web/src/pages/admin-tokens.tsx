// Admin › API tokens for agents and integrations: create one (the token is shown here once, then
// only its hash is kept), see name, owner, the book it reaches, status, expiry and last use, and
// revoke. An agent's token may be bound to a team's or a territory's book (docs/books.md); a
// person's or an integration's follows its person's book.

import { type FormEvent, useState } from "react";
import { post } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime } from "../format.ts";
import { useAction, useApi } from "../use-api.ts";
import { RolePicker } from "./admin-roles.tsx";

type Token = ApiItem<"listAdminTokens">;

type TokenBook = Token["book"];

/** The prospects a token reaches, in words. */
export function bookWords(b: TokenBook): string {
  if (b.kind === "person") return "its person's book";
  if (b.kind === "workspace") return "the whole workspace";
  if (b.name === null) return `a deleted ${b.kind}: no prospect`;
  return `${b.kind === "team" ? "team" : "territory"} ${b.name}`;
}

const STATUS_BADGE: Record<Token["status"], string> = {
  active: "active",
  expired: "hold",
  revoked: "block",
  deactivated: "block",
};

export function AdminTokensSection() {
  const tokens = useApi<ApiResponse<"listAdminTokens">>("/api/v1/admin/tokens");
  const teams = useApi<ApiResponse<"listTeams">>("/api/v1/teams");
  const territories = useApi<ApiResponse<"listTerritories">>("/api/v1/territories");
  const action = useAction();
  const [form, setForm] = useState({
    name: "",
    owner: "roles",
    roles: [] as string[],
    agent: "",
    book: "",
    days: "90",
  });
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    let created: { token: string; name: string } | undefined;
    const ok = await action.run(async () => {
      created = await post("/api/v1/admin/tokens", {
        name: form.name.trim(),
        ...(form.owner === "agent"
          ? { agent_id: form.agent.trim(), ...bookOf(form.book) }
          : { roles: form.roles }),
        expires_in_days: Number(form.days),
      });
    });
    if (ok && created) {
      setShown({ name: created.name, token: created.token });
      setForm({ ...form, name: "", agent: "", book: "" });
      tokens.reload();
    }
  };
  const revoke = async (t: Token) => {
    if (await action.run(() => post(`/api/v1/admin/tokens/${t.token_id}/revoke`))) tokens.reload();
  };

  return (
    <section aria-labelledby="tokens-h" data-testid="admin-tokens">
      <h2 id="tokens-h">API tokens</h2>
      <form className="card" aria-label="Create an API token" onSubmit={create}>
        <div className="row">
          <div>
            <label htmlFor="tok-name">Name (what it is for)</label>
            <input
              id="tok-name"
              required
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          </div>
          <div>
            <label htmlFor="tok-owner">For</label>
            <select
              id="tok-owner"
              value={form.owner}
              onChange={(e) => setForm({ ...form, owner: e.target.value })}
            >
              <option value="roles">an integration, with roles</option>
              <option value="agent">an agent</option>
            </select>
          </div>
          {form.owner === "agent" ? (
            <div>
              <label htmlFor="tok-agent">Agent id</label>
              <input
                id="tok-agent"
                required
                pattern="AGT-[0-9]{3,6}"
                placeholder="AGT-901"
                value={form.agent}
                onChange={(e) => setForm({ ...form, agent: e.target.value })}
              />
            </div>
          ) : null}
          {form.owner === "agent" ? (
            <div>
              <label htmlFor="tok-book">Reaches the prospects of</label>
              <select
                id="tok-book"
                value={form.book}
                onChange={(e) => setForm({ ...form, book: e.target.value })}
              >
                <option value="">the whole workspace</option>
                {teams.data?.items.length ? (
                  <optgroup label="a team">
                    {teams.data.items.map((t) => (
                      <option key={t.team_id} value={`team:${t.team_id}`}>
                        team {t.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                {territories.data?.items.length ? (
                  <optgroup label="a territory">
                    {territories.data.items.map((t) => (
                      <option key={t.territory_id} value={`territory:${t.territory_id}`}>
                        territory {t.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </select>
            </div>
          ) : null}
          <div>
            <label htmlFor="tok-days">Expires in (days)</label>
            <input
              id="tok-days"
              type="number"
              min={1}
              required
              value={form.days}
              onChange={(e) => setForm({ ...form, days: e.target.value })}
            />
          </div>
        </div>
        <p className="muted" data-testid="tok-book-note">
          {form.owner === "agent"
            ? "An agent reaches the prospects of the team or territory its token is bound to, or the whole workspace. To change it later, create another token and revoke this one."
            : "An integration's token acts as a person holding these roles, and reaches that person's book."}
        </p>
        {form.owner === "roles" ? (
          <RolePicker
            id="tok-role"
            legend="Roles"
            value={form.roles}
            onChange={(r) => setForm({ ...form, roles: r })}
          />
        ) : null}
        <button type="submit" className="primary" disabled={action.busy}>
          Create token
        </button>
      </form>
      {shown ? (
        <div className="notice" role="status" data-testid="new-token-box">
          <p>
            The token for <strong>{shown.name}</strong>. Copy it now: it is shown only this once.
          </p>
          <p>
            <code data-testid="new-token">{shown.token}</code>
          </p>
          <button type="button" onClick={() => setShown(null)}>
            I have copied it
          </button>
        </div>
      ) : null}
      <ErrorNote error={action.error ?? tokens.error ?? teams.error ?? territories.error} />
      <CsvButton filename="tokens" table="tokens" />
      <div className="table-wrap">
        <table data-testid="tokens">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Owner</th>
              <th scope="col">Reaches</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data?.items.map((t) => (
              <tr key={t.token_id} data-token={t.name}>
                <td>{t.name || "—"}</td>
                <td>
                  {t.principal}
                  <div className="muted">
                    {t.kind === "agent" ? t.agent_id : t.roles.join(", ") || "no roles"}
                  </div>
                </td>
                <td data-testid="token-book">{bookWords(t.book)}</td>
                <td>
                  <span className={`badge ${STATUS_BADGE[t.status]}`} data-testid="token-status">
                    {t.status}
                  </span>
                </td>
                <td>{t.expires_at ? fmtTime(t.expires_at) : "never"}</td>
                <td>{fmtTime(t.last_used_at)}</td>
                <td>
                  {t.status === "active" ? (
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Revoke ${t.name}`}
                      onClick={() => void revoke(t)}
                    >
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The select's value ("team:<id>", "territory:<id>", "") as the API's book. */
function bookOf(value: string): { book?: { team_id: string } | { territory_id: string } } {
  const [kind, id] = value.split(":");
  if (kind === "team") return { book: { team_id: id } };
  if (kind === "territory") return { book: { territory_id: id } };
  return {};
}
