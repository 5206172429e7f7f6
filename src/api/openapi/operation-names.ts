// Names for the OpenAPI document (issue 38 item 3): every operation's operationId and tag are
// derived here from its method and path, so a new route gets both without saying anything, and
// the route files' own `tags` are not used. One rule, a few overrides where it reads badly.
//
// operationId: a verb and the resource path in camelCase, the /api/v1 prefix dropped; a static
// segment followed by a parameter is singular (campaigns/{slug} -> Campaign).
//   GET  …/campaigns              listCampaigns        (the last segment plural: a list)
//   GET  …/campaigns/{slug}       getCampaign          (anything else: get)
//   POST …/campaigns              createCampaign       (POST to a plural segment: create one)
//   POST …/handoffs/{id}/route    routeHandoff         (POST to a singular segment: that action)
//   POST …/handoffs/route         routeHandoffs        (an action on the collection keeps it plural)
//   PUT  …/people/{id}/roles      setPersonRoles       PATCH: update…   DELETE: delete…
// tag: the first segment after /api/v1 (or of the path), through TAG_ALIASES; its description
// comes from TAGS. A test (test/foundation/openapi-document.test.ts) keeps every operationId
// unique and every tag described.

/** "METHOD /path" (the document's path, {param} style) -> the operationId the rule gets wrong. */
export const OPERATION_ID_OVERRIDES: Record<string, string> = {
  "GET /u/{token}": "showUnsubscribePage",
  "POST /u/{token}": "unsubscribeOneClick",
  "POST /mcp": "callMcp",
  "GET /auth/options": "getSignInOptions",
  "GET /auth/session": "getSession",
  "POST /auth/sign-out": "signOut",
  "POST /auth/demo": "signInAsDemoPerson",
  "POST /auth/email/start": "startEmailSignIn",
  "POST /auth/email/verify": "verifyEmailSignIn",
  "GET /auth/oidc/start": "startOidcSignIn",
  "POST /api/v1/replies": "submitReply",
  "GET /api/v1/replies/triage": "listReplyTriage",
  "GET /api/v1/replies/triage/count": "countReplyTriage",
  "GET /api/v1/me/queues": "countMyQueues",
  "GET /api/v1/replies/triage/{id}": "getReplyTriage",
  "POST /api/v1/replies/triage/{id}/decide": "decideReply",
  "POST /api/v1/replies/triage/decide": "decideReplies",
  "GET /api/v1/replies/examples.jsonl": "exportReplyExamples",
  "GET /api/v1/learning/reply-agreement": "getReplyAgreement",
  "GET /api/v1/replies/automation": "listReplyAutomationClasses",
  "POST /api/v1/replies/automation/close": "closeReplyAutomationClass",
  "POST /api/v1/replies/automation/reopen": "reopenReplyAutomationClass",
  "POST /api/v1/bounces": "reportBounce",
  "POST /api/v1/campaigns/{slug}/enrollments/bulk": "createCampaignEnrollments",
  "POST /api/v1/campaigns/preview-step": "previewEditedStep",
  "POST /api/v1/campaigns/test-send": "testSendEditedStep",
  "POST /api/v1/coordinator/activations": "requestActivation",
  "POST /api/v1/coordinator/steps": "gateEnrollmentStep",
  "POST /api/v1/coordinator/execute-plays": "executeActivePlays",
  "GET /api/v1/plays/active/segments/{segment}": "listActivePlaysOfSegment",
  "GET /api/v1/plays/active/accounts/{accountId}": "listActivePlaysOfAccount",
  "GET /api/v1/plays/by-proposal/{proposalId}": "listPlaysByProposal",
  "GET /api/v1/plays/agents/{agentId}/drafts": "listAgentPlayDrafts",
  "POST /api/v1/imports/preview": "previewImport",
  "POST /api/v1/admin/people/{id}/revoke-sessions": "revokeAdminPersonSessions",
  "POST /api/v1/inbound/webhooks/{provider}/{id}": "receiveProviderEvents",
  "POST /api/v1/inbound/webhooks/{provider}/{id}/{token}": "receiveProviderEventsWithToken",
  "POST /api/v1/inbound/meetings/{provider}/{id}": "receiveBooking",
  "POST /api/v1/inbound/crm/attio/{id}": "receiveAttioEvents",
  "POST /api/v1/crm/attio/webhook": "registerAttioWebhook",
  "GET /api/v1/crm/attio/webhook": "getAttioWebhook",
  "DELETE /api/v1/crm/attio/webhook": "removeAttioWebhook",
  "POST /api/v1/inbound/signals/{client_id}/{source_id}": "receiveSignalEvent",
  "POST /api/v1/signals": "recordSignals",
  "GET /api/v1/signals/hot": "listHotSignals",
  "POST /api/v1/signals/hot/contacts/{id}/actions": "actOnHotContact",
  "POST /api/v1/signals/hot/accounts/{id}/actions": "actOnHotAccount",
  "POST /api/v1/signals/sources/{id}/rotate": "rotateSignalSourceSecret",
  "POST /api/v1/territories/assign": "assignUnownedContacts",
  "PUT /api/v1/admin/people/{id}/crm-user": "setAdminPersonCrmUser",
  "GET /.well-known/oauth-protected-resource": "getOauthProtectedResource",
  "GET /.well-known/oauth-protected-resource/mcp": "getMcpOauthProtectedResource",
};

