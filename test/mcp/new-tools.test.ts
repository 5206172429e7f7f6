// Issue 58: the three jobs the review could not do over MCP, each with the forged or broken case
// beside the real one: revise a staged draft before approval (only the agent that drafted it, only
// while pending), route a hand-off (the exec only, once), and find a contact or an account by name
// (in the caller's tenant only, cursors checked).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import type { Principal } from "../../src/auth/principal.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { decideDraft } from "../../src/engine/approve-draft.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { call, NURTURE_CAMPAIGN, type RoleWorld, refused, seedRoleWorld } from "./role-jobs.ts";

let database: Database;
let w: RoleWorld;
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
    now: () => new Date(),
  }).connect(a);
  const client = new Client({ name: "new-tools", version: "1.0.0" });
  await client.connect(b);
  await client.listTools();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  database = await testDatabase();
  w = await seedRoleWorld(database, await createTenant(database.db));
  other = await createTenant(database.db, "o");
  await database.db
    .insertInto("accounts")
    .values([
      { client_id: other.clientId, name: "Tier Two Elsewhere", icp_tier: "T2" },
      { client_id: other.clientId, name: "Tier Three Elsewhere", icp_tier: "T3" },
    ])
    .execute();
}, 120_000);
afterAll(async () => {
  for (const c of clients) await c.close();
  await database.close();
});

describe("revise_staged_draft", () => {
  it("the drafting agent revises its pending draft; not another agent's, not once decided, not a person", async () => {
    const sales = await as(w.t.sales);
    const tasks = await call(sales, "list_drafting_tasks");
    const task = tasks.items[0];
    await call(sales, "lease_drafting_task", { task_id: task.id });
    const draft = await call(sales, "submit_draft", {
      task_id: task.id,
      subject: "Pricing",
      body: "Hi [first name], a note.",
    });
    const revised = await call(sales, "revise_staged_draft", {
      draft_id: draft.id,
      subject: "Your pricing visit",
      body: "Hi there, a note on pricing.",
    });
    expect(revised).toMatchObject({ id: draft.id, status: "pending", subject: "Your pricing visit" });
    expect(revised.body).toBe("Hi there, a note on pricing.");

    // another agent's draft is not found (as get_staged_draft); nothing changed
    const bdr = await as(w.t.agt304);
    await refused(bdr, "revise_staged_draft", { draft_id: draft.id, body: "Hijacked" }, "NOT_FOUND");
    // a person edits on approval instead (the exec's edit keeps the agent's text in original_body)
    await refused(
      await as(w.t.exec),
      "revise_staged_draft",
      { draft_id: draft.id, body: "x" },
      "FORBIDDEN_ROLE",
    );
    // nothing to revise
    await refused(sales, "revise_staged_draft", { draft_id: draft.id }, "VALIDATION_FAILED");

    await decideDraft(database.db, w.t.exec, draft.id, { action: "approve" }, new Date());
    const late = await refused(
      sales,
      "revise_staged_draft",
      { draft_id: draft.id, body: "Too late" },
      "DRAFT_ALREADY_DECIDED",
    );
    expect(late.next_action).toMatch(/get_staged_draft/);
    expect((await call(sales, "get_staged_draft", { draft_id: draft.id })).body).toBe(
      "Hi there, a note on pricing.",
    );
  });
});

describe("route_handoff", () => {
  it("the exec routes an open hand-off once; an agent is refused by role whatever it sends", async () => {
    const agent = await as(w.t.sales);
    for (const args of [{ handoff_id: w.handoffId, campaigns: [NURTURE_CAMPAIGN] }, {}])
      await refused(agent, "route_handoff", args, "FORBIDDEN_ROLE");
    // agents read hand-offs, as over HTTP
    expect((await call(agent, "get_handoff", { handoff_id: w.handoffId })).status).toBe("open");

    const exec = await as(w.t.exec);
    const routed = await call(exec, "route_handoff", {
      handoff_id: w.handoffId,
      campaigns: [NURTURE_CAMPAIGN],
    });
    expect(routed.handoff.status).toBe("routed");
    expect(routed.enrollments).toHaveLength(1);
    const again = await exec.callTool({
      name: "route_handoff",
      arguments: { handoff_id: w.handoffId, campaigns: [NURTURE_CAMPAIGN] },
    });
    expect(again.isError).toBe(true);
    const missing = await refused(
      exec,
      "get_handoff",
      { handoff_id: "00000000-0000-4000-8000-000000000000" },
      "HANDOFF_NOT_FOUND",
    );
    expect(missing.next_action).toMatch(/list_handoffs/);
  });
});

describe("find_contacts and find_accounts", () => {
  it("find by the start of a name in the caller's tenant, page on, and refuse a forged cursor", async () => {
    const c = await as(w.t.sales);
    const dana = await call(c, "find_contacts", { q: "DANA" });
    expect(dana.items).toMatchObject([{ contact_id: w.dana, full_name: "Dana Buyer" }]);
    expect((await call(c, "find_contacts", { q: "nobody by that name" })).items).toEqual([]);

    const first = await call(c, "find_accounts", { limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.next_cursor).toBeTruthy();
    const second = await call(c, "find_accounts", { limit: 1, cursor: first.next_cursor });
    expect(second.items[0].name > first.items[0].name).toBe(true);
    expect((await call(c, "find_accounts", { q: "ABM" })).items).toMatchObject([{ abm_active: true }]);
    expect((await call(c, "find_accounts", { abm_active: true })).items).toHaveLength(1);
    // another tenant's account is not found; its cursors are refused here
    expect((await call(c, "find_accounts", { q: "Tier Two" })).items).toEqual([]);
    const theirs = await call(await as(other.sales), "find_accounts", { q: "Tier", limit: 1 });
    expect(theirs.next_cursor).toBeTruthy();
    const forged = Buffer.from(JSON.stringify(["a", "00000000-0000-4000-8000-000000000000"])).toString(
      "base64url",
    );
    const flipped = first.next_cursor.slice(0, -1) + (first.next_cursor.endsWith("A") ? "B" : "A");
    for (const cursor of [forged, `${forged}.x`, flipped, theirs.next_cursor]) {
      await refused(c, "find_accounts", { cursor }, "VALIDATION_FAILED");
    }
  });
});
