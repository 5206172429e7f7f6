// The admin's workspace page (admin role): People, API tokens, Connected clients (MCP clients
// signed in with OAuth), the Audit log, and Sign-in (the
// single sign-on settings, web/src/pages/admin-sign-in.tsx). One tab per path: /admin/<tab>.
import { Link } from "../router.tsx";
import { AdminAuditSection } from "./admin-audit.tsx";
import { AdminOAuthClientsSection } from "./admin-oauth-clients.tsx";
import { AdminPeopleSection } from "./admin-people.tsx";
import { AdminSignInSection } from "./admin-sign-in.tsx";
import { AdminTokensSection } from "./admin-tokens.tsx";

const TABS = [
  { tab: "people", label: "People", render: () => <AdminPeopleSection /> },
  { tab: "tokens", label: "API tokens", render: () => <AdminTokensSection /> },
  { tab: "clients", label: "Connected clients", render: () => <AdminOAuthClientsSection /> },
  { tab: "audit", label: "Audit log", render: () => <AdminAuditSection /> },
  { tab: "sign-in", label: "Sign-in", render: () => <AdminSignInSection /> },
];

export function AdminPage({ tab = "people" }: { tab?: string }) {
  const current = TABS.find((t) => t.tab === tab) ?? TABS[0];
  return (
    <section>
      <h1 tabIndex={-1}>Admin</h1>
      <nav aria-label="Admin sections" className="tabs">
        <ul>
          {TABS.map((t) => (
            <li key={t.tab}>
              <Link to={`/admin/${t.tab}`} aria-current={t.tab === current.tab ? "page" : undefined}>
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {current.render()}
    </section>
  );
}
