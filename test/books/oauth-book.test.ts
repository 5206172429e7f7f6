// An MCP client signed in with OAuth acts for the person who approved it (issue 61 items 2 and 4):
// it reaches that person's book, never more. A rep of team B approves a client through the MCP
// SDK's own OAuth flow, under the setting 'own'; the access token resolves, as /mcp resolves it, to
// that rep, whose book holds b and not a, and the client calls tools as that rep.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateAccessToken } from "../../src/auth/mcp-oauth/access-token.ts";
import { oauthProvider } from "../../src/auth/mcp-oauth/provider.ts";
import { contactsInBook } from "../../src/books/book.ts";
import { connectedClient, listeningApp } from "../mcp/oauth-flow.ts";
import type { TestApp } from "../support/app.ts";
import { type BookWorld, createBookWorld } from "../support/books.ts";
import type { TestPrincipal } from "../support/tenant.ts";

let h: TestApp;
let base: string;
let w: BookWorld;

beforeAll(async () => {
  ({ h, base } = await listeningApp());
  w = await createBookWorld(h.database.db, "oauth-book");
}, 120_000);
afterAll(async () => h?.close());

const signIn = (who: TestPrincipal) => connectedClient(h, base, w.t, who, "Books test client");

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
