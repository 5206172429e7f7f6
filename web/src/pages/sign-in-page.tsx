// Sign in: (demo mode without a real IdP or email sign-in, first on the page) one click as a demo
// person, single sign-on with the workspace's IdP, or an email link. No token is typed or stored in the browser.
import { type FormEvent, useEffect, useState } from "react";
import { get, post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { DemoBanner } from "../components/demo-banner.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { useSession } from "../session.tsx";

type Options = ApiResponse<"getSignInOptions">;

/** Why a sign-in came back refused (/signin?error=CODE), in words a person can act on. */
function refusal(q: URLSearchParams): { title: string; next: string } | null {
  const code = q.get("error");
  if (!code) return null;
  const client = q.get("client");
  switch (code) {
    case "SSO_DOMAIN_NOT_ALLOWED":
      return {
        title: `People from ${q.get("domain") ?? "your email domain"} may not sign in to this workspace.`,
        next: "Sign in with your work account, or ask your admin to add your domain to the allowed domains.",
      };
    case "SSO_NOT_CONFIGURED":
      return {
        title: `Workspace ${client ?? ""} has no single sign-on set up.`,
        next: "Check the workspace name, or ask your admin for single sign-on or a sign-in link.",
      };
    case "SSO_FAILED":
      return {
        title: `Single sign-on did not complete${q.get("reason") ? `: ${q.get("reason")}` : ""}.`,
        next: "Start the sign-in again.",
      };
    default:
      return { title: `Sign-in was refused (${code}).`, next: "Try again, or ask your admin." };
  }
}

/** The demo people, one click each: first on the page in demo mode (issue 60). */
function DemoPeople({
  people,
  onPick,
}: {
  people: Options["demo_principals"];
  onPick: (key: string) => void;
}) {
  return (
    <section className="card" aria-labelledby="demo-h">
      <h2 id="demo-h">Demo: sign in as</h2>
      <ul className="demo-list">
        {people.map((p) => (
          <li key={p.key}>
            <button type="button" onClick={() => onPick(p.key)} data-testid={`demo-${p.key}`}>
              {p.display_name} <span className="muted">{p.roles.join(", ")}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SignInPage() {
  const { signInDemo } = useSession();
  const [opts, setOpts] = useState<Options | null>(null);
  const search = new URLSearchParams(window.location.search);
  const [client, setClient] = useState(search.get("client") ?? "");
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const refused = refusal(search);

  useEffect(() => {
    get<ApiResponse<"getSignInOptions">>("/auth/options")
      .then(setOpts)
      .catch(() => setOpts({ demo: false, email: false, demo_mode: false, demo_principals: [] }));
  }, []);

  const sso = (e: FormEvent) => {
    e.preventDefault();
    window.location.assign(`/auth/oidc/start?client=${encodeURIComponent(client.trim().toLowerCase())}`);
  };
  const emailLink = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setSent(null);
    try {
      const r = await post<ApiResponse<"startEmailSignIn">>("/auth/email/start", {
        client: client.trim().toLowerCase(),
        email: email.trim(),
      });
      setSent(r.message);
    } catch (err) {
      setError(err);
    }
  };
  const demo = async (key: string) => {
    setError(undefined);
    try {
      await signInDemo(key);
    } catch (err) {
      setError(err);
    }
  };

  // in demo mode the demo people come first: a newcomer met single sign-on above them (issue 60)
  const people = opts?.demo ? opts.demo_principals : [];
  return (
    <>
      {opts?.demo_mode ? <DemoBanner /> : null}
      <main className="signin" id="main">
        <h1>Sign in to Baton</h1>
        {refused ? (
          <div className="error-note" role="alert" data-testid="signin-refused">
            <p>
              <strong>{refused.title}</strong>
            </p>
            <p className="next">{refused.next}</p>
          </div>
        ) : null}
        <ErrorNote error={error} />
        {people.length > 0 ? <DemoPeople people={people} onPick={(key) => void demo(key)} /> : null}
        <form onSubmit={sso} className="card" aria-labelledby="sso-h">
          <h2 id="sso-h">Single sign-on</h2>
          <label htmlFor="client">Workspace</label>
          <input
            id="client"
            name="client"
            autoComplete="organization"
            value={client}
            onChange={(e) => setClient(e.target.value)}
            placeholder="acme"
            pattern="[A-Za-z0-9][A-Za-z0-9_\-]*"
            required
          />
          <button type="submit" className="primary">
            Continue with single sign-on
          </button>
        </form>
        {opts?.email ? (
          <form onSubmit={emailLink} className="card" aria-labelledby="email-h">
            <h2 id="email-h">Email me a sign-in link</h2>
            <label htmlFor="email-client">Workspace</label>
            <input
              id="email-client"
              value={client}
              onChange={(e) => setClient(e.target.value)}
              placeholder="acme"
              required
            />
            <label htmlFor="email">Work email</label>
            <input
              id="email"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
            />
            <button type="submit">Email me a link</button>
            {sent ? (
              <p role="status" data-testid="email-sent">
                {sent}
              </p>
            ) : null}
          </form>
        ) : null}
      </main>
    </>
  );
}
