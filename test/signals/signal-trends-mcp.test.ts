// Issue 69 item 4: brain agents read signals over MCP to draft plays: list_signals (newest first,
// without the addresses they came with) and signal_trends (per segment, this window against the one
// before). A rep is neither shown the tools nor let through; another tenant's signals never show.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { createDraft } from "../../src/plays/create-draft.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { recordSignals } from "../../src/signals/index.ts";
import { call, refused } from "../mcp/role-jobs.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { playDoc } from "../workspace/fixtures.ts";
import { inSegment } from "./signal-plays-fixture.ts";
import { addCompany } from "./signals-fixture.ts";

const NOW = new Date("2026-11-24T15:00:00Z");
const DAY = 86_400_000;
let database: Database;
let t: Tenant;
let other: Tenant;
const clients: Client[] = [];
const config = { ...loadConfig({}), demo: false, runEngine: false };

async function as(principal: Principal): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer({
    db: database.db,
    engine: () => buildEngine(database, config),
    principal,
    config,
    now: () => NOW,
  }).connect(a);
  const client = new Client({ name: "signal-trends", version: "1.0.0" });
  await client.connect(b);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  database = await testDatabase();
  t = await createTenant(database.db, "mcp-trend");
  other = await createTenant(database.db, "mcp-trend-o");
  const co = await addCompany(database.db, t.clientId, "acme", ["Ann", "Bo"]);
  await inSegment(database.db, t.clientId, co.accountId);
  const theirs = await addCompany(database.db, other.clientId, "hooli", ["Ivy"]);
  const at = (days: number) => new Date(NOW.getTime() - days * DAY);
  const deps = { secret: config.secret };
  await recordSignals(
    database.db,
    { clientId: t.clientId, principalId: null },
    [
      { type: "pricing_page_visit", email: co.emails[0], occurredAt: at(1), source: "web", externalId: "a" },
      { type: "pricing_page_visit", email: co.emails[1], occurredAt: at(2), source: "web", externalId: "b" },
      { type: "pricing_page_visit", email: co.emails[0], occurredAt: at(20), source: "web", externalId: "c" },
    ],
    deps,
    NOW,
  );
  await recordSignals(
    database.db,
    { clientId: other.clientId, principalId: null },
    [
      {
        type: "pricing_page_visit",
        email: theirs.emails[0],
        occurredAt: at(1),
        source: "web",
        externalId: "x",
      },
    ],
    deps,
    NOW,
  );
}, 60_000);
afterAll(async () => {
  for (const c of clients) await c.close();
  await database.close();
});

describe("signals for brain agents over MCP", () => {
  it("signal_trends counts per segment against the window before; list_signals gives the recent ones", async () => {
    const brain = await as(t.agt901);
    const trends = await call(brain, "signal_trends", { days: 14 });
    expect(trends.items).toEqual([
      {
        segment: "mm",
        type: "pricing_page_visit",
        side: "sales",
        count: 2,
        previous: 1,
        accounts: 1,
        change: 1,
      },
    ]);
    const list = await call(brain, "list_signals", { type: "pricing_page_visit" });
    expect(list.items).toHaveLength(2);
    expect(list.items[0]).toMatchObject({ segment: "mm", source: "web", subject: "contact" });
    expect(Object.keys(list.items[0])).not.toContain("email");
    expect((await call(brain, "list_signals", { segment: "ent" })).items).toEqual([]);
  });

  it("a play's proposal cites the signals it answers; a signal of no one here is refused", async () => {
    const brain = await as(t.agt901);
    const ids = (await call(brain, "list_signals", { type: "pricing_page_visit" })).items.map(
      (x: { signal_id: string }) => x.signal_id,
    );
    const doc = (signal_ids: string[]) => ({
      ...playDoc(`Pricing ${signal_ids.length}`, "mm"),
      proposal: { payload: { note: "pricing visits rose in mm", signal_ids } },
    });
    const play = await createDraft(database.db, t.agt901, doc(ids), NOW);
    const proposal = await database.db
      .selectFrom("brain_proposals")
      .select("payload")
      .where("client_id", "=", t.clientId)
      .where("proposal_id", "=", play.originating_proposal_id)
      .executeTakeFirstOrThrow();
    expect(proposal.payload).toMatchObject({ signal_ids: ids });
    const theirs = await database.db
      .selectFrom("signals")
      .select("signal_id")
      .where("client_id", "=", other.clientId)
      .executeTakeFirstOrThrow();
    await expect(createDraft(database.db, t.agt901, doc([theirs.signal_id]), NOW)).rejects.toMatchObject({
      code: "PLAY_SIGNAL_NOT_FOUND",
    });
  });

  it("a rep is not shown the tools nor let through", async () => {
    const rep = await as(t.rep);
    const names = (await rep.listTools()).tools.map((x) => x.name);
    expect(names).not.toContain("signal_trends");
    expect(names).not.toContain("list_signals");
    await refused(rep, "signal_trends", {}, "FORBIDDEN_ROLE");
  });
});
