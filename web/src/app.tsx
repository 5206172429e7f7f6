// The workspace shell: navigation by role, and the page for the current path.
import { type ReactNode, useEffect, useRef } from "react";
import { DemoBanner } from "./components/demo-banner.tsx";
import { MainNav } from "./components/main-nav.tsx";
import { TRIAGE_ROLES } from "./components/reply-holds.tsx";
import { AdminPage } from "./pages/admin-page.tsx";
import { AgentApprovalPage } from "./pages/agent-approval-page.tsx";
import { ApprovalsPage } from "./pages/approvals-queue.tsx";
import { AskAdminPage } from "./pages/ask-admin-page.tsx";
import { CampaignPage } from "./pages/campaign-page.tsx";
import { CampaignsPage } from "./pages/campaigns-page.tsx";
import { ContactsPage } from "./pages/contacts-page.tsx";
import { DashboardPage } from "./pages/dashboard-page.tsx";
import { EmailLinkPage } from "./pages/email-link-page.tsx";
import { CampaignFunnelPage, PlayFunnelPage } from "./pages/funnel-page.tsx";
import { ImportPage } from "./pages/import-page.tsx";
import { InboundReviewsPage } from "./pages/inbound-reviews-page.tsx";
import { HandoffsPage } from "./pages/inbox-page.tsx";
import { LearningPage } from "./pages/learning-page.tsx";
import { MailboxesPage } from "./pages/mailboxes.tsx";
import { MyMailboxPage } from "./pages/my-mailbox.tsx";
import { OAuthConsentPage } from "./pages/oauth-consent-page.tsx";
import { PlayPage } from "./pages/play-page.tsx";
import { PlaysPage } from "./pages/plays-page.tsx";
import { ProposalPage } from "./pages/proposal-page.tsx";
import { RepliesPage } from "./pages/replies-page.tsx";
import { RetrospectivesPage } from "./pages/retrospectives-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { SignalsPage } from "./pages/signals-page.tsx";
import { SuppressionsPage } from "./pages/suppressions-page.tsx";
import { TasksPage } from "./pages/tasks-page.tsx";
import { TeamsPage } from "./pages/teams-page.tsx";
import { TerritoriesPage } from "./pages/territories-page.tsx";
import { TimelinePage } from "./pages/timeline-page.tsx";
import { QueueBadge, type QueueName, useQueueCounts } from "./queues.tsx";
import { Link, match, navigate, useLocation } from "./router.tsx";
import { useSession } from "./session.tsx";

interface NavItem {
  to: string;
  label: string;
  /** Roles that use this page (the UI adapts; the API still checks every call). */
  roles: readonly string[];
  /** The queues whose count the link carries (GET /api/v1/me/queues, web/src/queues.ts). */
  queues?: readonly QueueName[];
  /** issue 60 item 1: the roles that land here after sign-in (first in their navigation), and where. */
  landing?: { roles: readonly string[]; to?: string };
}

const NAV: NavItem[] = [
  // issue 60 item 1: each role lands on its queue. The exec: the drafts to approve, then hand-offs;
  // RevOps and admins read the drafts waiting (src/engine/read-drafts.ts) without approving them
  {
    to: "/approvals",
    label: "Approvals",
    roles: ["exec", "revops", "admin"],
    queues: ["approvals"],
    landing: { roles: ["exec"] },
  },
  { to: "/handoffs", label: "Hand-offs", roles: ["exec"], queues: ["handoffs"] },
  // the rep's LinkedIn touches and the exec's personal sends (src/engine/rep-tasks.ts)
  { to: "/tasks", label: "Tasks", roles: ["rep", "exec"], queues: ["tasks"], landing: { roles: ["rep"] } },
  // issue 69 item 4: who is warming up, ranked by decayed signal score, with one action each
  { to: "/signals", label: "Signals", roles: ["rep", "revops", "slm", "exec", "admin"] },
  // RevOps and the sales leader: the plays waiting for their approval (spec 000 joint approval)
  {
    to: "/plays",
    label: "Play library",
    roles: ["revops", "slm", "exec", "admin"],
    queues: ["plays_to_approve"],
    landing: { roles: ["revops", "slm"], to: "/plays?state=under_review" },
  },
  // spec 000: the retrospectives Baton drafted from the numbers, waiting for RevOps
  {
    to: "/retrospectives",
    label: "Retrospectives",
    roles: ["revops", "slm"],
    queues: ["retrospectives_due"],
  },
  // issue 56: replies Baton was not sure of wait for the role that owns the enrollment (rep, exec);
  // RevOps, sales leaders and admins see all (src/campaigns/triage/triage-roles.ts)
  { to: "/replies", label: "Replies", roles: TRIAGE_ROLES, queues: ["replies"] },
  { to: "/campaigns", label: "Campaigns", roles: ["revops", "slm", "exec", "rep", "admin"] },
  { to: "/contacts", label: "Prospects", roles: ["revops", "slm", "exec", "rep", "admin"] },
  { to: "/dashboard", label: "RevOps dashboard", roles: ["revops", "slm", "exec", "admin"] },
  // issue 56: the reply classifier against the people who triage, and the labelled examples
  { to: "/learning", label: "Learning", roles: ["revops", "slm", "exec", "admin"] },
  // prospect data (issue 15): CSV import and the suppression lists
  { to: "/import", label: "Import", roles: ["revops", "admin"] },
  { to: "/suppressions", label: "Suppressions", roles: ["revops", "admin"] },
  // issue 12: each sending mailbox's inbox and sends
  { to: "/mailboxes", label: "Mailboxes", roles: ["revops", "admin", "slm", "exec"] },
  // issue 67: every person connects their own mailbox (Google, Microsoft) and sees its state
  { to: "/my-mailbox", label: "My mailbox", roles: ["revops", "slm", "exec", "rep", "admin"] },
  // issue 35: inbound mail that could not be trusted waits for a person
  {
    to: "/inbound-review",
    label: "Inbound review",
    roles: ["revops", "slm", "exec", "admin"],
    queues: ["inbound_reviews"],
  },
  // issue 61: who manages whom (everyone reads; RevOps and admins change)
  { to: "/teams", label: "Teams", roles: ["revops", "slm", "exec", "rep", "admin"] },
  // issue 61: which team works which accounts, and how new contacts get an owner
  { to: "/territories", label: "Territories", roles: ["revops", "slm", "exec", "rep", "admin"] },
  // the admin lands on the people (those signed in with no role yet wait there)
  {
    to: "/admin",
    label: "Admin",
    roles: ["admin"],
    queues: ["people_waiting"],
    landing: { roles: ["admin"], to: "/admin/people" },
  },
];

