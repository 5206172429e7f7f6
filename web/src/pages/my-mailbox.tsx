// My mailbox (issue 67 item 1; docs/mailboxes.md "Connect your mailbox"): every person connects
// their own Google Workspace or Microsoft 365 mailbox by consent at the provider, sees its state in
// words, reconnects it when the provider asks for consent again, and disconnects it. The provider
// sends the browser back here (the API's callback redirects to /my-mailbox?connected=… or ?error=…),
// and the page says what happened. Only the providers this Baton has an OAuth app for are offered.
import { useState } from "react";
import type { operations } from "../../../src/client/contract.ts";
import { del, post } from "../api.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime } from "../format.ts";
import { label, statusInWords } from "../mailbox-words.ts";
import { navigate, useLocation } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";

type Listed = operations["listMailboxConnections"]["responses"][200]["content"]["application/json"];
type Connection = Listed["items"][number];
type Disconnected = operations["deleteMailboxConnection"]["responses"][200]["content"]["application/json"];
type Started = operations["startMailboxOauth"]["responses"][200]["content"]["application/json"];
type ProviderName = "google" | "microsoft";

const STATE_WORDS: Record<string, string> = {
  used: "this connection link was used already, or it is not from this workspace",
  expired: "the connection took more than 10 minutes",
  other_session: "it was started in another browser or sign-in; finish it there, or start again here",
  other_person: "it was started by another person",
  other_provider: "it was started for another provider",
  no_session: "this browser was not signed in to Baton",
};

/** What the provider's return to this page says (the API's callback redirect), in words. */
export function outcomeInWords(q: URLSearchParams): { ok: boolean; text: string } | null {
  const provider = label(q.get("provider"));
  const connected = q.get("connected");
  if (connected) {
    const outcome = q.get("outcome");
    return {
      ok: true,
      text:
        outcome === "resumed"
          ? `${connected} is connected again; its waiting sends go out now.`
          : outcome === "reconnected"
            ? `${connected} is reconnected to ${provider}.`
            : `${connected} is connected to ${provider}. Baton sends your touches from it and reads the replies.`,
    };
  }
  const error = q.get("error");
  if (!error) return null;
  const mailbox = q.get("mailbox") ?? "the mailbox";
  const nothing = "Nothing was connected.";
  switch (error) {
    case "MAILBOX_OAUTH_STATE_INVALID":
      return {
        ok: false,
        text: `This connection could not be completed: ${STATE_WORDS[q.get("reason") ?? ""] ?? "the link is not valid"}. ${nothing} Start again with a Connect button.`,
      };
    case "MAILBOX_ACCOUNT_MISMATCH":
      return {
        ok: false,
        text: `You signed in to ${provider} as ${q.get("account") ?? "another account"}, not as ${mailbox}. ${nothing} Connect again and choose ${mailbox} on ${provider}'s sign-in page.`,
      };
    case "MAILBOX_SCOPES_MISSING":
      return {
        ok: false,
        text: `${provider} did not grant ${q.get("missing") ?? "every permission"}. ${nothing} Connect again and leave every permission Baton asks for ticked.`,
      };
    case "MAILBOX_TAKEN":
      return {
        ok: false,
        text: `${mailbox} is already connected by another person of this workspace. ${nothing} Its owner or an admin disconnects it first.`,
      };
    case "MAILBOX_CONSENT_FAILED":
      return {
        ok: false,
        text: `${provider} did not grant access (declined, or the exchange failed). ${nothing} Try again; if it keeps failing, ask an admin.`,
      };
    case "MAILBOX_PROVIDER_NOT_CONFIGURED":
      return {
        ok: false,
        text: `Connecting ${provider} mailboxes is not set up on this Baton. Ask an admin.`,
      };
    default:
      return { ok: false, text: `The connection failed (${error}). ${nothing}` };
  }
}

