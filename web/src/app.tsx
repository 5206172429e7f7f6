// The workspace shell: navigation by role, and the page for the current path.
import { Component, type ComponentType, lazy, type ReactNode, Suspense, useEffect } from "react";
import { DemoBanner } from "./components/demo-banner.tsx";
import { MainNav } from "./components/main-nav.tsx";
import { AskAdminPage } from "./pages/ask-admin-page.tsx";
import { EmailLinkPage } from "./pages/email-link-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { QueueBadge, type QueueName, TRIAGE_ROLES, useQueueCounts } from "./queues.tsx";
import { Link, match, navigate, useLocation } from "./router.tsx";
import { useSession } from "./session.tsx";

/**
 * A page fetched the first time its route renders: each import() is a chunk of its own, so a first
 * load fetches the shell (above: nav, session, sign-in) and the one page it opens, not all of them.
 */
function page<K extends string, M extends Record<K, ComponentType<any>>>(load: () => Promise<M>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

const AdminPage = page(() => import("./pages/admin-page.tsx"), "AdminPage");
const AgentApprovalPage = page(() => import("./pages/agent-approval-page.tsx"), "AgentApprovalPage");
const ApprovalsPage = page(() => import("./pages/approvals-queue.tsx"), "ApprovalsPage");
const CampaignPage = page(() => import("./pages/campaign-page.tsx"), "CampaignPage");
const CampaignsPage = page(() => import("./pages/campaigns-page.tsx"), "CampaignsPage");
const ContactsPage = page(() => import("./pages/contacts-page.tsx"), "ContactsPage");
const DashboardPage = page(() => import("./pages/dashboard-page.tsx"), "DashboardPage");
const CampaignFunnelPage = page(() => import("./pages/funnel-page.tsx"), "CampaignFunnelPage");
const PlayFunnelPage = page(() => import("./pages/funnel-page.tsx"), "PlayFunnelPage");
const ImportPage = page(() => import("./pages/import-page.tsx"), "ImportPage");
const InboundReviewsPage = page(() => import("./pages/inbound-reviews-page.tsx"), "InboundReviewsPage");
const HandoffsPage = page(() => import("./pages/inbox-page.tsx"), "HandoffsPage");
const LearningPage = page(() => import("./pages/learning-page.tsx"), "LearningPage");
const MailboxesPage = page(() => import("./pages/mailboxes.tsx"), "MailboxesPage");
const MyMailboxPage = page(() => import("./pages/my-mailbox.tsx"), "MyMailboxPage");
const OAuthConsentPage = page(() => import("./pages/oauth-consent-page.tsx"), "OAuthConsentPage");
const PlayPage = page(() => import("./pages/play-page.tsx"), "PlayPage");
const PlaysPage = page(() => import("./pages/plays-page.tsx"), "PlaysPage");
const ProposalPage = page(() => import("./pages/proposal-page.tsx"), "ProposalPage");
const RepliesPage = page(() => import("./pages/replies-page.tsx"), "RepliesPage");
const RetrospectivesPage = page(() => import("./pages/retrospectives-page.tsx"), "RetrospectivesPage");
const SignalsPage = page(() => import("./pages/signals-page.tsx"), "SignalsPage");
const SuppressionsPage = page(() => import("./pages/suppressions-page.tsx"), "SuppressionsPage");
const TasksPage = page(() => import("./pages/tasks-page.tsx"), "TasksPage");
const TeamsPage = page(() => import("./pages/teams-page.tsx"), "TeamsPage");
const TerritoriesPage = page(() => import("./pages/territories-page.tsx"), "TerritoriesPage");
const TimelinePage = page(() => import("./pages/timeline-page.tsx"), "TimelinePage");

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
  const counts = useQueueCounts(!!me && me.kind === "person" && me.roles.length > 0);

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
      <main id="main">
        <PageFailed path={path}>
          <Route path={path} />
        </PageFailed>
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
    if (!params) continue;
    // keyed by the route, so the page left unmounts at once: a Suspense showing its fallback would keep
    // it mounted, hidden, with its effects (key handlers, polling) running until the next page is in
    return (
      <Suspense
        key={pattern}
        fallback={
          <p className="muted" role="status" aria-live="polite">
            Loading…
          </p>
        }
      >
        <Focused path={path}>{render(params)}</Focused>
      </Suspense>
    );
  }
  return (
    <Focused path={path}>
      <section>
        <h1 tabIndex={-1}>Page not found</h1>
        <p>
          There is no page at <code>{path}</code>. <Link to="/plays">Go to the play library</Link>.
        </p>
      </section>
    </Focused>
  );
}

/**
 * Moves focus to the page's heading on navigation, so keyboard and screen-reader users land on it.
 * Inside the Suspense, its effect runs once the page's chunk is in and the heading rendered.
 */
function Focused({ path, children }: { path: string; children: ReactNode }) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on path change
  useEffect(() => {
    document.querySelector<HTMLElement>("#main h1")?.focus();
  }, [path]);
  return children;
}

/**
 * A page that could not render, most often a chunk gone after a deploy (index.html is not cached, the
 * hashed assets are, and a tab opened before the deploy still asks for the old names): a way out
 * instead of a blank page. React.lazy keeps a failed import failed, so only a reload fetches the new
 * build. Another path clears it.
 */
class PageFailed extends Component<{ path: string; children: ReactNode }, { path: string; failed: boolean }> {
  override state = { path: this.props.path, failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: { path: string }, state: { path: string }) {
    return props.path === state.path ? null : { path: props.path, failed: false };
  }

  // focus on the message, as on a page's heading after navigation
  override componentDidUpdate(_: unknown, before: { failed: boolean }) {
    if (this.state.failed && !before.failed) document.querySelector<HTMLElement>("#main h1")?.focus();
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <section className="error-note" role="alert" data-testid="page-failed">
        <h1 tabIndex={-1}>This page could not be loaded</h1>
        <p>Baton may have been updated since this tab opened. Reload to get the current version.</p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </section>
    );
  }
}
