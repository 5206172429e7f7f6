// Admin › Connected clients (issue 61 item 4): the MCP clients people of the workspace approved,
// who approved each, when, with which scopes, and when it was last used. Revoke ends every approval,
// code and token of the client at once: its next call is refused.

import { del } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime } from "../format.ts";
import { useAction, useApi } from "../use-api.ts";

type ConnectedClient = ApiItem<"listAdminOauthClients">;

export function AdminOAuthClientsSection() {
  const clients = useApi<ApiResponse<"listAdminOauthClients">>("/api/v1/admin/oauth-clients");
  const action = useAction();
  const revoke = async (c: ConnectedClient) => {
    if (await action.run(() => del(`/api/v1/admin/oauth-clients/${encodeURIComponent(c.app_id)}`)))
      clients.reload();
  };
  const items = clients.data?.items ?? [];
  return (
    <section aria-labelledby="oauth-clients-h" data-testid="admin-oauth-clients">
      <h2 id="oauth-clients-h">Connected clients</h2>
      <p className="muted">
        Agents that signed in the way MCP clients do (OAuth), each approved by a person of the workspace. They
        act with that person's roles. API tokens for scripts are under API tokens.
      </p>
      <ErrorNote error={action.error ?? clients.error} />
      {clients.data && items.length === 0 ? (
        <p data-testid="no-oauth-clients">No client is connected.</p>
      ) : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="oauth-clients">
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Approved by</th>
                <th scope="col">Scopes</th>
                <th scope="col">Approved</th>
                <th scope="col">Last used</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={`${c.app_id}-${c.approved_by.principal_id}-${c.approved_at}`} data-client={c.name}>
                  <td>
                    {c.name}
                    <div className="muted">{c.redirect_host}</div>
                  </td>
                  <td>{c.approved_by.display_name}</td>
                  <td>{c.scopes.join(" ")}</td>
                  <td>{fmtTime(c.approved_at)}</td>
                  <td>{c.last_used_at ? fmtTime(c.last_used_at) : "never"}</td>
                  <td>
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Revoke ${c.name}`}
                      disabled={action.busy}
                      onClick={() => void revoke(c)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
