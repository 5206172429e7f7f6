// The page an email sign-in link opens: /signin/email#client=…&code=…. The code is in the
// fragment (never sent to a server, so never in a log); this page drops it from the address bar
// at once and posts it to /auth/email/verify, which uses it up.
import { useEffect, useRef, useState } from "react";
import { post } from "../api.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { Link, navigate } from "../router.tsx";
import { useSession } from "../session.tsx";

export function EmailLinkPage() {
  const { refresh } = useSession();
  const [error, setError] = useState<unknown>();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const params = new URLSearchParams(window.location.hash.slice(1));
    const code = params.get("code") ?? "";
    window.history.replaceState(null, "", "/signin/email");
    post("/auth/email/verify", { code })
      .then(async () => {
        navigate("/");
        await refresh();
      })
      .catch(setError);
  }, [refresh]);

  return (
    <main className="signin" id="main">
      <h1>Signing you in…</h1>
      <ErrorNote error={error} />
      {error ? (
        <p>
          <Link to="/signin">Back to the sign-in page</Link>
        </p>
      ) : null}
    </main>
  );
}
