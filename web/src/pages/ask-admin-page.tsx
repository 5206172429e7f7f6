// A person signed in (single sign-on provisioned them) but no role is mapped to them yet: say so
// and say who can fix it, instead of showing an empty workspace.
import { useSession } from "../session.tsx";

export function AskAdminPage() {
  const { me, signOut } = useSession();
  return (
    <main className="signin" id="main">
      <h1 tabIndex={-1}>Ask your admin for access</h1>
      <section className="card" data-testid="ask-admin">
        <p>
          You are signed in as <strong>{me?.display_name}</strong> in workspace <code>{me?.client_id}</code>,
          but no Baton role is given to you yet.
        </p>
        <p>
          Ask your Baton admin to give you a role: either in your identity provider (a group mapped to a Baton
          role in the single sign-on settings) or on the People page. Then sign in again.
        </p>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </section>
    </main>
  );
}
