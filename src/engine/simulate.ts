// baton simulate: the whole engine on a simulated clock (spec 002 "Demo data and time"). Same code
// as production (coordinator, campaigns, engine, channel ledger, CRM outbox); only the clock is
// injected and the database is an in-memory PGlite. The exec approves every draft and routes every
// hand-off; reps complete their tasks; contacts reply at random (seeded) so exits and chains happen.
import { PGlite } from "@electric-sql/pglite";
import { createPrincipal, ensureClient } from "../auth/create-principal.ts";
import { enrollContact, listHandoffs, processReply, routeHandoff } from "../campaigns/index.ts";
import { loadConfig } from "../config/config.ts";
import { openDatabase } from "../db/connect.ts";
import { migrate } from "../db/migrate.ts";
import type { ReplyClassifier, ReplyIntent } from "../replies/classifier.ts";
import { decideDrafts } from "./approve-draft.ts";
import { defaultEngineDeps } from "./default-engine-deps.ts";
import { nextWakeAt } from "./next-wake.ts";
import { completeRepTask, listMyTasks } from "./rep-tasks.ts";
import { runEngineOnce } from "./run-engine.ts";
import { addDays } from "./schedule.ts";
import { defineSimulationCampaigns } from "./simulate-campaigns.ts";
import { type SimulationReport, simulationReport } from "./simulation-report.ts";

/** Deterministic PRNG (mulberry32) so a seed gives the same run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The simulated contact says what it means: "[intent] ..." (the rule classifier is tested elsewhere). */
const scriptedClassifier: ReplyClassifier = {
  name: "simulation",
  async classify(text, receivedAt) {
    const intent = (/^\[(\w+)\]/.exec(text)?.[1] ?? "other") as ReplyIntent;
    return {
      intent,
      returnDate: intent === "out_of_office" ? addDays(receivedAt, 5) : null,
      confidence: 1,
      by: "simulation",
    };
  },
};

export interface SimulationOptions {
  days: number;
  contacts: number;
  seed: number;
  start?: Date;
}

export async function runSimulation(opts: SimulationOptions): Promise<SimulationReport> {
  const start = opts.start ?? new Date("2026-01-05T14:00:00Z");
  const random = rng(opts.seed);
  const pglite = await PGlite.create();
  const database = await openDatabase({ pglite, ownPglite: true });
  try {
    const db = database.db;
    await migrate(db);
    const clientId = "sim";
    await ensureClient(db, clientId, "Simulation");
    const person = (name: string, roles: ("exec" | "revops" | "rep")[]) =>
      createPrincipal(db, { clientId, displayName: name, email: `${name}@sim.test`, roles });
    const exec = await person("exec", ["exec"]);
    const revops = await person("revops", ["revops"]);
    const rep = await person("rep", ["rep"]);
    await defineSimulationCampaigns(db, revops, start);
    const config = { ...loadConfig({}), demo: false, smtp: undefined, llm: undefined };
    const deps = await defaultEngineDeps(database, config);

    // contacts arrive over the first two weeks; a third also get the event invitation
    const contacts: { id: string; day: number; world: boolean }[] = [];
    for (let i = 0; i < opts.contacts; i++) {
      const acc = await db
        .insertInto("accounts")
        .values({ client_id: clientId, name: `Company ${i}`, segment: null })
        .returning("account_id")
        .executeTakeFirstOrThrow();
      const c = await db
        .insertInto("contacts")
        .values({
          client_id: clientId,
          account_id: acc.account_id,
          full_name: `Contact ${i}`,
          email: `c${i}@sim.test`,
          linkedin_url: `https://www.linkedin.com/in/c${i}`,
        })
        .returning("contact_id")
        .executeTakeFirstOrThrow();
      contacts.push({
        id: c.contact_id,
        day: Math.floor(random() * Math.min(14, opts.days)),
        world: random() < 0.35,
      });
    }
    const end = addDays(start, opts.days);
    let now = start;
    for (let d = 0; d < opts.days; d++) {
      const dayStart = addDays(start, d);
      const dayEnd = addDays(start, d + 1);
      if (now < dayStart) now = dayStart;
      for (const c of contacts.filter((x) => x.day === d)) {
        await enrollContact(
          db,
          rep,
          { campaign: "b2bea_membership", contactId: c.id, goal: "pipeline" },
          now,
        );
        if (c.world) await enrollContact(db, rep, { campaign: "b2bea_world", contactId: c.id }, now);
      }
      // the engine through the day, jumping to each due time; people act between passes
      for (let guard = 0; guard < 5000; guard++) {
        const s = await runEngineOnce(deps, now, { workerId: "sim", batch: 200 });
        const pending = await db
          .selectFrom("staged_drafts")
          .select("id")
          .where("client_id", "=", clientId)
          .where("status", "=", "pending")
          .execute();
        if (pending.length)
          await decideDrafts(
            db,
            exec,
            pending.map((p) => p.id),
            { action: "approve" },
            now,
          );
        let tasks = 0;
        for (const who of [rep, exec])
          for (const t of await listMyTasks(db, who, {})) {
            await completeRepTask(deps, who, t.id, now);
            tasks++;
          }
        if (s.claimed || s.exited || pending.length || tasks || Object.keys(s.sends).length) continue;
        const next = await nextWakeAt(db, clientId);
        if (!next || next >= dayEnd) break;
        now = next > now ? next : new Date(now.getTime() + 1000);
      }
      // evening: replies to today's touches, and the exec routes hand-offs
      const evening = new Date(dayEnd.getTime() - 3_600_000);
      const touched = await db
        .selectFrom("cadence_event_log")
        .select("contact_id")
        .distinct()
        .where("client_id", "=", clientId)
        .where("event_type", "=", "touch")
        .where("occurred_at", ">=", dayStart)
        .where("occurred_at", "<", dayEnd)
        .execute();
      for (const t of touched) {
        const r = random();
        const intent: ReplyIntent | null =
          r < 0.04
            ? "meeting"
            : r < 0.06
              ? "not_interested"
              : r < 0.07
                ? "unsubscribe"
                : r < 0.09
                  ? "out_of_office"
                  : r < 0.12
                    ? "other"
                    : null;
        if (!intent || !t.contact_id) continue;
        await processReply(
          db,
          rep,
          { contactId: t.contact_id, text: `[${intent}] simulated reply`, receivedAt: evening },
          evening,
          scriptedClassifier,
        );
      }
      for (const h of await listHandoffs(db, clientId, { status: "open", limit: 500 })) {
        await routeHandoff(
          db,
          exec,
          { handoffId: h.id, campaigns: ["b2bea_membership_close"], notes: "simulated exec routing" },
          evening,
        );
      }
      if (now < evening) now = evening;
    }
    return await simulationReport(db, clientId, start, end, opts);
  } finally {
    await database.close();
  }
}