/** A POST's last segment that is not itself a verb -> the verb it stands for. */
const ACTION_VERBS: Record<string, string> = { done: "complete" };

/** First path segments that are not the tag's name. */
const TAG_ALIASES: Record<string, string> = {
  healthz: "system",
  readyz: "system",
  health: "system",
  me: "system",
  api: "system",
  u: "unsubscribe",
  inbound: "inbound-webhooks",
  // issue 72 item 2: the tenant's reply model versions, beside the replies' other routes
  "reply-models": "replies",
  // issue 61 item 4: the MCP clients' OAuth (protected-resource metadata, a person's consent)
  ".well-known": "oauth",
};

/** Every tag with its description, in the document's order. */
export const TAGS: { name: string; description: string }[] = [
  { name: "system", description: "Liveness, readiness and who the caller is." },
  { name: "auth", description: "Sign-in for people: the methods offered, sessions, email links and SSO." },
  { name: "demo", description: "Demo mode only: the demo principals." },
  { name: "campaigns", description: "Campaigns, their steps, drafter and enrollments (spec 002)." },
  { name: "enrollments", description: "One enrollment of a contact in a campaign: read it or end it." },
  {
    name: "oauth",
    description:
      "MCP clients signing in with OAuth 2.1 (issue 61): the protected resource's metadata and a person's approval of a client's request.",
  },
  {
    name: "teams",
    description: "Teams of people with their managers and members; RevOps and admins set them (issue 61).",
  },
  {
    name: "books",
    description:
      "Whose prospects each person reaches (issue 61): the workspace's setting, own, team or the workspace.",
  },
  {
    name: "territories",
    description:
      "Territories owned by teams (segment, account list or rule), with a dry run of who moves, and routing contacts that have no owner (issue 61).",
  },
  { name: "handoffs", description: "Hand-offs waiting at the exec gate, and routing them into campaigns." },
  {
    name: "meetings",
    description:
      "Meetings booked through a scheduling tool, and the bookings that matched a contact only by address and wait for a person.",
  },
  { name: "replies", description: "Inbound replies: classified, logged and acted on." },
  { name: "bounces", description: "Bounce reports for sent touches." },
  {
    name: "signals",
    description:
      "Buying signals: recording them (a batch, idempotent), the catalogue of types, the page rules and the signed webhook sources (issue 69).",
  },
  { name: "plays", description: "The play library: drafts, review, approval, caps, retirement (spec 000)." },
  {
    name: "proposals",
    description: "Brain proposals: the payload and rationale behind plays (spec 000 lineage).",
  },
  {
    name: "coordinator",
    description: "The coordinator's five gates: activations, steps, caps, plays (spec 001).",
  },
  { name: "accounts", description: "One account: its owner and its weekly touch cap for ABM (issue 61)." },
  { name: "contacts", description: "One prospect: timeline, opt-out, erasure and legal basis." },
  { name: "events", description: "The cadence event log, with every gate decision and its lineage." },
  { name: "cohort", description: "The quarter-end cohort retrospective of brain-designed plays." },
  { name: "flags", description: "Proactive flags: listing, resolving and scanning." },
  { name: "workspace", description: "Read models behind the workspace pages: dashboard, search, previews." },
  { name: "notifications", description: "The notification outbox: what was sent to people and webhooks." },
  { name: "webhooks", description: "Outgoing webhooks that receive signed notifications." },
  { name: "drafts", description: "Staged drafts waiting for approval, approved or rejected." },
  {
    name: "drafting-tasks",
    description: "Touches waiting for an external agent to draft them: lease and submit.",
  },
  { name: "rep-tasks", description: "Manual touches (LinkedIn, calls) a person does and marks done." },
  { name: "mailbox-limits", description: "Daily sending limits of the sending mailboxes." },
  {
    name: "mailboxes",
    description: "Mailboxes read for replies and bounces (IMAP): settings, state, pause.",
  },
  {
    name: "sending-domains",
    description: "Each sending domain's SPF, DKIM and DMARC in DNS, with the record to publish.",
  },
  {
    name: "sender-identity",
    description: "The company and postal address in the footer of commercial email (CAN-SPAM, CASL).",
  },
  {
    name: "meeting-webhooks",
    description: "Calendly and Cal.com webhook endpoints that report booked and cancelled meetings.",
  },
  { name: "inbound-reviews", description: "Inbound mail that was not trusted, waiting for a person." },
  {
    name: "inbound-webhooks",
    description:
      "What outside services post, signed: email providers' bounces and complaints, scheduling tools' bookings, CRMs' changes.",
  },
  {
    name: "crm",
    description: "The CRM outbox (writes waiting, applied or dead-lettered) and the Attio webhook.",
  },
  { name: "imports", description: "CSV imports of contacts and accounts." },
  { name: "suppressions", description: "Suppressed addresses and domains: nothing is sent to them." },
  { name: "erasures", description: "The erasure log (GDPR Art. 17)." },
  {
    name: "data-requests",
    description:
      "Data-protection requests people make in replies (erasure, access), with their legal deadline; RevOps closes each once (issue 72).",
  },
  {
    name: "agent-approvals",
    description:
      "An agent's request for a person's decision (issue 71): read it, approve or decline it from a signed-in session.",
  },
  { name: "learning", description: "Funnels, A/B variants, retrospectives and brain-agent calibration." },
  { name: "admin", description: "People, roles, API tokens, single sign-on and the audit log." },
  { name: "unsubscribe", description: "The one-click unsubscribe pages of sent mail (RFC 8058); public." },
  { name: "mcp", description: "The MCP endpoint (Streamable HTTP) for agents; see docs/agents.md." },
];

