// Teams (issue 61 item 1): who manages whom. Everyone reads the teams; RevOps and admins create,
// rename and delete them and set who is in each, as manager or member (the API checks every call:
// src/teams/manage-teams.ts). A person may be in several teams. The Books card says whose prospects
// people see (the workspace's setting, docs/books.md).

import { type FormEvent, useState } from "react";
import { del, patch, post, put } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { BooksCard } from "../components/books-card.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";

type Member = Team["members"][number];
type Team = ApiItem<"listTeams">;
type Principal = ApiItem<"listWorkspacePrincipals">;

export function TeamsPage() {
  const { has } = useSession();
  const editor = has("revops", "admin");
  const teams = useApi<ApiResponse<"listTeams">>("/api/v1/teams");
  const people = useApi<ApiResponse<"listWorkspacePrincipals">>(
    editor ? "/api/v1/workspace/principals" : null,
  );
  const action = useAction();
  const [notice, setNotice] = useState("");
  const [name, setName] = useState("");

  const done = (message: string) => {
    setNotice(message);
    teams.reload();
  };
  const create = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (await action.run(() => post("/api/v1/teams", { name: n }))) {
      setName("");
      done(`Team ${n} created. Add its manager and members below.`);
    }
  };

  return (
    <section aria-labelledby="teams-h">
      <h1 id="teams-h" tabIndex={-1}>
        Teams
      </h1>
      <p className="muted">
        Who manages whom. A person may be in several teams, as manager or member.{" "}
        {editor
          ? "RevOps and admins change teams; every change is audited."
          : "RevOps and admins change them."}
      </p>
      <BooksCard editor={editor} />
      {editor ? (
        <form className="card row" aria-label="Create a team" onSubmit={create}>
          <div>
            <label htmlFor="team-name">New team</label>
            <input
              id="team-name"
              required
              maxLength={80}
              placeholder="Mid-market East"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <button type="submit" className="primary" disabled={action.busy || !name.trim()}>
            Create team
          </button>
        </form>
      ) : null}
      {notice ? (
        <p className="notice" role="status" data-testid="teams-notice">
          {notice}
        </p>
      ) : null}
      <ErrorNote error={action.error ?? teams.error ?? people.error} />
      {teams.data && teams.data.items.length === 0 ? (
        <p data-testid="no-teams">No teams yet.{editor ? " Create the first one above." : ""}</p>
      ) : null}
      {teams.data?.items.map((t) => (
        <TeamCard
          key={t.team_id}
          team={t}
          editor={editor}
          people={(people.data?.items ?? []).filter((p) => p.kind === "person")}
          run={action.run}
          busy={action.busy}
          done={done}
        />
      ))}
    </section>
  );
}

