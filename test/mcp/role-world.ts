// The world the role jobs run in (issue 38, issue 58): a tenant with an agent-drafted sales campaign
// and a nurture campaign, contacts placed for each gate the jobs meet, drafting tasks, a suppressed
// request, an open flag for AGT-303 and an open hand-off at the exec's gate. Built with the domain
// functions; shared by role-jobs.ts (stdio and HTTP) and agents-doc-jobs.test.ts.
import { createPrincipal } from "../../src/auth/create-principal.ts";
import { issueToken } from "../../src/auth/tokens.ts";
import { exitContact } from "../../src/campaigns/exit-contact.ts";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import { requestActivationAs } from "../../src/coordinator/request-activation-as.ts";
import type { Database } from "../../src/db/connect.ts";
import { leaseDraftingTask, submitDraft } from "../../src/engine/drafting-tasks.ts";
import { openEveryClass } from "../support/automation.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { seedSegment } from "./mcp-fixtures.ts";
import { addContact, agentDraftedCampaign, runEngine, SALES_CAMPAIGN } from "./outreach-setup.ts";
import { seedDataDir } from "./stdio-client.ts";

export const NURTURE_CAMPAIGN = "mcp_nurture";

export interface RoleWorld {
  t: Tenant;
  /** AGT-303, the coordinator's analysis agent (not among the test tenant's agents) */
  agt303Token: string;
  /** enrolled in the agent-drafted sales campaign, with a drafting task for its first step */
  dana: string;
  enrollmentId: string;
  robin: string;
  /** at an ABM-active account: gate 2 blocks nurture for this contact */
  casey: string;
  /** at a T1 account, in a live sales sequence: gate 4 queues nurture for this contact */
  riley: string;
  morgan: string;
  jamie: string;
  flagId: string;
  quarter: string;
  /** an open hand-off at the exec gate (harper's sales enrollment ended on a meeting) */
  handoffId: string;
  /** two touches AGT-301 drafted, pending the exec's approval (avery's, then quinn's) */
  pendingDrafts: [string, string];
}

