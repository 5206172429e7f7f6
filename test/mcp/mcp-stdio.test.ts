// `baton mcp` over stdio, driven by the official SDK client: the CLI is spawned as a child process
// on a PGlite data directory of this test's own (seeded first, then released: one process per
// data directory).
import fs from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { playDraft, seedSegment, structured } from "./mcp-fixtures.ts";
import { addContact, agentDraftedCampaign, runEngine, SALES_CAMPAIGN } from "./outreach-setup.ts";
import { ROOT, seedDataDir, withStdioClient } from "./stdio-client.ts";

let tmp: string;
let dataDir: string;
let t: Tenant;
let enrollmentId: string;
let secondContact: string;

beforeAll(async () => {
  ({ tmp, dataDir } = await seedDataDir(async (database) => {
    t = await createTenant(database.db);
    await seedSegment(database.db, t.clientId);
    const now = new Date();
    await agentDraftedCampaign(database, t, now);
    const contactId = await addContact(database, t, "Dana Buyer");
    secondContact = await addContact(database, t, "Robin Prospect");
    const r = await enrollContact(database.db, t.exec, { campaign: SALES_CAMPAIGN, contactId }, now);
    enrollmentId = r.enrollment_id!;
    await runEngine(database, new Date()); // the step's drafting task
  }));
}, 400_000);
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("baton mcp over stdio", () => {
  it("a brain agent drafts a play, sees it in its list, and is refused (actionably) when it approves", async () => {
    await withStdioClient(dataDir, t.agt901.token, async (brain) => {
      const { tools } = await brain.listTools();
      expect(tools.map((x) => x.name)).toContain("draft_play");

      const drafted = await brain.callTool({
        name: "draft_play",
        arguments: playDraft({ name: "Stdio play" }),
      });
      expect(drafted.isError, JSON.stringify(drafted)).toBeFalsy();
      const play = structured(drafted);
      expect(play).toMatchObject({ state: "draft", writer_agent_id: "AGT-901" });

      const list = structured(await brain.callTool({ name: "list_my_drafts", arguments: {} }));
      expect(list.items.map((p: any) => p.play_id)).toContain(play.play_id);

      const refused = await brain.callTool({ name: "approve_play", arguments: { play_id: play.play_id } });
      expect(refused.isError).toBe(true);
      const { error } = structured(refused);
      expect(error).toMatchObject({ code: "FORBIDDEN_ROLE", status: 403 });
      expect(error.rule).toBeTruthy();
      expect(error.next_action).toBeTruthy();
      expect(JSON.parse((refused.content as any)[0].text)).toEqual({ error });
    });
  }, 400_000);

  it("a sales agent requests an enrollment, leases a drafting task, submits a draft and sees it staged", async () => {
    await withStdioClient(dataDir, t.sales.token, async (sales) => {
      const enrolled = structured(
        await sales.callTool({
          name: "request_enrollment",
          arguments: { campaign: SALES_CAMPAIGN, contact_id: secondContact },
        }),
      );
      expect(enrolled.outcome).toBeTypeOf("string");
      expect(enrolled.decision.action).toBeTypeOf("string");

      const tasks = structured(await sales.callTool({ name: "list_drafting_tasks", arguments: {} }));
      const task = tasks.items.find((x: any) => x.enrollment_id === enrollmentId);
      expect(task, JSON.stringify(tasks)).toBeTruthy();
      const leased = structured(
        await sales.callTool({ name: "lease_drafting_task", arguments: { task_id: task.id } }),
      );
      expect(leased.leased_by_agent_id).toBe("AGT-401");
      const staged = await sales.callTool({
        name: "submit_draft",
        arguments: {
          task_id: task.id,
          subject: "Quick question",
          body: "Hi Dana, ...",
          idempotency_key: "s-1",
        },
      });
      expect(staged.isError, JSON.stringify(staged)).toBeFalsy();
      expect(structured(staged).status).toBe("pending");
      // a retry with the same key returns the same staged draft
      const again = await sales.callTool({
        name: "submit_draft",
        arguments: {
          task_id: task.id,
          subject: "Quick question",
          body: "Hi Dana, ...",
          idempotency_key: "s-1",
        },
      });
      expect(structured(again).id).toBe(structured(staged).id);
    });
  }, 400_000);

  it("refuses to start without a valid token, with the actionable error", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.join(ROOT, "bin/baton.js"), "mcp"],
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", BATON_DATA_DIR: dataDir, BATON_TOKEN: "bt_wrong" },
      stderr: "pipe",
    });
    const client = new Client({ name: "baton-stdio-test", version: "1.0.0" });
    await expect(client.connect(transport)).rejects.toThrow();
  }, 400_000);
});
