// Engine settings over HTTP: per-mailbox daily limits (spec 002 "Per-mailbox daily send limits are
// configurable") and which drafter writes a campaign's touches; setting 'agent' makes the engine
// open a drafting task instead of drafting inline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import { takeMailboxSend } from "../../src/channels/mailbox-limits.ts";
import type { CliContext } from "../../src/cli/command.ts";
import { engineCommands } from "../../src/cli/engine-commands.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps, oneStepSales } from "./engine-harness.ts";

const T0 = new Date("2026-04-06T10:00:00Z");

describe("engine settings over HTTP", () => {
  let h: TestApp;
  let t: Tenant;
  beforeAll(async () => {
    h = await testApp();
    h.clock.now = T0;
    t = await createTenant(h.database.db, "sett");
    for (const slug of ["sett_a", "sett_b"]) await oneStepSales(h.database.db, t.revops, slug, T0);
  });
  afterAll(() => h.close());

  const api = (
    method: "GET" | "PUT",
    url: string,
    who: { auth: Record<string, string> },
    payload?: unknown,
  ) => h.app.inject({ method, url, headers: who.auth, payload: payload as never });

  describe("mailbox limits", () => {
    const box = "sales@acme.example";
    const url = `/api/v1/mailbox-limits/${encodeURIComponent(box)}`;

    it("revops sets a limit, lists it with today's sends, and clears it", async () => {
      const set = await api("PUT", url, t.revops, { daily_limit: 200 });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toEqual({ mailbox: box, daily_limit: 200, sent_today: 0 });

      expect(await takeMailboxSend(h.database.db, t.clientId, box, 200, T0)).toBe(true);
      expect(await takeMailboxSend(h.database.db, t.clientId, box, 200, T0)).toBe(true);
      const list = await api("GET", "/api/v1/mailbox-limits", t.revops);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({ items: [{ mailbox: box, daily_limit: 200, sent_today: 2 }] });

      const admin = await api("PUT", url, t.admin, { daily_limit: 0 });
      expect(admin.json()).toEqual({ mailbox: box, daily_limit: 0, sent_today: 2 });

      const cleared = await api("PUT", url, t.revops, { daily_limit: null });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json()).toEqual({ mailbox: box, daily_limit: null, sent_today: 2 });
      expect((await api("GET", "/api/v1/mailbox-limits", t.revops)).json()).toEqual({ items: [] });
    });

    it("a rep gets 403 on both routes", async () => {
      for (const r of [
        await api("GET", "/api/v1/mailbox-limits", t.rep),
        await api("PUT", url, t.rep, { daily_limit: 5 }),
      ]) {
        expect(r.statusCode).toBe(403);
        expect(r.json().error.code).toBe("FORBIDDEN_ROLE");
      }
      expect((await api("GET", "/api/v1/mailbox-limits", t.revops)).json().items).toEqual([]);
    });

    it("bad input is a 400 and changes nothing", async () => {
      await api("PUT", url, t.revops, { daily_limit: 50 });
      const bad = [
        [url, { daily_limit: -1 }],
        [url, { daily_limit: "lots" }],
        [url, { daily_limit: "5" }],
        [url, { daily_limit: "" }],
        [url, { daily_limit: true }],
        [url, { daily_limit: 1.5 }],
        [url, {}],
        [url, { daily_limit: 10, extra: true }],
        ["/api/v1/mailbox-limits/not-an-email", { daily_limit: 10 }],
      ] as const;
      for (const [u, body] of bad) {
        const r = await api("PUT", u, t.revops, body);
        expect(r.statusCode, `${u} ${JSON.stringify(body)}`).toBe(400);
        expect(r.json().error).toMatchObject({ code: "VALIDATION_FAILED", status: 400 });
      }
      expect((await api("GET", "/api/v1/mailbox-limits", t.revops)).json().items).toEqual([
        { mailbox: box, daily_limit: 50, sent_today: 2 },
      ]);
    });
  });

  describe("campaign drafter", () => {
    it("is template until set; revops sets agent and GET returns it", async () => {
      const before = await api("GET", "/api/v1/campaigns/sett_b/drafter", t.rep);
      expect(before.statusCode, before.body).toBe(200);
      expect(before.json()).toEqual({ campaign: "sett_b", drafter: "template" });
      const put = await api("PUT", "/api/v1/campaigns/sett_b/drafter", t.revops, { drafter: "llm" });
      expect(put.json()).toEqual({ campaign: "sett_b", drafter: "llm" });
      const again = await api("PUT", "/api/v1/campaigns/sett_b/drafter", t.admin, { drafter: "agent" });
      expect(again.json()).toEqual({ campaign: "sett_b", drafter: "agent" });
      expect((await api("GET", "/api/v1/campaigns/sett_b/drafter", t.revops)).json()).toEqual({
        campaign: "sett_b",
        drafter: "agent",
      });
    });

    it("unknown campaign 404, bad drafter 400, a rep 403", async () => {
      const missing = await api("PUT", "/api/v1/campaigns/nope/drafter", t.revops, { drafter: "agent" });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe("CAMPAIGN_NOT_FOUND");
      expect((await api("GET", "/api/v1/campaigns/nope/drafter", t.revops)).statusCode).toBe(404);

      const bad = await api("PUT", "/api/v1/campaigns/sett_a/drafter", t.revops, { drafter: "gpt" });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe("VALIDATION_FAILED");

      const rep = await api("PUT", "/api/v1/campaigns/sett_a/drafter", t.rep, { drafter: "agent" });
      expect(rep.statusCode).toBe(403);
      expect(rep.json().error.code).toBe("FORBIDDEN_ROLE");
      expect((await api("GET", "/api/v1/campaigns/sett_a/drafter", t.revops)).json().drafter).toBe(
        "template",
      );
    });

    it("baton campaigns drafter sets it and prints JSON; a rep is refused", async () => {
      const cmd = engineCommands.find((c) => c.name === "campaigns drafter")!;
      const run = async (who: Tenant["revops"], flags: Record<string, string>) => {
        const printed: unknown[] = [];
        const ctx = {
          flags,
          positionals: [],
          principal: async () => who,
          db: async () => h.database.db,
          print: (v: unknown) => printed.push(v),
          now: () => T0,
        } as unknown as CliContext;
        await cmd.run(ctx);
        return printed;
      };
      expect(await run(t.revops, { campaign: "sett_b", drafter: "template" })).toEqual([
        { campaign: "sett_b", drafter: "template" },
      ]);
      await expect(run(t.rep, { campaign: "sett_b", drafter: "agent" })).rejects.toMatchObject({
        code: "FORBIDDEN_ROLE",
      });
      await expect(run(t.revops, { campaign: "sett_b", drafter: "gpt" })).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
      });
      expect((await api("GET", "/api/v1/campaigns/sett_b/drafter", t.revops)).json().drafter).toBe(
        "template",
      );
    });

    it("after setting 'agent' the engine opens a drafting task instead of an inline draft", async () => {
      const db = h.database.db;
      const r = await api("PUT", "/api/v1/campaigns/sett_a/drafter", t.revops, { drafter: "agent" });
      expect(r.statusCode).toBe(200);
      const contactId = await addContact(db, t.clientId, "Drafter Person");
      const e = await enrollContact(db, t.exec, { campaign: "sett_a", contactId }, T0);
      await runEngineOnce(await engineDeps(h.database), T0, {
        workerId: "t",
        batch: 50,
        onError: (err) => {
          throw err;
        },
      });
      const tasks = await db
        .selectFrom("engine_drafting_tasks")
        .select(["status"])
        .where("client_id", "=", t.clientId)
        .where("enrollment_id", "=", e.enrollment_id!)
        .execute();
      expect(tasks).toEqual([{ status: "open" }]);
      const drafts = await db
        .selectFrom("staged_drafts")
        .select("id")
        .where("client_id", "=", t.clientId)
        .execute();
      expect(drafts).toEqual([]);
    });
  });
});
