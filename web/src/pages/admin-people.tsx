// Admin › People: invite a person, change their roles, name their user id in the CRM (issue 61,
// admin-crm-user.tsx), sign them out everywhere (every session ends, they stay active), deactivate
// (their sessions end at once) or reactivate them. The last active admin of the workspace keeps the
// admin role (LAST_ADMIN).

import { type FormEvent, useState } from "react";
import { post, put } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime } from "../format.ts";
import { useAction, useApi } from "../use-api.ts";
import { CrmUserCell } from "./admin-crm-user.tsx";
import { RolePicker } from "./admin-roles.tsx";

type Person = ApiItem<"listAdminPeople">;

export function AdminPeopleSection() {
  const people = useApi<ApiResponse<"listAdminPeople">>("/api/v1/admin/people");
  const action = useAction();
  const [editing, setEditing] = useState<string | null>(null);
  const [roles, setRoles] = useState<string[]>([]);
  const [notice, setNotice] = useState("");
  const [invite, setInvite] = useState({ email: "", name: "", roles: [] as string[] });

  const done = (message: string) => {
    setNotice(message);
    people.reload();
  };
  const submitInvite = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await action.run(() =>
      post("/api/v1/admin/people", {
        email: invite.email.trim(),
        display_name: invite.name.trim(),
        roles: invite.roles,
      }),
    );
    if (ok) {
      done(`Invited ${invite.name.trim()}. They sign in with single sign-on or an email link.`);
      setInvite({ email: "", name: "", roles: [] });
    }
  };
  const saveRoles = async (p: Person) => {
    if (await action.run(() => put(`/api/v1/admin/people/${p.principal_id}/roles`, { roles }))) {
      setEditing(null);
      done(`${p.display_name}'s roles are now ${roles.join(", ") || "none"}.`);
    }
  };
  const signOutEverywhere = async (p: Person) => {
    const ok = window.confirm(
      `Sign ${p.display_name} out everywhere? Every browser they are signed in on is signed out now; they stay active and can sign in again. Their API tokens keep working.`,
    );
    if (!ok) return;
    let r: { sessions_ended: number; signed_out: boolean } | undefined;
    if (
      await action.run(async () => {
        r = await post(`/api/v1/admin/people/${p.principal_id}/revoke-sessions`);
      })
    ) {
      // their own sessions included this one: back to the sign-in page
      if (r?.signed_out) {
        window.dispatchEvent(new Event("baton:session-ended"));
        return;
      }
      const n = r?.sessions_ended ?? 0;
      done(
        n === 0
          ? `${p.display_name} had no open session.`
          : `${p.display_name} is signed out everywhere: ${n} session${n === 1 ? "" : "s"} ended.`,
      );
    }
  };
  const setActive = async (p: Person, active: boolean) => {
    const verb = active ? "reactivate" : "deactivate";
    if (await action.run(() => post(`/api/v1/admin/people/${p.principal_id}/${verb}`))) {
      done(
        active
          ? `${p.display_name} is active again.`
          : `${p.display_name} is deactivated; their sessions ended.`,
      );
    }
  };

  return (
    <section aria-labelledby="people-h" data-testid="admin-people">
      <h2 id="people-h">People</h2>
      <form className="card" aria-label="Invite a person" onSubmit={submitInvite}>
        <div className="row">
          <div>
            <label htmlFor="inv-email">Email</label>
            <input
              id="inv-email"
              type="email"
              required
              value={invite.email}
              onChange={(e) => setInvite({ ...invite, email: e.target.value })}
            />
          </div>
          <div>
            <label htmlFor="inv-name">Name</label>
            <input
              id="inv-name"
              required
              value={invite.name}
              onChange={(e) => setInvite({ ...invite, name: e.target.value })}
            />
          </div>
        </div>
        <RolePicker
          id="inv-role"
          legend="Roles"
          value={invite.roles}
          onChange={(r) => setInvite({ ...invite, roles: r })}
        />
        <button type="submit" className="primary" disabled={action.busy}>
          Invite
        </button>
      </form>
      {notice ? (
        <p className="notice" role="status" data-testid="people-notice">
          {notice}
        </p>
      ) : null}
      <ErrorNote error={action.error ?? people.error} />
      <CsvButton filename="people" table="people" />
      <div className="table-wrap">
        <table data-testid="people">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">CRM user id</th>
              <th scope="col">Added</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {people.data?.items.map((p) => (
              <tr key={p.principal_id} data-person={p.email ?? p.display_name}>
                <td>
                  {p.display_name}
                  <div className="muted">{p.email ?? "token only (integration)"}</div>
                </td>
                <td>
                  {editing === p.principal_id ? (
                    <div>
                      <RolePicker
                        id={`roles-${p.principal_id}`}
                        legend="New roles"
                        value={roles}
                        onChange={setRoles}
                      />
                      <button type="button" className="primary" onClick={() => void saveRoles(p)}>
                        Save roles
                      </button>{" "}
                      <button type="button" onClick={() => setEditing(null)}>
                        Cancel
                      </button>
                    </div>
                  ) : (
                    <span data-testid="roles">{p.roles.join(", ") || "—"}</span>
                  )}
                </td>
                <td>
                  {p.active ? (
                    <span className="badge active">active</span>
                  ) : (
                    <span className="badge block" title={fmtTime(p.deactivated_at)}>
                      deactivated
                    </span>
                  )}
                </td>
                <td data-testid="crm-user">
                  <CrmUserCell person={p} onSaved={done} />
                </td>
                <td>{fmtTime(p.created_at)}</td>
                <td>
                  {editing !== p.principal_id ? (
                    <button
                      type="button"
                      aria-label={`Change roles of ${p.display_name}`}
                      onClick={() => {
                        setEditing(p.principal_id);
                        setRoles(p.roles);
                      }}
                    >
                      Change roles
                    </button>
                  ) : null}{" "}
                  {p.active && p.email ? (
                    <button
                      type="button"
                      aria-label={`Sign out everywhere: ${p.display_name}`}
                      disabled={action.busy}
                      onClick={() => void signOutEverywhere(p)}
                    >
                      Sign out everywhere
                    </button>
                  ) : null}{" "}
                  {p.active ? (
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Deactivate ${p.display_name}`}
                      onClick={() => void setActive(p, false)}
                    >
                      Deactivate
                    </button>
                  ) : (
                    <button
                      type="button"
                      aria-label={`Reactivate ${p.display_name}`}
                      onClick={() => void setActive(p, true)}
                    >
                      Reactivate
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
