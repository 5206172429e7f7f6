// Issue 36 item 1: the switches triggers trusted were transaction settings any session may set.
// On PostgreSQL, connected as the runtime role (not a superuser, owns nothing), each escape the
// review found is tried as an attacker would, and refused; the same work goes through the owner's
// SECURITY DEFINER functions (erase, archive, retention purge). Before migration 0200 every refusal
// below passed: the event log took a forged detail, a retired play was deleted without an archive
// copy, a retirement was backdated to 2020, a 4th play activated under a cap of 3, and a tenant's
// config row was deleted. The PGlite part (one superuser) shows the clock and config refusals there.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import { setActor, withActor } from "../../src/db/actor-context.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { allowApplicationClock, refuseApplicationClock } from "../../src/db/owner-settings.ts";
import { approvePlay } from "../../src/plays/approve-play.ts";
import { archiveColdPlays } from "../../src/plays/archive-plays.ts";
import { retirePlay } from "../../src/plays/retire-play.ts";
import { compactAfterErasure } from "../../src/prospects/compact-after-erasure.ts";
import { purgeRetention } from "../../src/prospects/purge-retention.ts";
import { erasureScenario } from "../prospects/erasure-scenario.ts";
import { testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { playsUnderReview } from "../support/plays-under-review.ts";
import { type RuntimeRoleDatabase, runtimeRoleDatabase } from "../support/runtime-role.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function failure(p: Promise<unknown>): Promise<{ code?: string; message?: string } | undefined> {
  return p.then(
    () => undefined,
    (e) => e,
  );
}

/** One statement run after the given settings, in a transaction of its own. */
function withSettings(db: Kysely<DB>, settings: Record<string, string>, stmt: ReturnType<typeof sql>) {
  return db.transaction().execute(async (tx) => {
    for (const [k, v] of Object.entries(settings)) await sql`select set_config(${k}, ${v}, true)`.execute(tx);
    return stmt.execute(tx);
  });
}

/** A segment with a cap of 3 holding 3 active plays (ending in 30 days) and a 4th waiting for RevOps. */
async function fullSegment(db: Kysely<DB>, t: Tenant, segment: string) {
  const now = new Date();
  await withActor(db, t.revops, now, (tx) =>
    tx
      .insertInto("segments")
      .values({ client_id: t.clientId, segment, name: segment, play_cap: 3 })
      .execute(),
  );
  const active = await playsUnderReview(db, t, 3, { segment }, { name: `${segment} active` });
  for (const id of active)
    await approvePlay(
      db,
      t.revops,
      id,
      { active_period_end: isoDay(new Date(now.getTime() + 30 * DAY)) },
      now,
    );
  const [fourth] = await playsUnderReview(db, t, 1, { segment }, { name: `${segment} fourth` });
  return { active, fourth };
}

