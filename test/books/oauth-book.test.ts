// An MCP client signed in with OAuth acts for the person who approved it (issue 61 items 2 and 4):
// it reaches that person's book, never more. A rep of team B approves a client through the MCP
// SDK's own OAuth flow, under the setting 'own'; the access token resolves, as /mcp resolves it, to
// that rep, whose book holds b and not a, and the client calls tools as that rep.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateAccessToken } from "../../src/auth/mcp-oauth/access-token.ts";
import { oauthProvider } from "../../src/auth/mcp-oauth/provider.ts";
import { createSession } from "../../src/auth/sessions/create-session.ts";
import { contactsInBook } from "../../src/books/book.ts";
import { authorizeOverHttp, MemoryOAuthClient } from "../mcp/oauth-flow.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { type BookWorld, createBookWorld } from "../support/books.ts";
import type { TestPrincipal } from "../support/tenant.ts";

let h: TestApp;
let base: string;
let w: BookWorld;

beforeAll(async () => {
  // a port of our own: the SDK's OAuth flow needs real HTTP, and the issuer is that URL
  const probe = await testApp();
  await probe.app.listen({ host: "127.0.0.1", port: 0 });
  const port = (probe.app.server.address() as { port: number }).port;
  await probe.close();
  base = `http://127.0.0.1:${port}`;
  h = await testApp(undefined, { BATON_PUBLIC_URL: base });
  await h.app.listen({ host: "127.0.0.1", port });
  w = await createBookWorld(h.database.db, "oauth-book");
}, 120_000);
afterAll(async () => h?.close());

/** The SDK's flow: refused (401), the person approves over HTTP, finishAuth, connected. */
async function signIn(who: TestPrincipal): Promise<{ client: Client; oauth: MemoryOAuthClient }> {
  const oauth = new MemoryOAuthClient("http://127.0.0.1:9/callback", "Books test client");
  const first = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth });
  await new Client({ name: "books", version: "1" }).connect(first).catch(() => undefined);
  const s = await createSession(
    h.database.db,
    { clientId: w.t.clientId, principalId: who.principalId, method: "email_link" },
    h.deps.config.session,
    new Date(),
  );
  const back = await authorizeOverHttp(oauth.authorizationUrl!, {
    baseUrl: base,
    sessionId: s.id,
    csrfToken: s.csrfToken,
  });
  await first.finishAuth(back.searchParams.get("code")!);
  const client = new Client({ name: "books", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth }));
  return { client, oauth };
}

describe("an OAuth client reaches its person's book", () => {
  it("a rep of team B's client is that rep: its book holds b, not a; the owner's client holds a", async () => {
    const { client, oauth } = await signIn(w.repB);
    const me = await client.callTool({ name: "whoami", arguments: {} });
    expect(me.structuredContent).toMatchObject({ principal_id: w.repB.principalId, kind: "person" });

    const provider = await oauthProvider({
      db: h.database.db,
      publicUrl: h.deps.config.publicUrl,
      secret: h.deps.config.secret,
    });
    const asMcp = (token: string) =>
      authenticateAccessToken(provider, h.database.db, h.deps.config.publicUrl, token, new Date());
    const all = Object.values(w.contacts);
    const principal = await asMcp(oauth.saved!.access_token);
    expect(principal.bookBinding).toBeUndefined(); // a client is never bound: it is its person
    expect([...(await contactsInBook(h.database.db, principal, all))]).toEqual([w.contacts.b]);

    // the client lists through the tools as its person: b is there (the tools' own filters are
    // their areas' and the walk's, test/books/walk-books.test.ts)
    const found = await client.callTool({ name: "find_contacts", arguments: { q: "Bea" } });
    expect(found.isError, JSON.stringify(found)).toBeFalsy();
    const ids = (found.structuredContent as { items: { contact_id: string }[] }).items.map(
      (c) => c.contact_id,
    );
    expect(ids).toContain(w.contacts.b);
    await client.close();

    const owner = await signIn(w.t.rep);
    const ownerPrincipal = await asMcp(owner.oauth.saved!.access_token);
    expect([...(await contactsInBook(h.database.db, ownerPrincipal, all))]).toEqual([w.contacts.a]);
    await owner.client.close();
  });
});
