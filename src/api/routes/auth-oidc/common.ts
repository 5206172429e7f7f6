// What the routes of auth-oidc-routes.ts share.
import type { AppDeps } from "../../context.ts";
import { isHttps } from "../../web-security.ts";

export function stateCookieName(deps: AppDeps): string {
  return isHttps(deps.config.publicUrl) ? "__Host-baton_oidc_state" : "baton_oidc_state";
}
export function signInPage(code: string, extra: Record<string, string> = {}): string {
  return `/signin?${new URLSearchParams({ error: code, ...extra }).toString()}`;
}
export const redirectUri = (deps: AppDeps) => `${deps.config.publicUrl}/auth/oidc/callback`;
export const cookieOpts = (deps: AppDeps) => ({
  path: "/",
  httpOnly: true,
  sameSite: "lax" as const,
  secure: isHttps(deps.config.publicUrl),
});