export function MyMailboxPage() {
  const { me } = useSession();
  const { search } = useLocation();
  const list = useApi<Listed>("/api/v1/mailboxes/connections");
  const action = useAction();
  const [address, setAddress] = useState("");
  const [confirming, setConfirming] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const outcome = outcomeInWords(search);
  const mine = (list.data?.items ?? []).filter((m) => m.owner.id === me?.principal_id);
  const providers = (list.data?.providers ?? []).filter((p) => p.configured);

  const connect = (provider: ProviderName, mailbox?: string) =>
    void action.run(async () => {
      const r = await post<Started>(`/api/v1/mailboxes/oauth/${provider}/start`, mailbox ? { mailbox } : {});
      window.location.assign(r.authorize_url);
    });
  const disconnect = (m: Connection) =>
    void action
      .run(async () => {
        const r = await del<Disconnected>(`/api/v1/mailboxes/connections/${encodeURIComponent(m.mailbox)}`);
        setNote(
          `${r.mailbox} is disconnected; Baton deleted its access.${r.revoked ? ` ${label(r.provider)} revoked Baton's grant.` : ""}${r.how ? ` ${r.how}` : ""}`,
        );
      })
      .then((ok) => {
        setConfirming(null);
        if (ok) list.reload();
      });

  return (
    <section>
      <h1 tabIndex={-1}>My mailbox</h1>
      <p className="muted">
        Baton sends your touches from your own mailbox, so they are in your Sent folder and the replies come
        back to you. Connect it once: you sign in at Google or Microsoft and allow Baton to send and read
        mail. Baton never marks, moves or deletes your mail.
      </p>
      {outcome ? (
        <div
          className={outcome.ok ? "notice" : "error-note"}
          role={outcome.ok ? "status" : "alert"}
          data-testid="mailbox-outcome"
          data-ok={outcome.ok}
        >
          <p>{outcome.text}</p>
          <button type="button" className="link" onClick={() => navigate("/my-mailbox")}>
            Dismiss
          </button>
        </div>
      ) : null}
      {note ? (
        <div className="card" role="status" data-testid="mailbox-note">
          <p>{note}</p>
        </div>
      ) : null}
      <ErrorNote error={action.error ?? list.error} />
      <div className="card">
        <h2>Your mailboxes</h2>
        {list.data && mine.length === 0 ? (
          <p className="muted" data-testid="no-mailbox">
            You have not connected a mailbox yet.
          </p>
        ) : null}
        <ul className="mailbox-list">
          {mine.map((m) => (
            <li key={m.mailbox} data-testid="my-mailbox" data-status={m.status} className="card">
              <p>
                <strong>{m.mailbox}</strong> · {label(m.provider)}{" "}
                <span
                  className={`badge ${m.status === "connected" ? "active" : m.status === "disconnected" ? "retired" : "warn"}`}
                >
                  {m.status.replace("_", " ")}
                </span>
              </p>
              <p data-testid="my-mailbox-state">{statusInWords(m)}</p>
              <p className="muted">
                Since {fmtTime(m.status_since)} · sent today {m.sent_today}
                {m.provider_limit
                  ? ` of ${m.provider.replace(/^./, (c) => c.toUpperCase())}'s ${m.provider_limit.per_day.toLocaleString("en")} a day`
                  : ""}
                {m.last_error ? ` · last error: ${m.last_error}` : ""}
              </p>
              <div className="row">
                {m.provider === "google" || m.provider === "microsoft" ? (
                  m.status === "connected" ? null : (
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() => connect(m.provider as ProviderName, m.mailbox)}
                    >
                      {m.status === "disconnected" ? "Connect again" : "Reconnect"}
                    </button>
                  )
                ) : null}
                {m.status !== "disconnected" ? (
                  confirming === m.mailbox ? (
                    <fieldset data-testid="disconnect-confirm">
                      <legend>Disconnect {m.mailbox}?</legend>
                      <p>
                        Baton deletes its access and stops sending from it; its waiting touches are held until
                        a mailbox is connected.
                      </p>
                      <button
                        type="button"
                        className="danger"
                        disabled={action.busy}
                        onClick={() => disconnect(m)}
                      >
                        Yes, disconnect
                      </button>{" "}
                      <button type="button" onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </fieldset>
                  ) : (
                    <button type="button" onClick={() => setConfirming(m.mailbox)}>
                      Disconnect
                    </button>
                  )
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </div>
      <div className="card">
        <h2>Connect a mailbox</h2>
        {list.data && providers.length === 0 ? (
          <p className="muted" data-testid="no-providers">
            Connecting mailboxes is not set up on this Baton yet: an admin registers the Google or Microsoft
            app first (docs/mailboxes.md).
          </p>
        ) : (
          <>
            <div className="field">
              <label htmlFor="mailbox-address">Mailbox address (leave empty for your sign-in address)</label>
              <input
                id="mailbox-address"
                type="email"
                autoComplete="email"
                value={address}
                onChange={(e) => setAddress(e.target.value)}
              />
            </div>
            <p className="muted">
              You will sign in at the provider as that address. Baton asks only to send mail and to read it
              (for replies); it connects the mailbox only when you sign in as its own address.
            </p>
            <div className="row">
              {providers.map((p) => (
                <button
                  key={p.name}
                  type="button"
                  disabled={action.busy}
                  onClick={() => connect(p.name, address.trim() || undefined)}
                >
                  Connect {p.label}
                </button>
              ))}
            </div>
          </>
        )}
      </div>
    </section>
  );
}
