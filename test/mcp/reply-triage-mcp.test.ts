// Issue 56 item 3: the sales agent clears its reply triage queue over MCP (Streamable HTTP, the
// official SDK client): counts, lists, reads the choices, decides what an agent may, and is refused
// what it may not (resuming a reply that may ask to stop); a positive exit is asked of a person.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact, setCampaignPorts } from "../../src/campaigns/index.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import type { Classification, ReplyIntent } from "../../src/replies/classifier.ts";
import { defineSpecCampaigns, newContact, T0 } from "../campaigns/helpers.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { structured } from "./mcp-fixtures.ts";

let h: TestApp;
let url: string;
let t: Tenant;
let client: Client;

const fixed = {
  name: "fixed",
  async classify(text: string): Promise<Classification> {
    const [head] = text.split(" ");
    const [intent, conf] = head.replace("!", "").split("~");
    return {
      intent: intent as ReplyIntent,
      returnDate: null,
      confidence: conf ? Number(conf) : 1,
      by: "fixed",
      stopSignal: head.includes("!"),
    };
  },
};

beforeAll(async () => {
  setCampaignPorts({ classifier: fixed });
  h = await testApp();
  h.clock.now = T0;
  url = await h.app.listen({ host: "127.0.0.1", port: 0 });
  t = await createTenant(h.database.db, "mcptri");
  await defineSpecCampaigns(h.database.db, t.revops, T0);
  client = new Client({ name: "baton-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${t.sales.token}` } },
    }),
  );
});
afterAll(async () => {
  setCampaignPorts({});
  await client.close();
  await h.close();
});

const call = async (name: string, args: Record<string, unknown> = {}) => {
  const r = await client.callTool({ name, arguments: args });
  return { ok: !r.isError, body: structured(r) };
};

describe("the sales agent's reply triage over MCP", () => {
  it("clears its queue, taking only the decisions an agent may", async () => {
    const texts = [
      "other who is this?",
      "interested~0.5 maybe",
      "not_interested~0.5 not for us",
      "other!~0.4 stop?",
    ];
    for (const [i, text] of texts.entries()) {
      const { contactId } = await newContact(h.database.db, t.clientId);
      await enrollContact(h.database.db, t.exec, { campaign: "b2bea_membership_close", contactId }, T0);
      const at = new Date(T0.getTime() + i * 60_000);
      await processReply(h.database.db, t.agt301, { contactId, text, receivedAt: at }, at);
    }
    expect((await call("count_reply_triage")).body).toMatchObject({ pending: 4 });
    const list = (await call("list_reply_triage")).body.items as { reply_id: string; excerpt: string }[];
    expect(list.map((x) => x.excerpt)).toEqual(texts);
    const [other, maybe, no, stop] = list.map((x) => x.reply_id);

    const one = (await call("get_reply_triage", { reply_id: stop })).body;
    expect(one.choices.find((c: { decision: string }) => c.decision === "continue")).toMatchObject({
      allowed: false,
    });
    const refusedStop = await call("decide_reply", { reply_id: stop, decision: "continue" });
    expect(refusedStop).toMatchObject({ ok: false, body: { error: { code: "REPLY_DECISION_FORBIDDEN" } } });
    const refusedPositive = await call("decide_reply", {
      reply_id: maybe,
      decision: "exit",
      exit_reason: "converted",
    });
    // an agent's positive exit is a person's call: asked as an approval request (issue 71 item 2;
    // test/mcp/positive-exit-approval.test.ts), nothing decided
    expect(refusedPositive).toMatchObject({
      ok: true,
      body: { input_required: true, approval_request: { kind: "positive_exit", status: "pending" } },
    });

    expect((await call("decide_reply", { reply_id: other, decision: "continue" })).ok).toBe(true);
    expect((await call("decide_reply", { reply_id: maybe, decision: "handoff" })).ok).toBe(true);
    const bulk = await call("decide_replies", { reply_ids: [no], decision: "exit", exit_reason: "rejected" });
    expect(bulk.body.results).toMatchObject([{ ok: true }]);
    expect((await call("decide_reply", { reply_id: stop, decision: "opt_out" })).ok).toBe(true);
    expect((await call("count_reply_triage")).body).toMatchObject({ pending: 0 });
  });
});
