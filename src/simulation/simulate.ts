// baton simulate: the whole engine on a simulated clock (spec 002 "Demo data and time"). Same code
// as production (coordinator, campaigns, engine, channel ledger, CRM outbox); only the clock is
// injected and the database is a throw-away PGlite (or, with --server, a throw-away database on a
// PostgreSQL server). The exec approves every draft and routes every hand-off; reps complete their
// tasks; contacts reply at random (seeded) so exits and chains happen.
import { sql } from "kysely";
import { createPrincipal, ensureClient } from "../auth/create-principal.ts";
import { seedSenderIdentity } from "../channels/index.ts";
import { loadConfig } from "../config/config.ts";
import { openDatabase } from "../db/connect.ts";
import type { EngineFactory } from "../engine/index.ts";
import { addDays } from "../engine/index.ts";
import { defineSimulationCampaigns } from "./simulate-campaigns.ts";
import { rng, type SimulatedContact, type SimulationProgress, simulateDays } from "./simulate-days.ts";
import { simulationPglite, simulationServerDatabase } from "./simulation-database.ts";
import { drawNextIds } from "./simulation-ids.ts";
import { type SimulationReport, simulationReport } from "./simulation-report.ts";

const SETUP_CHUNK = 1000;

export interface SimulationOptions {
  days: number;
  contacts: number;
  seed: number;
  start?: Date;
  /** Called at the end of each simulated day (the CLI prints it on a terminal's stderr). */
  onProgress?: (p: SimulationProgress) => void;
  /** A PostgreSQL server to run on, in a throw-away database of its own; default the embedded PGlite. */
  serverUrl?: string;
  /** serverUrl is a Citus coordinator: the throw-away database is built on every node and distributed (issue 57). */
  cluster?: boolean;
}

/** `buildEngine` wires the engine over the throw-away database (the composition root's, src/runtime/engine.ts). */
export async function runSimulation(
  opts: SimulationOptions,
  buildEngine: EngineFactory,
): Promise<SimulationReport> {
  const start = opts.start ?? new Date("2026-01-05T14:00:00Z");
  const random = rng(opts.seed);
  // migrated, ids drawn from a sequence (simulation-ids.ts), from a template (simulation-database.ts)
  const database = opts.serverUrl
    ? await simulationServerDatabase(opts.serverUrl, { cluster: opts.cluster })
    : await openDatabase({ pglite: await simulationPglite(), ownPglite: true });
  try {
    const db = database.db;
    const clientId = "sim";
    await ensureClient(db, clientId, "Simulation");
    await seedSenderIdentity(db, clientId, {
      company_name: "Simulation Ltd",
      postal_address: "1 Simulation Way, Springfield 12345, US",
    });
    const person = (name: string, roles: ("exec" | "revops" | "rep")[]) =>
      createPrincipal(db, { clientId, displayName: name, email: `${name}@sim.test`, roles });
    const exec = await person("exec", ["exec"]);
    const revops = await person("revops", ["revops"]);
    const rep = await person("rep", ["rep"]);
    await defineSimulationCampaigns(db, revops, start);
    const config = { ...loadConfig({}), demo: false, smtp: undefined, llm: undefined };
    // the send items' and drafts' ids from the simulation's sequence too (engine-deps.ts newIds)
    const deps = await buildEngine(database, config, { newIds: drawNextIds });

    // contacts arrive over the first two weeks; a third also get the event invitation. Inserted in
    // bulk with the ids one insert at a time would have drawn (an account, then its contact), so a
    // seed gives the same report; one statement per 1,000 rows instead of two per contact.
    const contacts: SimulatedContact[] = [];
    await db.transaction().execute(async (tx) => {
      const ids = await drawNextIds(tx, 2 * opts.contacts);
      const chunks: number[][] = [];
      for (let from = 0; from < opts.contacts; from += SETUP_CHUNK)
        chunks.push(Array.from({ length: Math.min(SETUP_CHUNK, opts.contacts - from) }, (_, k) => from + k));
      for (const part of chunks)
        await tx
          .insertInto("accounts")
          .values(
            part.map((i) => ({
              account_id: ids[2 * i],
              client_id: clientId,
              name: `Company ${i}`,
              segment: null,
            })),
          )
          .execute();
      // Each contact's foreign-key check on its account runs a cached plan. Made generic while the
      // accounts table held a page or two (our reading), it cost 0.32 ms a contact at 3,000 accounts
      // and grew with them (docs/performance-journal.md 0e); planned for the table as it is, 0.05 ms. The
      // accounts go in first. Each table gets the same rows in the same order as before. `local`:
      // until this transaction ends, which is right after the contacts.
      await sql`set local plan_cache_mode = force_custom_plan`.execute(tx);
      for (const part of chunks)
        await tx
          .insertInto("contacts")
          .values(
            part.map((i) => ({
              contact_id: ids[2 * i + 1],
              client_id: clientId,
              account_id: ids[2 * i],
              full_name: `Contact ${i}`,
              email: `c${i}@sim.test`,
              linkedin_url: `https://www.linkedin.com/in/c${i}`,
            })),
          )
          .execute();
      for (let i = 0; i < opts.contacts; i++) {
        const day = Math.floor(random() * Math.min(14, opts.days));
        const world = random() < 0.35;
        contacts.push({
          id: ids[2 * i + 1] as string,
          day,
          enroll: [
            { campaign: "b2bea_membership", goal: "pipeline" },
            ...(world ? [{ campaign: "b2bea_world" }] : []),
          ],
        });
      }
    });
    const end = addDays(start, opts.days);
    await simulateDays({
      deps,
      clientId,
      exec,
      rep,
      contacts,
      start,
      days: opts.days,
      random,
      onProgress: opts.onProgress,
    });
    return await simulationReport(db, clientId, start, end, opts);
  } finally {
    await database.close();
  }
}
