// Issue 69 item 4: a play's proposal cites the signals it answers (proposal.payload.signal_ids), and
// each cited id must be a signal of the drafting tenant. A made-up id and another tenant's real id
// are the same answer (PLAY_SIGNAL_NOT_FOUND, 422: nothing says the other tenant's exists), over the
// API and over MCP (draft_play), the forged draft beside the real one; nothing is written.
import { randomUUID } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { loadConfig } from "../../src/config/config.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { recordSignals } from "../../src/signals/index.ts";
import { call as mcpCall, refused } from "../mcp/role-jobs.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { call, draftBody, seedTaxonomy } from "./plays-helpers.ts";

const NOW = new Date("2026-11-24T15:00:00Z");
let h: TestApp;
let t: Tenant;
let other: Tenant;
let mine: string[];
let theirs: string;
const clients: Client[] = [];
const config = { ...loadConfig({}), demo: false, runEngine: false };

async function signalOf(tenant: Tenant, externalId: string): Promise<string> {
  const r = await recordSignals(
    h.deps.db,
    { clientId: tenant.clientId, principalId: null },
    [
      {
        type: "funding_round",
        domain: `${externalId}.example`,
        occurredAt: new Date(NOW.getTime() - 86_400_000),
        source: "research",
        externalId,
      },
    ],
    { secret: config.secret },
    NOW,
  );
  return r.results[0]!.signal_id!;
}

async function mcpAs(principal: Principal): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer({
    db: h.deps.db,
    engine: () => buildEngine(h.database, config),
    principal,
    config,
    now: () => NOW,
  }).connect(a);
  const client = new Client({ name: "proposal-signals", version: "1.0.0" });
  await client.connect(b);
  clients.push(client);
  return client;
}

const proposals = (clientId: string) =>
  h.deps.db
    .selectFrom("brain_proposals")
    .select("payload")
    .where("client_id", "=", clientId)
    .execute()
    .then((rows) => rows.length);

const cite = (name: string, signal_ids: unknown) =>
  draftBody({ name, proposal: { payload: { note: "funding rounds in seg_a", signal_ids } } });

beforeAll(async () => {
  h = await testApp();
  h.clock.now = NOW;
  t = await createTenant(h.deps.db, "cite");
  other = await createTenant(h.deps.db, "cite-o");
  await seedTaxonomy(h.deps.db, t);
  mine = [await signalOf(t, "round-1"), await signalOf(t, "round-2")];
  theirs = await signalOf(other, "round-x");
}, 60_000);
afterAll(async () => {
  for (const c of clients) await c.close();
  await h.close();
});

describe("a proposal's cited signals exist in the tenant", () => {
  it("over the API: real ids are kept with the proposal; a made-up id and another tenant's are not found alike", async () => {
    const real = await call(h, t.agt901, "POST", "/api/v1/plays", cite("Cites real", mine));
    expect(real.status, JSON.stringify(real.body)).toBe(201);
    const before = await proposals(t.clientId);
    const madeUp = randomUUID();
    const forged = await call(h, t.agt901, "POST", "/api/v1/plays", cite("Made up", [mine[0], madeUp]));
    const foreign = await call(h, t.agt901, "POST", "/api/v1/plays", cite("Foreign", [mine[0], theirs]));
    for (const [r, id] of [
      [forged, madeUp],
      [foreign, theirs],
    ] as const) {
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe("PLAY_SIGNAL_NOT_FOUND");
      expect(r.body.error.facts).toEqual({ missing: [id] });
      expect(r.body.error.next_action).toMatch(/list_signals/);
    }
    // the two refusals read alike: only the id differs
    expect(foreign.body.error.message.replace(theirs, "ID")).toBe(
      forged.body.error.message.replace(madeUp, "ID"),
    );
    // nothing written: no proposal, no play
    expect(await proposals(t.clientId)).toBe(before);
    const plays = await call(h, t.revops, "GET", "/api/v1/plays?state=draft");
    expect(JSON.stringify(plays.body)).not.toMatch(/Made up|Foreign/);
    // a list that is not of ids stays a validation error
    const malformed = await call(h, t.agt901, "POST", "/api/v1/plays", cite("Bad", ["not-a-uuid"]));
    expect(malformed.body.error.code).toBe("VALIDATION_FAILED");
  });

  it("over MCP draft_play: the same rule and the same code", async () => {
    const brain = await mcpAs(t.agt902);
    const ok = await mcpCall(brain, "draft_play", cite("MCP real", mine));
    expect(ok.play_id).toBeTruthy();
    const before = await proposals(t.clientId);
    const error = await refused(brain, "draft_play", cite("MCP foreign", [theirs]), "PLAY_SIGNAL_NOT_FOUND");
    expect(error.next_action).toMatch(/list_signals/);
    await refused(brain, "draft_play", cite("MCP made up", [randomUUID()]), "PLAY_SIGNAL_NOT_FOUND");
    expect(await proposals(t.clientId)).toBe(before);
    // the other tenant's own brain cites its signal without trouble
    await seedTaxonomy(h.deps.db, other);
    const theirBrain = await mcpAs(other.agt901);
    expect((await mcpCall(theirBrain, "draft_play", cite("Theirs", [theirs]))).play_id).toBeTruthy();
  });
});