const API_PREFIX = /^\/api\/v1(?=\/|$)/;

const isParam = (segment: string) => segment.startsWith("{");

function segmentsOf(path: string): string[] {
  return path.replace(API_PREFIX, "").split("/").filter(Boolean);
}

/** The singular of an English plural as used in Baton's paths (people, replies, mailboxes, plays). */
export function singular(word: string): string {
  const dash = word.lastIndexOf("-");
  if (dash >= 0) return word.slice(0, dash + 1) + singular(word.slice(dash + 1));
  if (word === "people") return "person";
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(x|ch|sh|ss)es$/.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word)) return word;
  return word.endsWith("s") ? word.slice(0, -1) : word;
}

const isPlural = (word: string) => singular(word) !== word;

const pascal = (word: string) =>
  word
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");

const camel = (word: string) => {
  const p = pascal(word);
  return p[0].toLowerCase() + p.slice(1);
};

/**
 * The resource words of a path's segments: statics in order, each singular except those kept as
 * written (`keepLast`: the final static of a list, or the collection an action applies to).
 */
function resourceOf(segments: string[], keepLast: boolean): string {
  const statics = segments.filter((s) => !isParam(s));
  return statics
    .map((s, i) => (keepLast && i === statics.length - 1 ? pascal(s) : pascal(singular(s))))
    .join("");
}

/** The operationId of METHOD path, by the rule above (without overrides). */
export function ruleOperationId(method: string, path: string): string {
  const m = method.toUpperCase();
  const segments = segmentsOf(path);
  const last = segments.at(-1) ?? "root";
  const endsInStatic = !isParam(last);
  switch (m) {
    case "GET":
      return endsInStatic && isPlural(last)
        ? `list${resourceOf(segments, true)}`
        : `get${resourceOf(segments, false)}`;
    case "POST": {
      if (!endsInStatic) return `post${resourceOf(segments, false)}`;
      if (isPlural(last)) return `create${resourceOf(segments, false)}`;
      const before = segments.slice(0, -1);
      const onCollection = before.length > 0 && !isParam(before.at(-1) ?? "");
      return `${ACTION_VERBS[last] ?? camel(last)}${resourceOf(before, onCollection)}`;
    }
    case "PUT":
      return `set${resourceOf(segments, endsInStatic)}`;
    case "PATCH":
      return `update${resourceOf(segments, endsInStatic)}`;
    case "DELETE":
      return `delete${resourceOf(segments, endsInStatic)}`;
    default:
      return `${m.toLowerCase()}${resourceOf(segments, false)}`;
  }
}

export function operationIdOf(method: string, path: string): string {
  return OPERATION_ID_OVERRIDES[`${method.toUpperCase()} ${path}`] ?? ruleOperationId(method, path);
}

export function tagOf(path: string): string {
  const first = segmentsOf(path)[0] ?? "system";
  return TAG_ALIASES[first] ?? first;
}
