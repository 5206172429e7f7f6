// Issue 69 item 2: a research agent records a signal over MCP (record_signal, with the evidence URL)
// down the same path as the API's batch; the forged cases beside it: a person whose role may not
// record signals is neither shown the tool nor let through, an evidence URL that is not one is
// refused by the schema, another tenant's contact is not found, and the same fact twice counts once.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { call, refused } from "../mcp/role-jobs.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addCompany, type Company, lastSignals, signalCount } from "./signals-fixture.ts";

let database: Database;
let t: Tenant;
let other: Tenant;
let co: Company;
let theirs: Company;
const clients: Client[] = [];
const config = { ...loadConfig({}), demo: false, runEngine: false };

async function as(principal: Principal): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer({
    db: database.db,
    engine: () => buildEngine(database, config),
    principal,
    config,
    now: () => new Date(),
  }).connect(a);
  const client = new Client({ name: "record-signal", version: "1.0.0" });
  await client.connect(b);
  await client.listTools();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  database = await testDatabase();
  t = await createTenant(database.db, "mcp-sig");
  other = await createTenant(database.db, "mcp-sig-o");
  co = await addCompany(database.db, t.clientId, "initech", ["Gil", "Hal"]);
  theirs = await addCompany(database.db, other.clientId, "hooli", ["Ivy"]);
}, 60_000);
afterAll(async () => {
  for (const c of clients) await c.close();
  await database.close();
});

describe("record_signal over MCP", () => {
  it("a research agent records a funding round with its evidence; it reaches the account's contacts once", async () => {
    const agent = await as(t.agt902);
    const types = await call(agent, "list_signal_types");
    expect(types.items.map((x: { name: string }) => x.name)).toContain("funding_round");
    const fact = {
      type: "funding_round",
      domain: co.domain,
      occurred_at: new Date(Date.now() - 86_400_000).toISOString(),
      evidence_url: "https://news.example.com/initech-raises-series-b",
      attributes: { round: "B", amount: "$20M" },
    };
    const r = await call(agent, "record_signal", fact);
    expect(r).toMatchObject({ status: "recorded", resolved: "account", account_id: co.accountId });
    expect(r.contacts_changed).toEqual([...co.contacts].sort());
    for (const c of co.contacts)
      expect((await lastSignals(database.db, t.clientId, c)).sales).toBe("funding_round");
    const row = await database.db
      .selectFrom("signals")
      .select(["source", "evidence_url", "recorded_by_principal_id"])
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      source: "mcp",
      evidence_url: fact.evidence_url,
      recorded_by_principal_id: t.agt902.principalId,
    });
    const again = await call(agent, "record_signal", fact);
    expect(again).toMatchObject({ status: "duplicate", contacts_changed: [] });
    expect(await signalCount(database.db, t.clientId)).toBe(1);
  });

  it("refused beside it: the exec's role, a missing evidence URL, another tenant's contact", async () => {
    const exec = await as(t.exec);
    const listed = (await exec.listTools()).tools.map((x) => x.name);
    expect(listed).not.toContain("record_signal");
    const fact = {
      type: "job_posting",
      contact_id: co.contacts[0],
      occurred_at: new Date().toISOString(),
      evidence_url: "https://jobs.example.com/1",
    };
    await refused(exec, "record_signal", fact, "FORBIDDEN_ROLE");
    const agent = await as(t.agt902);
    await refused(agent, "record_signal", { ...fact, evidence_url: "not a url" }, "VALIDATION_FAILED");
    const r = await call(agent, "record_signal", { ...fact, contact_id: theirs.contacts[0] });
    expect(r).toMatchObject({ status: "refused", error: { code: "NOT_FOUND" } });
    expect(await signalCount(database.db, other.clientId)).toBe(0);
    const rep = await as(t.rep);
    expect(await call(rep, "record_signal", fact)).toMatchObject({ status: "recorded", resolved: "contact" });
  });
});
