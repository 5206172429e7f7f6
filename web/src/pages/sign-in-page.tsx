// Sign in with a token. In demo mode the server lists the demo principals for one-click sign-in.
import { type FormEvent, useEffect, useState } from "react";
import { get } from "../api.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { useSession } from "../session.tsx";

interface DemoPrincipal {
  key: string;
  display_name: string;
  kind: "person" | "agent";
  roles: string[];
  agent_id: string | null;
  token: string;
}

export function SignInPage() {
  const { signIn } = useSession();
  const [token, setToken] = useState("");
  const [error, setError] = useState<unknown>();
  const [demo, setDemo] = useState<DemoPrincipal[]>([]);

  useEffect(() => {
    get<{ items: DemoPrincipal[] }>("/api/v1/demo/principals")
      .then((r) => setDemo(r.items.filter((p) => p.kind === "person")))
      .catch(() => setDemo([])); // not in demo mode: no list
  }, []);

  const go = async (t: string) => {
    setError(undefined);
    try {
      await signIn(t.trim());
    } catch (e) {
      setError(e);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void go(token);
  };

  return (
    <main className="signin" id="main">
      <h1>Sign in to Baton</h1>
      <form onSubmit={submit} className="card">
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="bt_…"
          required
        />
        <button type="submit" className="primary">
          Sign in
        </button>
        <ErrorNote error={error} />
      </form>
      {demo.length > 0 ? (
        <section className="card" aria-labelledby="demo-h">
          <h2 id="demo-h">Demo: sign in as</h2>
          <ul className="demo-list">
            {demo.map((p) => (
              <li key={p.key}>
                <button type="button" onClick={() => void go(p.token)} data-testid={`demo-${p.key}`}>
                  {p.display_name} <span className="muted">{p.roles.join(", ")}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
