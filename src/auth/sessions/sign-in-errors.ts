// Refusals of people's sign-in (issue 11): sessions, CSRF, single sign-on, email links, demo.
import { defineErrors } from "../../errors/define.ts";

export const signInErrors = defineErrors({
  SESSION_ENDED: {
    status: 401,
    rule: "sessions end at sign-out, after their idle or absolute lifetime, or when revoked",
    message: (f) =>
      `Your session has ended${f.reason ? ` (${f.reason})` : ""}. Signed-out, expired, revoked and deactivated sessions are refused.`,
    next: () => "Sign in again.",
  },
  CSRF_REFUSED: {
    status: 403,
    rule: "every cookie-authenticated write comes from the workspace's own origin with the session's CSRF token",
    message: (f) =>
      f.reason === "origin"
        ? `The request came from another origin (${f.origin ?? "none sent"}); writes with a session cookie must come from ${f.expected}.`
        : "The request lacks the session's CSRF token (X-CSRF-Token).",
    next: (f) =>
      f.reason === "origin" && f.expected
        ? `Open the workspace at ${f.expected} and try again there; integrations use a bearer token instead.`
        : "Send writes from the workspace itself, with the csrf_token of GET /auth/session in the X-CSRF-Token header; integrations use a bearer token instead.",
  },
  SIGN_IN_RATE_LIMITED: {
    status: 429,
    rule: "sign-in attempts are limited per address and per IP",
    message: (f) =>
      `Too many sign-in attempts from this ${f.scope ?? "address"}; retry after ${f.retry_after_s} s.`,
    next: (f) => `Wait ${f.retry_after_s} seconds, then try again.`,
  },
  SSO_NOT_CONFIGURED: {
    status: 404,
    rule: "single sign-on needs the tenant's IdP settings",
    message: (f) => `Workspace ${f.client ?? ""} has no single sign-on configured.`.replace("  ", " "),
    next: () =>
      "Check the workspace name, or ask your admin to set the IdP ('baton admin idp set') or to send you a sign-in link.",
  },
  SSO_DOMAIN_NOT_ALLOWED: {
    status: 403,
    rule: "only email domains the admin allowed may sign in with single sign-on",
    message: (f) =>
      `People from ${f.domain ?? "this email domain"} may not sign in to workspace ${f.client}.`,
    next: () =>
      "Sign in with your work account, or ask your admin to add your domain to the allowed domains.",
  },
  SSO_FAILED: {
    status: 401,
    rule: "OpenID Connect authorization code flow with PKCE, state and nonce",
    message: (f) =>
      `Single sign-on did not complete: ${f.reason ?? "the identity provider's answer was refused"}.`,
    next: () => "Start the sign-in again from the sign-in page.",
  },
  EMAIL_LINK_INVALID: {
    status: 401,
    rule: "sign-in links are single-use and expire after 15 minutes",
    message: () => "This sign-in link is not valid: it was used already, it expired, or it was never issued.",
    next: () => "Ask for a new sign-in link on the sign-in page.",
  },
  SIGN_IN_METHOD_OFF: {
    status: 404,
    rule: "demo sign-in only in demo mode without a real IdP or email sign-in; email sign-in only when configured",
    message: (f) => `${f.method === "demo" ? "Demo" : "Email-link"} sign-in is not available on this server.`,
    next: (f) =>
      f.method === "demo"
        ? "Sign in with single sign-on or an email link."
        : "Use single sign-on, or ask the operator to configure email (SMTP_HOST or BATON_EMAIL_SIGNIN=true).",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof signInErrors;
declare module "../../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