/** The person's navigation: their landing queues first, then the rest in NAV's order. */
export function navFor(roles: readonly string[]): NavItem[] {
  const mine = NAV.filter((n) => n.roles.some((r) => roles.includes(r)));
  const lands = (n: NavItem) => !!n.landing?.roles.some((r) => roles.includes(r));
  return [...mine.filter(lands), ...mine.filter((n) => !lands(n))];
}

/** Where the person lands after sign-in: their first landing queue, else the first page. */
export function landingFor(roles: readonly string[]): string {
  const nav = navFor(roles);
  const first = nav[0];
  if (!first) return "/contacts";
  return first.landing?.roles.some((r) => roles.includes(r)) ? (first.landing.to ?? first.to) : first.to;
}

export function App() {
  const { me, loading, signOut, has } = useSession();
  const { path } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const counts = useQueueCounts(!!me && me.kind === "person" && me.roles.length > 0);

  // move focus to the page heading on navigation, so keyboard and screen-reader users land on it
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on path change
  useEffect(() => {
    mainRef.current?.querySelector("h1")?.focus();
  }, [path]);

  if (loading) return <p className="loading">Loading…</p>;
  if (!me) return path === "/signin/email" ? <EmailLinkPage /> : <SignInPage />;
  // signed in, but no role mapped yet (single sign-on provisioned them): not an empty workspace
  if (me.kind === "person" && me.roles.length === 0) return <AskAdminPage />;

  const nav = me.kind === "person" ? navFor(me.roles) : [];
  const home = me.kind === "person" ? landingFor(me.roles) : "/contacts";
  // the approval inbox of before issue 60: the exec's approvals, or a rep's tasks
  const moved = path === "/inbox" ? (has("exec", "revops", "admin") ? "/approvals" : "/tasks") : null;
  if (path === "/" || path.startsWith("/signin") || moved) {
    queueMicrotask(() => navigate(moved ?? home));
    return null;
  }

  return (
    <div className="shell">
      {me.demo_mode ? <DemoBanner /> : null}
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to={home} className="brand">
          Baton
        </Link>
        <MainNav>
          <ul>
            {nav.map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={path.startsWith(n.to) ? "page" : undefined}>
                  {n.label}
                  {n.queues ? <QueueBadge counts={counts} queues={n.queues} /> : null}
                </Link>
              </li>
            ))}
          </ul>
        </MainNav>
        <div className="who">
          <span data-testid="who">
            {me.display_name} <span className="muted">({me.roles.join(", ") || me.agent_id})</span>
          </span>
          <button type="button" className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={mainRef}>
        <Route path={path} />
      </main>
    </div>
  );
}

const ROUTES: [string, (p: Record<string, string>) => ReactNode][] = [
  ["/plays", () => <PlaysPage />],
  ["/plays/:id", (p) => <PlayPage id={p.id} />],
  ["/plays/:id/funnel", (p) => <PlayFunnelPage id={p.id} />],
  ["/proposals/:id", (p) => <ProposalPage id={p.id} />],
  ["/approvals", () => <ApprovalsPage />],
  ["/handoffs", () => <HandoffsPage />],
  ["/tasks", () => <TasksPage />],
  ["/signals", () => <SignalsPage />],
  ["/retrospectives", () => <RetrospectivesPage />],
  ["/replies", () => <RepliesPage />],
  ["/learning", () => <LearningPage />],
  ["/campaigns", () => <CampaignsPage />],
  ["/campaigns/:id", (p) => <CampaignPage id={p.id} />],
  ["/campaigns/:id/funnel", (p) => <CampaignFunnelPage id={p.id} />],
  ["/contacts", () => <ContactsPage />],
  ["/contacts/:id", (p) => <TimelinePage id={p.id} />],
  ["/dashboard", () => <DashboardPage />],
  ["/import", () => <ImportPage />],
  ["/suppressions", () => <SuppressionsPage />],
  ["/mailboxes", () => <MailboxesPage />],
  ["/my-mailbox", () => <MyMailboxPage />],
  ["/inbound-review", () => <InboundReviewsPage />],
  ["/teams", () => <TeamsPage />],
  ["/territories", () => <TerritoriesPage />],
  ["/admin", () => <AdminPage />],
  ["/admin/:tab", (p) => <AdminPage tab={p.tab} />],
  // issue 61: an MCP client's request for access, which the authorization server sends here
  ["/oauth/consent/:uid", (p) => <OAuthConsentPage uid={p.uid} />],
  // issue 71: an agent's request for a person's decision, whose link its MCP host showed
  ["/approvals/agent/:id", (p) => <AgentApprovalPage id={p.id} />],
];

function Route({ path }: { path: string }) {
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, path);
    if (params) return render(params);
  }
  return (
    <section>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. <Link to="/plays">Go to the play library</Link>.
      </p>
    </section>
  );
}