function TeamCard({
  team,
  editor,
  people,
  run,
  busy,
  done,
}: {
  team: Team;
  editor: boolean;
  people: Principal[];
  run: (f: () => Promise<unknown>) => Promise<boolean>;
  busy: boolean;
  done: (message: string) => void;
}) {
  const [adding, setAdding] = useState({ who: "", role: "member" });
  const [renaming, setRenaming] = useState<string | null>(null);
  const url = `/api/v1/teams/${team.team_id}`;
  const inTeam = new Set(team.members.map((m) => m.principal_id));
  const candidates = people.filter((p) => !inTeam.has(p.principal_id));
  const headingId = `team-${team.team_id}`;

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const who = people.find((p) => p.principal_id === adding.who);
    if (!who) return;
    if (await run(() => put(`${url}/members/${who.principal_id}`, { role: adding.role }))) {
      setAdding({ who: "", role: "member" });
      done(`${who.display_name} is now a ${adding.role} of ${team.name}.`);
    }
  };
  const setRole = async (m: Member, role: Member["role"]) => {
    if (await run(() => put(`${url}/members/${m.principal_id}`, { role })))
      done(`${m.display_name} is now a ${role} of ${team.name}.`);
  };
  const remove = async (m: Member) => {
    if (await run(() => del(`${url}/members/${m.principal_id}`)))
      done(`${m.display_name} is no longer in ${team.name}.`);
  };
  const rename = async (e: FormEvent) => {
    e.preventDefault();
    const n = (renaming ?? "").trim();
    if (await run(() => patch(url, { name: n }))) {
      setRenaming(null);
      done(`${team.name} is now called ${n}.`);
    }
  };
  const removeTeam = async () => {
    if (
      !window.confirm(
        `Delete the team ${team.name}? Its ${team.members.length} people stay; only the team goes.`,
      )
    )
      return;
    if (await run(() => del(url))) done(`Team ${team.name} deleted; its people stay.`);
  };

  return (
    <article className="card" aria-labelledby={headingId} data-team={team.name}>
      {renaming === null ? (
        <h2 id={headingId}>
          {team.name}{" "}
          <span className="muted">
            {team.members.length} {team.members.length === 1 ? "person" : "people"}
            {team.managers === 0 && team.members.length > 0 ? " · no manager" : ""}
          </span>
        </h2>
      ) : (
        <form className="row" aria-label={`Rename ${team.name}`} onSubmit={rename}>
          <div>
            <label htmlFor={`rename-${team.team_id}`}>Team name</label>
            <input
              id={`rename-${team.team_id}`}
              required
              maxLength={80}
              value={renaming}
              onChange={(e) => setRenaming(e.target.value)}
            />
          </div>
          <button type="submit" className="primary" disabled={busy || !renaming.trim()}>
            Save name
          </button>
          <button type="button" onClick={() => setRenaming(null)}>
            Cancel
          </button>
        </form>
      )}
      {team.description ? <p>{team.description}</p> : null}
      {team.members.length === 0 ? (
        <p className="muted">Nobody in this team yet.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid={`members-${team.name}`}>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Role in the team</th>
                {editor ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {team.members.map((m) => (
                <tr key={m.principal_id} data-member={m.display_name}>
                  <td>
                    {m.display_name}
                    {m.active ? null : <span className="badge block"> deactivated</span>}
                    {m.email ? <div className="muted">{m.email}</div> : null}
                  </td>
                  <td>
                    {editor ? (
                      <select
                        aria-label={`Role of ${m.display_name} in ${team.name}`}
                        value={m.role}
                        disabled={busy}
                        onChange={(e) => void setRole(m, e.target.value as Member["role"])}
                      >
                        <option value="manager">manager</option>
                        <option value="member">member</option>
                      </select>
                    ) : (
                      m.role
                    )}
                  </td>
                  {editor ? (
                    <td>
                      <button
                        type="button"
                        aria-label={`Remove ${m.display_name} from ${team.name}`}
                        disabled={busy}
                        onClick={() => void remove(m)}
                      >
                        Remove
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editor ? (
        <>
          <form className="row" aria-label={`Add a person to ${team.name}`} onSubmit={add}>
            <div>
              <label htmlFor={`add-${team.team_id}`}>Add a person</label>
              <select
                id={`add-${team.team_id}`}
                value={adding.who}
                onChange={(e) => setAdding({ ...adding, who: e.target.value })}
              >
                <option value="">Choose…</option>
                {candidates.map((p) => (
                  <option key={p.principal_id} value={p.principal_id}>
                    {p.display_name}
                    {p.roles.length ? ` (${p.roles.join(", ")})` : ""}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={`add-role-${team.team_id}`}>as</label>
              <select
                id={`add-role-${team.team_id}`}
                value={adding.role}
                onChange={(e) => setAdding({ ...adding, role: e.target.value })}
              >
                <option value="member">member</option>
                <option value="manager">manager</option>
              </select>
            </div>
            <button type="submit" disabled={busy || !adding.who}>
              Add to team
            </button>
          </form>
          <p>
            <button type="button" onClick={() => setRenaming(team.name)}>
              Rename
            </button>{" "}
            <button type="button" className="danger" onClick={() => void removeTeam()}>
              Delete team
            </button>
          </p>
        </>
      ) : null}
    </article>
  );
}
