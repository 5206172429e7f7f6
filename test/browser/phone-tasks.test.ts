// Issue 59 item 6a, the workspace side: a campaign with a phone call step gives the rep a call task
// in the same queue as the LinkedIn touches. The task shows the call script, the number as a tel:
// link and the outcomes (1–5); the rep records voicemail on one call (a touch) and wrong number on
// another (no touch; the phone channel suppressed for that contact), and the API says so. A forged
// outcome is refused by the API. Screenshots phone-tasks-*.png, 0 serious axe violations, 0 console
// errors.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { authenticate } from "../../src/auth/tokens.ts";
import { enrollContact } from "../../src/campaigns/index.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { approvePending } from "../../src/simulation/simulate-days.ts";
import { addContact } from "../engine/engine-harness.ts";
import { type BrowserHarness, callApi, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

const REP = "bt_demo_rep";
const SCRIPT = "Hi, this is Tara from the demo company: do you have two minutes about your Q3 plans?";

describeBrowser(
  "browser: the rep records a phone call's outcome (issue 59 item 6a)",
  () => {
    let h: BrowserHarness;
    const contacts: Record<string, string> = {};
    beforeAll(async () => {
      h = await startBrowserHarness();
      const db = h.database.db;
      await callApi(h, "bt_demo_revops", "POST", "/api/v1/campaigns", {
        slug: "call_them",
        name: "Call them",
        type: "membership",
        owner_role: "roles.sales",
        kind: "sales",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "phone",
            content_type: "follow_up",
            template_instructions: "Ask about their Q3.",
            body_template: SCRIPT,
          },
        ],
      });
      const now = new Date();
      const exec = await authenticate(db, "bt_demo_exec", now);
      for (const [name, phone] of [
        ["Vera Voicemail", "+1 415 555 0100"],
        ["Walt Wrongnumber", "+1 415 555 0199"],
      ] as const) {
        const id = await addContact(db, h.clientId, name);
        await sql`update contacts set phone = ${phone} where client_id = ${h.clientId} and contact_id = ${id}`.execute(
          db,
        );
        await enrollContact(db, exec, { campaign: "call_them", contactId: id }, now);
        contacts[name] = id;
      }
      const deps = await h.deps.engine();
      const run = () =>
        runEngineOnce(deps, now, {
          workerId: "phone-tasks",
          batch: 500,
          onError: (e) => {
            throw e;
          },
        });
      await run();
      await approvePending(db, exec, now, new Set(Object.values(contacts)));
      await run();
    }, 600_000);
    afterAll(async () => h?.close(), 60_000);

    it("shows the script, the number and the outcomes; voicemail is a touch, wrong number suppresses the phone", async () => {
      const p = h.page;
      const tasks = (await callApi(h, REP, "GET", "/api/v1/rep-tasks?status=open&limit=200")).items as any[];
      const calls = tasks.filter((t) => t.channel === "phone");
      expect(calls.map((t) => t.prospect.name).sort()).toEqual(["Vera Voicemail", "Walt Wrongnumber"]);
      // forged: an outcome the channel does not have, an exit reason with voicemail, none at all
      for (const body of [{ outcome: "teleported" }, { outcome: "voicemail", exit_reason: "converted" }, {}])
        await expect(callApi(h, REP, "POST", `/api/v1/rep-tasks/${calls[0].id}/done`, body)).rejects.toThrow(
          /400/,
        );

      await h.signInAs("rep");
      h.consoleErrors.length = 0;
      await p.getByRole("heading", { level: 1, name: "My tasks" }).waitFor();
      const rows = p.getByTestId("task-row");
      await expect.poll(() => rows.count()).toBe(tasks.length);
      const detail = p.getByTestId("task-detail");
      const violations = [];

      // Vera: voicemail (key 2)
      await rows.filter({ hasText: "Vera Voicemail" }).getByRole("button").click();
      await detail.getByRole("heading", { level: 2, name: /Vera Voicemail/ }).waitFor();
      expect(await rows.filter({ hasText: "Vera Voicemail" }).textContent()).toContain(
        "Phone call · Call them",
      );
      expect(await detail.textContent()).toContain("(Phone call)");
      const link = detail.getByTestId("task-link");
      expect(await link.getAttribute("href")).toBe("tel:+14155550100");
      expect(await link.getAttribute("target")).toBeNull();
      expect(await link.textContent()).toContain("Call +1 415 555 0100");
      expect(await detail.getByLabel("Call script, as approved").inputValue()).toContain("two minutes");
      const outcomes = detail.getByTestId("task-outcomes");
      expect(await outcomes.getByRole("button").allTextContents()).toEqual([
        "Connected 1",
        "Voicemail 2",
        "No answer 3",
        "Wrong number 4",
        "Bad number 5",
      ]);
      expect(await detail.getByRole("button", { name: /Done, next/ }).count()).toBe(0);
      await h.screenshot("phone-tasks-call");
      violations.push(...(await h.a11y()));
      // 1 asks whether the connected call ends the enrollment; Escape closes it, nothing recorded
      await p.keyboard.press("1");
      await p.getByTestId("exit-form").waitFor();
      expect(await p.locator("#exit-reason option").allTextContents()).toContain("Yes: meeting booked");
      await h.screenshot("phone-tasks-connected");
      violations.push(...(await h.a11y()));
      await p.keyboard.press("Escape");
      await expect.poll(() => p.getByTestId("exit-form").count()).toBe(0);
      await p.keyboard.press("2");
      await expect
        .poll(() => p.getByTestId("task-outcome").textContent())
        .toBe("Voicemail: Vera Voicemail, the touch is recorded.");
      await expect.poll(() => rows.count()).toBe(tasks.length - 1);

      // Walt: wrong number, by the button
      await rows.filter({ hasText: "Walt Wrongnumber" }).getByRole("button").click();
      await detail.getByRole("heading", { level: 2, name: /Walt Wrongnumber/ }).waitFor();
      await detail.getByRole("button", { name: /Wrong number/ }).click();
      await expect
        .poll(() => p.getByTestId("task-outcome").textContent())
        .toContain("Wrong number: Walt Wrongnumber, no touch; the number is suppressed");
      await expect.poll(() => rows.count()).toBe(tasks.length - 2);
      await h.screenshot("phone-tasks-recorded");
      violations.push(...(await h.a11y()));
      // a LinkedIn task beside them is unchanged: its profile link and Done, next
      await detail.getByRole("button", { name: /Done, next/ }).waitFor();
      expect(await detail.getByTestId("task-outcomes").count()).toBe(0);
      expect(await detail.getByTestId("task-link").getAttribute("target")).toBe("_blank");

      expect(violations.map((v) => `${v.id} (${v.impact}) ${v.help} at ${v.targets.join(", ")}`)).toEqual([]);
      expect(h.consoleErrors).toEqual([]);

      // the API and the database: Vera's call is a touch, Walt's is not and his phone is suppressed
      const done = (await callApi(h, REP, "GET", "/api/v1/rep-tasks?status=done&limit=200")).items as any[];
      const outcomeOf = (name: string) => done.find((t) => t.prospect.name === name)?.outcome;
      expect([outcomeOf("Vera Voicemail"), outcomeOf("Walt Wrongnumber")]).toEqual([
        "voicemail",
        "wrong_number",
      ]);
      const touches = await sql<{ contact_id: string; n: number }>`
        select contact_id, count(*)::int as n from cadence_event_log
        where client_id = ${h.clientId} and event_type = 'touch'
          and contact_id in (${contacts["Vera Voicemail"]}, ${contacts["Walt Wrongnumber"]})
        group by contact_id`.execute(h.database.db);
      expect(touches.rows).toEqual([{ contact_id: contacts["Vera Voicemail"], n: 1 }]);
      const suppressed = await h.database.db
        .selectFrom("contacts")
        .select(["contact_id", "phone_suppressed_at"])
        .where("client_id", "=", h.clientId)
        .where("contact_id", "in", Object.values(contacts))
        .execute();
      const at = Object.fromEntries(suppressed.map((r) => [r.contact_id, r.phone_suppressed_at !== null]));
      expect(at).toEqual({ [contacts["Vera Voicemail"]!]: false, [contacts["Walt Wrongnumber"]!]: true });
    }, 300_000);
  },
  600_000,
);