describeMultiConnection("escape hatches: the runtime role cannot flip the triggers' switches", () => {
  let r: RuntimeRoleDatabase;
  let app: Kysely<DB>;
  let t: Tenant;
  beforeAll(async () => {
    r = await runtimeRoleDatabase("hatches");
    app = r.app.db;
    t = await createTenant(app, "hatch");
  }, 180_000);
  afterAll(async () => r?.close(), 60_000);

  it("erasure: baton.erasure set by the runtime role does not open the event log; erasing a person does", async () => {
    // the whole erasure, as the runtime role: through baton_erase_contacts
    await erasureScenario(app);
    const row = await sql<{ id: string }>`select event_id::text as id from cadence_event_log limit 1`.execute(
      app,
    );
    expect(row.rows).toHaveLength(1);
    const err = await failure(
      withSettings(
        app,
        { "baton.erasure": "on" },
        sql`update cadence_event_log set details = '{"forged": true}'::jsonb where event_id::text = ${row.rows[0].id}`,
      ),
    );
    expect(err?.code).toBe("BC900");
    // the function erases only a person being erased, with the fixed marker
    const live = await sql<{ contact_id: string }>`
      insert into contacts (client_id, full_name, email) values (${t.clientId}, 'Live Person', 'live@hatch.test')
      returning contact_id`.execute(app);
    const ids = [live.rows[0].contact_id];
    const marker = await failure(
      sql`select * from baton_erase_contacts(${t.clientId}, ${ids}::uuid[], 'allowed', now())`.execute(app),
    );
    expect(marker?.code).toBe("BG003");
    const other = await failure(
      sql`select * from baton_erase_contacts('another-tenant', ${ids}::uuid[], '[erased]', now())`.execute(
        app,
      ),
    );
    expect(other?.code).toBe("BG003");
  }, 180_000);

  it("the application clock: 2020 does not backdate a retirement, 60 days ahead does not lift a cap", async () => {
    const { active, fourth } = await fullSegment(app, t, "hatch_cap");
    const back = await failure(
      retirePlay(app, t.revops, active[0], "completed", new Date("2020-01-01T00:00:00Z")),
    );
    expect(back).toMatchObject({ code: "APPLICATION_CLOCK_REFUSED" });
    const ahead = await failure(approvePlay(app, t.revops, fourth, {}, new Date(Date.now() + 60 * DAY)));
    expect(ahead).toMatchObject({ code: "APPLICATION_CLOCK_REFUSED" });
    const states = await sql<{ state: string; n: number }>`
      select state, count(*)::int as n from plays where client_id = ${t.clientId} and segment = 'hatch_cap'
       group by state order by state`.execute(app);
    expect(states.rows).toEqual([
      { state: "active", n: 3 },
      { state: "under_review", n: 1 },
    ]);
    // at the real time the rules run as before
    const retired = await retirePlay(app, t.revops, active[0], "completed", new Date());
    expect(Math.abs(Date.parse(String(retired.retired_at)) - Date.now())).toBeLessThan(60_000);
    // and the runtime role cannot allow itself a clock
    const allow = await failure(allowApplicationClock(app, "attacker"));
    expect(allow?.code).toBe("BG002");
  }, 120_000);

  it("archiving and retention: their settings do not open plays or the archive; the owner's functions do", async () => {
    // a play retired 8 years ago, written while the owner allowed the clock
    const [old] = await playsUnderReview(app, t, 1, { segment: "hatch_cap" }, { name: "Old" });
    await allowApplicationClock(r.owner.db, "test: a play retired 8 years ago");
    try {
      await retirePlay(app, t.revops, old, "rejected_at_review", new Date(Date.now() - 8 * 365 * DAY));
    } finally {
      await refuseApplicationClock(r.owner.db);
    }
    const [fresh] = await playsUnderReview(app, t, 1, { segment: "hatch_cap" }, { name: "Fresh" });
    await retirePlay(app, t.revops, fresh, "rejected_at_review", new Date());
    // baton.archiving: a retired play is not deleted without its archive copy
    const del = await failure(
      withSettings(app, { "baton.archiving": "on" }, sql`delete from plays where play_id = ${fresh}::uuid`),
    );
    expect(del?.code).toBe("BP013");
    // the archive, as the runtime role: the cold play goes, the fresh one stays (a later cutoff
    // passed to the function does not make it cold)
    const archived = await archiveColdPlays(app, t.revops, new Date());
    expect(archived.archived).toBe(1);
    const late = await sql<{ archived: number }>`
      select archived from baton_archive_cold_plays(${t.clientId}, now() + interval '1 day', now())`.execute(
      app,
    );
    expect(late.rows[0].archived).toBe(0);
    // baton.retention: the archive stays append-only
    const purge = await failure(
      withSettings(
        app,
        { "baton.retention": "on" },
        sql`delete from plays_archive where play_id = ${old}::uuid`,
      ),
    );
    expect(purge?.code).toBe("BP013");
    const purged = await purgeRetention(
      app,
      t.clientId,
      { replyDays: 0, draftDays: 0, bodyDays: 0, playYears: 7, signalDays: 0 },
      new Date(),
    );
    expect(purged.archived_plays).toBe(1);
  }, 120_000);

  it("compaction after an erasure: the runtime role cannot VACUUM; `baton erasures compact` does it as the owner", async () => {
    const asApp = await compactAfterErasure(app, ["contacts", "cadence_event_log"]);
    expect(asApp).toMatchObject({ compacted: [], not_compacted: ["cadence_event_log", "contacts"] });
    expect(asApp.wal.skipped).not.toBeNull();
    const env: Record<string, string | undefined> = {
      DATABASE_URL: r.urlAs(r.appRole),
      BATON_MIGRATE_DATABASE_URL: r.urlAs(r.ownerRole),
      BATON_DEMO: "false",
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    const lines: string[] = [];
    try {
      expect(await runCli(["erasures", "compact"], (l) => lines.push(l))).toBe(0);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const out = JSON.parse(lines.join("\n"));
    expect(out.compacted).toEqual(expect.arrayContaining(["contacts", "cadence_event_log", "crm_contacts"]));
    expect(out.not_compacted).toEqual([]);
    // the database's owner rewrites pg_statistic too; the WAL needs more than it has (overwrite-old-wal.ts)
    expect(out.statistics.catalog_compacted).toBe(true);
    expect(out.wal.skipped).toMatch(/pg_checkpoint/);
  }, 120_000);

  it("no temporary table stands in for one the triggers read (a forged principals table)", async () => {
    // PostgreSQL resolves a table name in the session's temporary schema first: a temporary
    // `principals` holding a RevOps row would pass every role check of the plays triggers
    const err = await failure(
      sql`create temp table principals (principal_id uuid, client_id text, kind text, roles text[])`.execute(
        app,
      ),
    );
    expect(err?.code).toBe("42501");
  });

  it("the play-library configuration: not deleted, and no cap inserted, without RevOps", async () => {
    const del = await failure(
      sql`delete from play_library_config where client_id = ${t.clientId}`.execute(app),
    );
    expect(del?.code).toBe("BP002");
    const ins = await failure(
      sql`insert into segments (client_id, segment, name, play_cap) values (${t.clientId}, 'hatch_eight', 'x', 8)`.execute(
        app,
      ),
    );
    expect(ins?.code).toBe("BP002");
    const segDel = await failure(
      sql`delete from segments where client_id = ${t.clientId} and segment = 'hatch_spare'`.execute(app),
    );
    expect(segDel).toBeUndefined(); // nothing there: no refusal
    await withActor(app, t.revops, new Date(), (tx) =>
      sql`insert into segments (client_id, segment, name, play_cap) values (${t.clientId}, 'hatch_spare', 'x', 3)`.execute(
        tx,
      ),
    );
    const capDel = await failure(
      sql`delete from segments where client_id = ${t.clientId} and segment = 'hatch_spare'`.execute(app),
    );
    expect(capDel?.code).toBe("BP002");
    // a segment without a cap is anyone's to add, as before
    await sql`insert into segments (client_id, segment, name) values (${t.clientId}, 'hatch_plain', 'x')`.execute(
      app,
    );
  });
});

describe("escape hatches on PGlite (one superuser: the owner)", () => {
  let d: Database;
  let t: Tenant;
  beforeAll(async () => {
    d = await testDatabase();
    t = await createTenant(d.db, "hatchlite");
  });
  afterAll(async () => d?.close());

  it("refuses a moved clock where the owner has not allowed one, and takes it where it has", async () => {
    const { active } = await fullSegment(d.db, t, "lite_cap");
    await refuseApplicationClock(d.db);
    try {
      const back = await failure(
        retirePlay(d.db, t.revops, active[0], "completed", new Date("2020-01-01T00:00:00Z")),
      );
      expect(back).toMatchObject({ code: "APPLICATION_CLOCK_REFUSED" });
      // a clock within 5 minutes of the database's is not refused; the database's is used
      const near = await retirePlay(d.db, t.revops, active[1], "completed", new Date(Date.now() - 60_000));
      expect(Math.abs(Date.parse(String(near.retired_at)) - Date.now())).toBeLessThan(30_000);
    } finally {
      await allowApplicationClock(d.db, "test database");
    }
    const at = new Date("2020-01-01T00:00:00Z");
    const back = await retirePlay(d.db, t.revops, active[2], "completed", at);
    expect(Date.parse(String(back.retired_at))).toBe(at.getTime());
  });

  it("refuses deleting the configuration row without an actor, and with one", async () => {
    const del = await failure(
      sql`delete from play_library_config where client_id = ${t.clientId}`.execute(d.db),
    );
    expect(del?.code).toBe("BP002");
    const asRevops = await failure(
      d.db.transaction().execute(async (tx) => {
        await setActor(tx, t.revops);
        await sql`delete from play_library_config where client_id = ${t.clientId}`.execute(tx);
      }),
    );
    expect(asRevops?.code).toBe("BP002");
  });
});
