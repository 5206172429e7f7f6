// baton plays ...: the CLI covers the same operations, over a test database.
import { parseArgs } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/auth/principal.ts";
import type { CliContext } from "../../src/cli/command.ts";
import { commands } from "../../src/cli/commands.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { draftBody, seedTaxonomy } from "./plays-helpers.ts";

let d: Database;
let t: Tenant;
let now = new Date("2026-06-01T12:00:00Z");
beforeAll(async () => {
  d = await testDatabase();
  t = await createTenant(d.db);
  await seedTaxonomy(d.db, t);
});
afterAll(() => d.close());

/** Runs `baton <argv>` as `who`; returns the printed JSON, or the refusal's code. */
async function baton(who: Principal, ...argv: string[]): Promise<any> {
  const sorted = [...commands].sort((a, b) => b.name.split(" ").length - a.name.split(" ").length);
  const cmd = sorted.find((c) => c.name.split(" ").every((w, i) => argv[i] === w));
  if (!cmd) throw new Error(`no command ${argv.join(" ")}`);
  const options: Record<string, { type: "string" | "boolean" }> = {};
  for (const [k, v] of Object.entries(cmd.options ?? {})) options[k] = { type: v.type };
  const parsed = parseArgs({
    args: argv.slice(cmd.name.split(" ").length),
    options,
    allowPositionals: true,
    strict: true,
  });
  let out: unknown;
  const config = loadConfig({});
  const ctx: CliContext = {
    config,
    database: async () => d,
    db: async () => d.db,
    engine: (overrides) => buildEngine(d, config, overrides),
    principal: async () => who,
    authenticate: async () => who,
    flags: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
    print: (v) => {
      out = v;
    },
    now: () => now,
  };
  try {
    await cmd.run(ctx);
    return out;
  } catch (e) {
    if (isBatonError(e)) return { code: e.code };
    throw e;
  }
}

describe("baton plays", () => {
  it("drafts, lists, picks up, edits, approves, shows, retires, copies and records outcomes", async () => {
    const draft = await baton(t.agt901, "plays", "draft", "--json", JSON.stringify(draftBody()));
    expect(draft.state).toBe("draft");
    const id = draft.play_id;
    expect(
      (await baton(t.rep, "plays", "queue", "--state", "draft")).items.map((p: any) => p.play_id),
    ).toContain(id);
    expect(await baton(t.rep, "plays", "pickup", id)).toEqual({ code: "FORBIDDEN_ROLE" });
    expect((await baton(t.revops, "plays", "pickup", id)).state).toBe("under_review");
    const edited = await baton(
      t.slm,
      "plays",
      "edit",
      id,
      "--name",
      "CLI renamed",
      "--target",
      '{"verticals":["retail"]}',
    );
    expect(edited.edits_during_review).toHaveLength(1);
    expect(await baton(t.slm, "plays", "edit", id, "--target", '{"verticals":')).toEqual({
      code: "INVALID_JSON",
    });
    expect((await baton(t.slm, "plays", "approve", id)).state).toBe("under_review");
    const active = await baton(t.revops, "plays", "approve", id, "--end", "2026-06-30");
    expect(active).toMatchObject({
      state: "active",
      active_period_start: "2026-06-01",
      active_period_end: "2026-06-30",
    });
    expect(
      (await baton(t.agt301, "plays", "active", "--segment", "seg_a")).items.map((p: any) => p.play_id),
    ).toEqual([id]);
    const shown = await baton(t.rep, "plays", "show", id);
    expect(shown.history.map((e: any) => e.event)).toContain("activated");
    expect(
      (await baton(t.revops, "plays", "retrospective", id, "--outcomes", '{"meeting_rate":0.2}'))
        .retrospective_outcomes,
    ).toEqual({ meeting_rate: 0.2 });
    expect(await baton(t.revops, "plays", "retire", id)).toMatchObject({
      code: "PLAY_RETIRE_REASON_INVALID",
    });
    expect((await baton(t.revops, "plays", "retire", id, "--reason", "completed")).state).toBe("retired");
    const copy = await baton(t.slm, "plays", "copy", id);
    expect(copy).toMatchObject({ state: "draft", copied_from_play_id: id, name: "CLI renamed" });
    expect((await baton(t.rep, "plays", "by-proposal", draft.originating_proposal_id)).items).toHaveLength(2);
    expect(
      (await baton(t.rep, "plays", "history", "--agent", "AGT-901")).items.length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("reads and sets config, calibration, sunset and archive", async () => {
    expect((await baton(t.rep, "plays", "config")).default_segment_cap).toBe(5);
    expect(await baton(t.slm, "plays", "config", "--default-cap", "4")).toEqual({ code: "FORBIDDEN_ROLE" });
    expect((await baton(t.revops, "plays", "config", "--default-cap", "4")).default_segment_cap).toBe(4);
    expect(await baton(t.revops, "plays", "config", "--default-cap", "2")).toEqual({
      code: "PLAY_CAP_OUT_OF_RANGE",
    });
    const seg = await baton(
      t.revops,
      "plays",
      "config",
      "segment",
      "seg_a",
      "--cap",
      "6",
      "--auto-sunset",
      "true",
    );
    expect(seg).toMatchObject({ segment: "seg_a", play_cap: 6, effective_cap: 6, auto_sunset: true });
    expect(
      (await baton(t.revops, "plays", "config", "segment", "seg_a", "--cap", "default")).effective_cap,
    ).toBe(4);
    const caps = await baton(t.rep, "plays", "calibration", "caps");
    expect(caps).toMatchObject({ review_threshold: 30, review_flag: false });
    expect((await baton(t.rep, "plays", "calibration", "promotion")).items[0]).toMatchObject({
      agent_id: "AGT-901",
    });
    expect((await baton(t.rep, "plays", "calibration", "edits")).per_agent[0]).toMatchObject({
      agent_id: "AGT-901",
    });
    expect((await baton(t.rep, "plays", "calibration", "retrospectives")).items[0].met_all).toBe(true);
    now = new Date("2028-06-01T00:00:00Z");
    expect(await baton(t.rep, "archive")).toEqual({ code: "FORBIDDEN_ROLE" });
    const archived = await baton(t.revops, "archive");
    expect(archived).toMatchObject({ archived: 0, kept_referenced: 1 });
    expect((await baton(t.rep, "plays", "sunset")).retired).toEqual([]);
  });
});
