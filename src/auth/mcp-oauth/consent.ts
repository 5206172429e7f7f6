// A person answers a client's request for access (issue 61 item 4). The provider sends the browser
// to the workspace's consent page with the interaction's uid; the signed-in person reads who asks
// (the client's registered name and redirect host) and for what, then approves or denies. Approving
// grants the /mcp resource the scopes asked for (of mcp:read, mcp:write; mcp:read when none were
// asked), to this person in this tenant; the browser then resumes at the provider, which checks its
// own resume cookie, so only the browser that started the request finishes it.
import { BatonError } from "../../errors/baton-error.ts";
import type { Principal } from "../principal.ts";
import { accountIdOf } from "./account.ts";
import type { OAuthProvider } from "./provider.ts";
import { redirectInWords } from "./redirect-uris.ts";
import { MCP_SCOPES, type McpScope, mcpResourceUrl } from "./resource.ts";

export interface AccessRequest {
  uid: string;
  client: {
    app_id: string;
    name: string;
    redirect_host: string;
    redirect_uri: string;
    /** where the answer goes, in words a person checks (issue 73 item 2) */
    redirect_words: string;
    /**
     * the host that publishes the client's metadata document, when its client_id is that
     * document's URL (issue 71 item 3); null for a client that registered itself
     */
    published_by: string | null;
  };
  scopes: McpScope[];
  /** the roles the client would act with: the person's own, never more */
  roles: string[];
  expires_at: string;
}

async function openInteraction(provider: OAuthProvider, uid: string) {
  const interaction = await provider.Interaction.find(uid);
  if (!interaction || interaction.result) throw new BatonError("OAUTH_REQUEST_ENDED", {});
  return interaction;
}

function scopesAsked(scope: unknown): McpScope[] {
  const asked = String(scope ?? "")
    .split(" ")
    .filter((s): s is McpScope => (MCP_SCOPES as readonly string[]).includes(s));
  return asked.length > 0 ? [...new Set(asked)] : ["mcp:read"];
}

export async function readAccessRequest(
  provider: OAuthProvider,
  uid: string,
  person: Principal,
): Promise<AccessRequest> {
  const interaction = await openInteraction(provider, uid);
  const params = interaction.params ?? {};
  const client = await provider.Client.find(String(params.client_id ?? ""));
  if (!client) throw new BatonError("OAUTH_REQUEST_ENDED", {});
  const redirect = String(params.redirect_uri ?? client.redirectUris?.[0] ?? "");
  const where = redirectInWords(redirect);
  return {
    uid,
    client: {
      app_id: client.clientId,
      name: client.clientName ?? client.clientId,
      redirect_host: where.host,
      redirect_uri: redirect,
      redirect_words: where.words,
      published_by: client.clientIdMetadataDocument === true ? new URL(client.clientId).host : null,
    },
    scopes: scopesAsked(params.scope),
    roles: [...person.roles],
    expires_at: new Date(interaction.exp * 1000).toISOString(),
  };
}

/** Approve or deny; returns where the browser goes next (the provider's resume URL). */
export async function answerAccessRequest(
  provider: OAuthProvider,
  uid: string,
  person: Principal,
  approve: boolean,
): Promise<string> {
  const interaction = await openInteraction(provider, uid);
  const ttl = Math.max(1, interaction.exp - Math.floor(Date.now() / 1000));
  if (!approve) {
    interaction.result = { error: "access_denied", error_description: "The person denied access." };
    await interaction.save(ttl);
    return interaction.returnTo;
  }
  const accountId = accountIdOf(person);
  const clientId = String(interaction.params.client_id);
  const grant = new provider.Grant({ accountId, clientId });
  const scopes = scopesAsked(interaction.params.scope).join(" ");
  grant.addResourceScope(mcpResourceUrl(provider.issuer), scopes);
  // the provider counts the scopes it lists as its own too (provider.ts), and offline_access
  grant.addOIDCScope(`offline_access ${scopes}`);
  const grantId = await grant.save();
  interaction.result = { login: { accountId }, consent: { grantId } };
  await interaction.save(ttl);
  return interaction.returnTo;
}
