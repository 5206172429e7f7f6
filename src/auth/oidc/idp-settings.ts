// A tenant's OpenID Connect settings (issue 11): issuer, client id, client secret (write-only:
// sealed at rest, never read back), allowed email domains, and the claim → role mapping.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { ROLES } from "../principal.ts";
import { openSecret, sealSecret } from "./seal-secret.ts";

export interface IdpSettingsInput {
  issuer: string;
  client_id: string;
  /** Omitted: keep the stored one. Empty string: remove it (a public client). */
  client_secret?: string;
  allowed_domains: string[];
  role_claim?: string;
  role_map: Record<string, string[]>;
  scopes?: string;
}

export interface IdpSettingsView {
  client: string;
  issuer: string;
  client_id: string;
  has_client_secret: boolean;
  allowed_domains: string[];
  role_claim: string;
  role_map: Record<string, string[]>;
  scopes: string;
  updated_at: string;
}

export interface IdpForSignIn {
  clientId: string;
  issuer: string;
  oidcClientId: string;
  clientSecret: string | undefined;
  allowedDomains: string[];
  roleClaim: string;
  roleMap: Record<string, string[]>;
  scopes: string;
  updatedAt: Date;
}

export interface Actor {
  principalId: string | null;
  label: string;
  ip?: string | null;
  userAgent?: string | null;
}

async function row(db: Kysely<DB>, clientId: string) {
  return db.selectFrom("idp_settings").selectAll().where("client_id", "=", clientId).executeTakeFirst();
}

export async function getIdpSettings(db: Kysely<DB>, clientId: string): Promise<IdpSettingsView> {
  const r = await row(db, clientId);
  if (!r) throw new BatonError("SSO_NOT_CONFIGURED", { client: clientId });
  return {
    client: r.client_id,
    issuer: r.issuer,
    client_id: r.oidc_client_id,
    has_client_secret: !!r.oidc_client_secret,
    allowed_domains: r.allowed_domains,
    role_claim: r.role_claim,
    role_map: r.role_map,
    scopes: r.scopes,
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

/** Settings with the unsealed secret, for the sign-in flow only. */
export async function loadIdpForSignIn(
  db: Kysely<DB>,
  clientId: string,
  secret: string,
): Promise<IdpForSignIn> {
  const r = await row(db, clientId);
  if (!r) throw new BatonError("SSO_NOT_CONFIGURED", { client: clientId });
  return {
    clientId: r.client_id,
    issuer: r.issuer,
    oidcClientId: r.oidc_client_id,
    clientSecret: r.oidc_client_secret ? openSecret(r.oidc_client_secret, secret) : undefined,
    allowedDomains: r.allowed_domains,
    roleClaim: r.role_claim,
    roleMap: r.role_map,
    scopes: r.scopes,
    updatedAt: new Date(r.updated_at),
  };
}

function validate(input: IdpSettingsInput): void {
  const errors: { path: string; message: string }[] = [];
  try {
    const u = new URL(input.issuer);
    if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error();
  } catch {
    errors.push({ path: "/issuer", message: "must be an http(s) URL" });
  }
  if (input.allowed_domains.length === 0)
    errors.push({ path: "/allowed_domains", message: "name at least one email domain" });
  for (const [value, roles] of Object.entries(input.role_map))
    for (const r of roles)
      if (!(ROLES as readonly string[]).includes(r))
        errors.push({ path: `/role_map/${value}`, message: `unknown role ${r} (${ROLES.join(", ")})` });
  if (input.scopes !== undefined && !input.scopes.split(" ").includes("openid"))
    errors.push({ path: "/scopes", message: "must include openid" });
  if (errors.length) throw new BatonError("VALIDATION_FAILED", { errors });
}

/** Creates or replaces the tenant's IdP settings; audited as idp_settings_changed (never the secret). */
export async function putIdpSettings(
  db: Kysely<DB>,
  clientId: string,
  input: IdpSettingsInput,
  actor: Actor,
  secret: string,
  now: Date,
): Promise<IdpSettingsView> {
  validate(input);
  const domains = [...new Set(input.allowed_domains.map((d) => d.trim().toLowerCase().replace(/^@/, "")))];
  await db.transaction().execute(async (tx) => {
    const sealed =
      input.client_secret === undefined
        ? undefined
        : input.client_secret === ""
          ? null
          : sealSecret(input.client_secret, secret);
    const values = {
      issuer: input.issuer.replace(/\/$/, ""),
      oidc_client_id: input.client_id,
      allowed_domains: domains,
      role_claim: input.role_claim ?? "groups",
      role_map: JSON.stringify(input.role_map),
      scopes: input.scopes ?? "openid email profile",
      updated_at: now,
      updated_by: actor.principalId,
    };
    await tx
      .insertInto("idp_settings")
      .values({ client_id: clientId, ...values, oidc_client_secret: sealed ?? null })
      .onConflict((oc) =>
        oc
          .column("client_id")
          .doUpdateSet({ ...values, ...(sealed === undefined ? {} : { oidc_client_secret: sealed }) }),
      )
      .execute();
    await recordAudit(tx, {
      clientId,
      actorPrincipalId: actor.principalId,
      actorLabel: actor.label,
      action: "idp_settings_changed",
      target: values.issuer,
      details: {
        issuer: values.issuer,
        client_id: input.client_id,
        allowed_domains: domains,
        role_claim: values.role_claim,
        role_map: input.role_map,
        scopes: values.scopes,
        client_secret:
          input.client_secret === undefined
            ? "unchanged"
            : input.client_secret === ""
              ? "removed"
              : "replaced",
      },
      ip: actor.ip,
      userAgent: actor.userAgent,
    });
  });
  return getIdpSettings(db, clientId);
}
