// The consent page (issue 61 item 4): an MCP client asks to act for the signed-in person on Baton's
// /mcp. The person reads which client (its registered name, in its own words, and the host the
// answer goes to), which scopes, and with which roles (their own, never more), then approves or
// denies; the browser goes back to the authorization server, which sends the client its answer.
import { useState } from "react";
import { post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime } from "../format.ts";
import { useAction, useApi } from "../use-api.ts";

type AccessRequest = ApiResponse<"getOauthRequest">;

const SCOPE_WORDS: Record<AccessRequest["scopes"][number], string> = {
  "mcp:read": "Read what your roles may read: campaigns, prospects, plays, drafts, replies",
  "mcp:write":
    "Act as you where your roles may act: enroll, draft, pause, answer — each checked as if you did it",
};

export function OAuthConsentPage({ uid }: { uid: string }) {
  const request = useApi<ApiResponse<"getOauthRequest">>(`/api/v1/oauth/requests/${encodeURIComponent(uid)}`);
  const action = useAction();
  const [leaving, setLeaving] = useState(false);

  const answer = async (verdict: "approve" | "deny") => {
    let to: string | undefined;
    const ok = await action.run(async () => {
      to = (
        await post<ApiResponse<"approveOauthRequest" | "denyOauthRequest">>(
          `/api/v1/oauth/requests/${encodeURIComponent(uid)}/${verdict}`,
        )
      ).redirect_to;
    });
    if (ok && to) {
      setLeaving(true);
      window.location.assign(to);
    }
  };

  const r = request.data;
  return (
    <section aria-labelledby="consent-h" data-testid="oauth-consent" className="consent">
      <h1 id="consent-h" tabIndex={-1}>
        Connect an agent
      </h1>
      <ErrorNote error={action.error ?? request.error} />
      {r ? (
        <div className="card">
          <p>
            <strong data-testid="consent-client">{r.client.name}</strong> asks to use Baton for you.
            {r.client.published_by ? (
              <>
                {" "}
                Its description is published by{" "}
                <code data-testid="consent-publisher">{r.client.published_by}</code>.
              </>
            ) : null}
          </p>
          <p className="consent-where" data-testid="consent-where">
            After you approve, you will be sent to{" "}
            <strong data-testid="consent-words">{r.client.redirect_words}</strong> (
            <code data-testid="consent-host">{r.client.redirect_host}</code>), with a code that lets it act as
            you. The name above is the client's own words; approve only if this is where the agent you are
            connecting lives.
          </p>
          <h2>It asks to</h2>
          <ul data-testid="consent-scopes">
            {r.scopes.map((s) => (
              <li key={s}>
                <code>{s}</code> — {SCOPE_WORDS[s]}
              </li>
            ))}
          </ul>
          <p>
            It acts with your roles (<span data-testid="consent-roles">{r.roles.join(", ")}</span>), never
            more; every call is checked and logged as yours. Access tokens last 10 minutes and are renewed
            until an admin revokes the client (Admin › Connected clients).
          </p>
          <p className="muted">This request ends {fmtTime(r.expires_at)}.</p>
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={action.busy || leaving}
              onClick={() => void answer("approve")}
            >
              Approve
            </button>
            <button type="button" disabled={action.busy || leaving} onClick={() => void answer("deny")}>
              Deny
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
