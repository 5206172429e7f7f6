// Attio over its REST API v2 (spec 002: "Attio is the record of truth for contacts and deals").
// Mapping (docs/adapters.md):
//   contact  → a record of object `people`: asserted by email (PUT …/records?matching_attribute=
//              email_addresses), PATCHed by record id when known, else created (POST).
//   activity → a note on the person (POST /v2/notes, plaintext).
//   deal     → a record of object `deals` (name, stage, owner, associated_people); stage changes
//              and close are PATCHes of `stage` (a status attribute, set by its title). `owner` is
//              required (docs.attio.com standard-objects-deals) and is an actor reference written
//              as {workspace_member_email_address} (attribute-types-actor-reference): the Baton
//              person who owns the deal (src/crm/deal-owner.ts). No owner, or one who is not a
//              member of the workspace, is a dead letter saying what to set, never a silent drop.
//   erasure  → DELETE the person record (issue 15, GDPR Art. 17); a 404 means it is already gone.
//   read back → readChanges (attio-changes.ts): opt-out, owner, lifecycle and title of linked people,
//              their deals' stages and company moves (attio-moves.ts).
// Errors: 429 (not before its Retry-After, an HTTP date: guides/rate-limiting), 408 and 5xx are
// transient (the outbox retries); 409 is a uniqueness conflict (create-a-record: "will throw on
// conflicts of unique attributes"), permanent like the other 4xx: trying again conflicts again.
import type { Kysely } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import { type AttioReadBack, readAttioChanges, readAttioPeople } from "./attio-changes.ts";
import { CrmWriteError } from "./builtin-crm.ts";
import type { CrmActivity, CrmAdapter, CrmChange, CrmContact, DealStage, NewDeal } from "./crm-adapter.ts";
import { noDealOwnerReason } from "./deal-owner.ts";
import { retryAfterMs } from "./outbox-backoff.ts";

export type AttioConfig = NonNullable<Config["attio"]>;

/** Baton's deal stages → the titles of Attio's default deal stages. */
export const DEFAULT_ATTIO_STAGES: Record<DealStage, string> = {
  enrolled: "Lead",
  engaged: "In Progress",
  meeting: "In Progress",
  proposal: "In Progress",
  won: "Won 🎉",
  lost: "Lost",
};

interface AttioRecord {
  data: { id: { workspace_id?: string; object_id?: string; record_id: string }; values?: unknown };
}

export function splitName(full: string): { first_name: string; last_name: string; full_name: string } {
  const parts = full.trim().split(/\s+/);
  const first = parts[0] ?? "";
  return { first_name: first, last_name: parts.slice(1).join(" "), full_name: full.trim() };
}

export class AttioCrm implements CrmAdapter {
  readonly name = "attio";
  private readonly baseUrl: string;

  constructor(
    private readonly config: AttioConfig,
    private readonly stages: Record<DealStage, string> = DEFAULT_ATTIO_STAGES,
    private readonly timeoutMs = 20_000,
    /** with the database (the linked people) and optionally the attribute slugs: read back */
    private readonly readBack?: { db: Kysely<DB>; attrs?: AttioReadBack; now?: () => Date },
  ) {
    this.baseUrl = config.baseUrl.replace(/\/$/, "");
    if (!readBack) this.readChanges = undefined;
  }

  /** Opt-outs, owners, lifecycle stages and deletions of the linked people (attio-changes.ts). */
  readChanges?: CrmAdapter["readChanges"] = (clientId, cursor) =>
    readAttioChanges(this.readBack!.db, (m, p, b) => this.call(m, p, b), clientId, cursor, {
      now: this.readBack?.now?.() ?? new Date(),
      attrs: this.readBack?.attrs,
    });

  /**
   * The current state of these people as changes, and with movesSince their company moves: what a
   * webhook applies (receive-attio-webhook.ts).
   */
  readPeople(ids: string[], opts: { movesSince?: number } = {}): Promise<CrmChange[]> {
    return readAttioPeople((m, p, b) => this.call(m, p, b), ids, {
      now: this.readBack?.now?.() ?? new Date(),
      attrs: this.readBack?.attrs,
      movesSince: opts.movesSince,
    });
  }

