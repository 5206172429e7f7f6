// The built-in CRM, the default (spec 002 "Attio Integration", with Baton's own tables as the record
// of truth when no Attio key is configured). Record ids are the rows' uuids.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { CrmActivity, CrmAdapter, CrmContact, DealStage } from "./crm-adapter.ts";

export class BuiltinCrm implements CrmAdapter {
  readonly name = "builtin";

  constructor(private readonly db: Kysely<DB>) {}

  async upsertContact(clientId: string, c: CrmContact): Promise<{ externalId: string }> {
    const row = await this.db
      .insertInto("crm_contacts")
      .values({
        client_id: clientId,
        contact_id: c.contactId,
        full_name: c.fullName,
        email: c.email,
        company: c.company,
        created_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .onConflict((oc) =>
        oc.columns(["client_id", "contact_id"]).doUpdateSet({
          full_name: c.fullName,
          email: c.email,
          company: c.company,
          // the inserted row's now(): Citus refuses a function that is not IMMUTABLE in DO UPDATE
          updated_at: sql`excluded.updated_at`,
        }),
      )
      .returning("crm_contact_id")
      .executeTakeFirstOrThrow();
    return { externalId: row.crm_contact_id };
  }

  async logActivity(clientId: string, a: CrmActivity): Promise<void> {
    await this.db
      .insertInto("crm_activities")
      .values({
        client_id: clientId,
        crm_contact_id: a.externalContactId,
        channel: a.channel,
        content_type: a.contentType,
        occurred_at: a.occurredAt,
        note: a.note,
      })
      .execute();
  }

  async createDeal(
    clientId: string,
    d: { externalContactId: string; name: string; stage: DealStage },
  ): Promise<{ dealId: string }> {
    const row = await this.db
      .insertInto("crm_deals")
      .values({
        client_id: clientId,
        crm_contact_id: d.externalContactId,
        name: d.name,
        stage: d.stage,
        created_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .returning("deal_id")
      .executeTakeFirstOrThrow();
    return { dealId: row.deal_id };
  }

  async updateDealStage(clientId: string, dealId: string, stage: DealStage): Promise<void> {
    await this.setStage(clientId, dealId, stage);
  }

  async closeDeal(clientId: string, dealId: string, outcome: "won" | "lost"): Promise<void> {
    await this.setStage(clientId, dealId, outcome);
  }

  /** Erasure (issue 15): the person's built-in CRM record, its notes and deals are deleted. */
  async eraseContact(clientId: string, externalId: string): Promise<void> {
    await sql`delete from crm_activities where client_id = ${clientId} and crm_contact_id = ${externalId}::uuid`.execute(
      this.db,
    );
    await sql`delete from crm_deals where client_id = ${clientId} and crm_contact_id = ${externalId}::uuid`.execute(
      this.db,
    );
    await sql`delete from crm_contacts where client_id = ${clientId} and crm_contact_id = ${externalId}::uuid`.execute(
      this.db,
    );
  }

  private async setStage(clientId: string, dealId: string, stage: DealStage) {
    const closed = stage === "won" || stage === "lost";
    const r = await this.db
      .updateTable("crm_deals")
      .set({ stage, updated_at: sql`now()`, closed_at: closed ? sql`coalesce(closed_at, now())` : null })
      .where("client_id", "=", clientId)
      .where("deal_id", "=", dealId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new CrmWriteError(`deal ${dealId} not found`, true);
  }
}

/** A CRM write that failed. permanent: retrying cannot help (dead-letter at once). */
export class CrmWriteError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly status?: number,
    /** the CRM's Retry-After (a 429): the next try waits at least this long */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "CrmWriteError";
  }
}