export async function seedRoleWorld(database: Database, t: Tenant): Promise<RoleWorld> {
  const db = database.db;
  const now = new Date();
  await seedSegment(db, t.clientId);
  // the team has earned automation: a sure reading acts alone (issue 72 item 1)
  await openEveryClass(db, t.clientId, now);
  await agentDraftedCampaign(database, t, now);
  await createCampaign(
    db,
    t.revops,
    {
      slug: NURTURE_CAMPAIGN,
      name: "Member nurture",
      type: "onboarding",
      owner_role: "roles.cs",
      kind: "nurture",
      steps: [
        {
          step_number: 1,
          delay_days: 0,
          channel: "email",
          content_type: "follow_up",
          template_instructions: "Welcome: what membership includes.",
        },
      ],
    } as any,
    now,
  );
  const contacts = {} as Record<string, string>;
  for (const name of [
    "Dana Buyer",
    "Robin Prospect",
    "Casey Abm",
    "Riley Tier",
    "Morgan Lead",
    "Jamie Member",
    "Harper Meeting",
    "Avery Draft",
    "Quinn Draft",
  ]) {
    contacts[name.split(" ")[0].toLowerCase()] = await addContact(database, t, name);
  }
  const account = async (name: string, abm: boolean) =>
    (
      await db
        .insertInto("accounts")
        .values({ client_id: t.clientId, name, icp_tier: "T1", abm_active: abm })
        .returning("account_id")
        .executeTakeFirstOrThrow()
    ).account_id;
  const place = async (contactId: string, accountId: string) =>
    db
      .updateTable("contacts")
      .set({ account_id: accountId })
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", contactId)
      .execute();
  await place(contacts.casey, await account("ABM Target Co", true));
  await place(contacts.riley, await account("Tier One Co", false));
  const r = await enrollContact(db, t.exec, { campaign: SALES_CAMPAIGN, contactId: contacts.dana }, now);
  await enrollContact(db, t.exec, { campaign: SALES_CAMPAIGN, contactId: contacts.riley }, now);
  // spec 002: a meeting ends harper's sequence into a hand-off at the exec's gate
  const harper = await enrollContact(
    db,
    t.exec,
    { campaign: SALES_CAMPAIGN, contactId: contacts.harper },
    now,
  );
  const exit = await db.transaction().execute((tx) =>
    exitContact(
      tx,
      {
        clientId: t.clientId,
        enrollmentId: harper.enrollment_id!,
        reason: "meeting",
        actor: t.exec,
        target: { gate: "exec" },
      },
      now,
    ),
  );
  if (exit.next.kind !== "handoff") throw new Error("the meeting opened no hand-off");
  for (const name of ["avery", "quinn"])
    await enrollContact(db, t.exec, { campaign: SALES_CAMPAIGN, contactId: contacts[name] }, now);
  await runEngine(database, new Date()); // the steps' drafting tasks
  const pendingDrafts = (await agentDrafts(database, t, [contacts.avery, contacts.quinn])) as [
    string,
    string,
  ];
  // a suppressed request on record for the coordinator's readers
  await requestActivationAs(
    db,
    t.agt304,
    { contactId: contacts.casey, campaign: NURTURE_CAMPAIGN, originatingAgentId: "AGT-304" },
    now,
  );
  const analyst = await createPrincipal(db, {
    clientId: t.clientId,
    displayName: "Analysis",
    agentId: "AGT-303",
  });
  const agt303Token = await issueToken(db, t.clientId, analyst.principalId, "agt303");
  const flag = await db
    .insertInto("coordinator_flags")
    .values({
      client_id: t.clientId,
      flag_type: "stall",
      dedup_key: `mcp-stall-${contacts.dana}`,
      principal_id: t.rep.principalId,
      contact_id: contacts.dana,
      raised_at: now,
    })
    .returning("flag_id")
    .executeTakeFirstOrThrow();
  const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  return {
    t,
    agt303Token,
    dana: contacts.dana,
    enrollmentId: r.enrollment_id!,
    robin: contacts.robin,
    casey: contacts.casey,
    riley: contacts.riley,
    morgan: contacts.morgan,
    jamie: contacts.jamie,
    flagId: flag.flag_id,
    quarter,
    handoffId: exit.next.handoff_id,
    pendingDrafts,
  };
}

/** AGT-301 drafts the first touch of each contact: staged drafts waiting for the exec. */
async function agentDrafts(database: Database, t: Tenant, contactIds: string[]): Promise<string[]> {
  const db = database.db;
  const out: string[] = [];
  for (const contactId of contactIds) {
    const task = await db
      .selectFrom("engine_drafting_tasks as k")
      .innerJoin("sales_send_queue as q", (j) =>
        j.onRef("q.client_id", "=", "k.client_id").onRef("q.id", "=", "k.send_item_id"),
      )
      .select("k.id")
      .where("k.client_id", "=", t.clientId)
      .where("q.contact_id", "=", contactId)
      .executeTakeFirstOrThrow();
    const now = new Date();
    await leaseDraftingTask(db, t.clientId, "AGT-301", task.id, now, 600_000);
    const draft = await submitDraft(
      db,
      t.clientId,
      "AGT-301",
      task.id,
      {
        subject: "A peer's ramp time",
        body: "Hi there, a peer of yours cut ramp time by a third. Worth a look?",
      },
      now,
      "Baton",
    );
    out.push(draft.id);
  }
  return out;
}

/** The role world in a fresh embedded data directory, for `baton mcp` children (stdio tests). */
export function seedRoleDataDir(): Promise<{ tmp: string; dataDir: string; seeded: RoleWorld }> {
  return seedDataDir(async (database) => seedRoleWorld(database, await createTenant(database.db)));
}