  /** One call to Attio's API (its errors as CrmWriteError): the webhooks' management (attio-webhook.ts). */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return this.call<T>(method, path, body);
  }

  async upsertContact(_clientId: string, c: CrmContact): Promise<{ externalId: string }> {
    const values: Record<string, unknown> = { name: [splitName(c.fullName)] };
    if (c.email) values.email_addresses = [{ email_address: c.email }];
    let res: AttioRecord;
    if (c.externalId) {
      res = await this.call<AttioRecord>(
        "PATCH",
        `/v2/objects/people/records/${encodeURIComponent(c.externalId)}`,
        {
          data: { values },
        },
      );
    } else if (c.email) {
      res = await this.call<AttioRecord>(
        "PUT",
        "/v2/objects/people/records?matching_attribute=email_addresses",
        {
          data: { values },
        },
      );
    } else {
      res = await this.call<AttioRecord>("POST", "/v2/objects/people/records", { data: { values } });
    }
    return { externalId: res.data.id.record_id };
  }

  async logActivity(_clientId: string, a: CrmActivity): Promise<void> {
    await this.call("POST", "/v2/notes", {
      data: {
        parent_object: "people",
        parent_record_id: a.externalContactId,
        title: `Baton ${a.channel} touch: ${a.contentType}`,
        format: "plaintext",
        content: a.note,
        created_at: a.occurredAt.toISOString(),
      },
    });
  }

  async createDeal(_clientId: string, d: NewDeal): Promise<{ dealId: string }> {
    if (!d.owner) throw new CrmWriteError(noDealOwnerReason("Attio", d.enrollmentId ?? "(unknown)"), true);
    try {
      const res = await this.call<AttioRecord>("POST", "/v2/objects/deals/records", {
        data: {
          values: {
            name: d.name,
            stage: this.stages[d.stage],
            owner: [{ workspace_member_email_address: d.owner.email }],
            associated_people: [{ target_object: "people", target_record_id: d.externalContactId }],
          },
        },
      });
      return { dealId: res.data.id.record_id };
    } catch (e) {
      if (e instanceof CrmWriteError && e.status === 400)
        throw new CrmWriteError(
          `${e.message} (the deal's owner is ${d.owner.email}: invite them to the Attio workspace, or ` +
            "make a workspace member the contact's owner in Baton, then retry this write)",
          true,
          400,
        );
      throw e;
    }
  }

  async updateDealStage(_clientId: string, dealId: string, stage: DealStage): Promise<void> {
    await this.call("PATCH", `/v2/objects/deals/records/${encodeURIComponent(dealId)}`, {
      data: { values: { stage: this.stages[stage] } },
    });
  }

  async closeDeal(clientId: string, dealId: string, outcome: "won" | "lost"): Promise<void> {
    await this.updateDealStage(clientId, dealId, outcome);
  }

  /** Attio v2 "Delete a record": DELETE /v2/objects/people/records/{record_id}; 404 = already gone. */
  async eraseContact(_clientId: string, externalId: string): Promise<void> {
    try {
      await this.call("DELETE", `/v2/objects/people/records/${encodeURIComponent(externalId)}`, undefined);
    } catch (e) {
      if (e instanceof CrmWriteError && e.status === 404) return;
      throw e;
    }
  }

  private async call<T = unknown>(method: string, path: string, body: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.config.apiKey}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new CrmWriteError(`Attio ${method} ${path.split("?")[0]}: ${(e as Error).message}`, false);
    }
    const text = await res.text();
    if (!res.ok) {
      let detail = text.slice(0, 300);
      try {
        const j = JSON.parse(text);
        detail = `${j.code ?? j.type ?? "error"}: ${j.message ?? detail}`;
      } catch {}
      const transient = res.status === 429 || res.status === 408 || res.status >= 500;
      throw new CrmWriteError(
        `Attio ${method} ${path.split("?")[0]} → ${res.status} ${detail}`,
        !transient,
        res.status,
        res.status === 429
          ? retryAfterMs(res.headers.get("retry-after"), res.headers.get("date"), Date.now())
          : undefined,
      );
    }
    return (text ? JSON.parse(text) : {}) as T;
  }
}
