// The records behind the Salesforce stand-in: the sObjects Baton touches, with the fields, required
// fields, reference checks and picklist values Salesforce documents for them (Object Reference:
// Contact, Account, Task, Opportunity, OpportunityContactRole). Errors come back in Salesforce's
// shape, [{message, errorCode, fields}], as SfError. Strict where Salesforce is (issue 58):
//   - upsert by an External ID field (REST API Developer Guide, "Insert or Update (Upsert) a Record
//     Using an External ID"): no match → created (201, created: true), one → updated (200,
//     created: false), several → 300; a field that is not an External ID of the object → 404
//     NOT_FOUND "Provided external ID field does not exist or is not accessible";
//   - the org's active duplicate rule on Contact email (Salesforce's standard rules alert on create,
//     and over the API an alert blocks the save: DUPLICATES_DETECTED, unless the request carries
//     Sforce-Duplicate-Rule-Header allowSave=true);
//   - a validation rule can refuse an object's inserts (FIELD_CUSTOM_VALIDATION_EXCEPTION), so a
//     composite request's rollback can be seen;
//   - Field History Tracking on Contact (Object Reference: ContactHistory): each update of a tracked
//     field (the org's `trackedContactFields`, by default AccountId, Email, Title) writes a
//     ContactHistory row {ContactId, Field, OldValue, NewValue, CreatedDate}; a lookup writes two,
//     one with the ids and one with the records' names, and its Field is the relationship's name
//     ('Account'). ContactHistory is read only (query it; inserting or updating it is refused) and
//     has no SystemModstamp or LastModifiedDate;
//   - Field History Tracking on Opportunity (Object Reference: OpportunityFieldHistory, API 13.0+):
//     a new Opportunity writes a row with Field 'created', each update of a tracked field (the org's
//     `trackedOpportunityFields`, by default StageName) a row with its old and new values; read
//     only, as ContactHistory;
//   - each history row's CreatedById is the user who made the change: the user the API's tokens act
//     as (API_USER, the stand-in's identity URL) for a change made over the API, another user
//     (PERSON_USER) for one a test makes directly, as a person working in Salesforce would;
//   - a history row's OldValue and NewValue are anyType: they sort, but Salesforce refuses them in a
//     WHERE clause (INVALID_FIELD "can not be filtered").
import {
  defaults,
  OPPORTUNITY_STAGES,
  READ_ONLY,
  SCHEMA,
  SYSTEM,
  TASK_SUBTYPES,
} from "./salesforce-schema.ts";

export { OPPORTUNITY_STAGES } from "./salesforce-schema.ts";

export class SfError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
  }
  body() {
    return [{ message: this.message, errorCode: this.errorCode, fields: this.fields }];
  }
}

export type SfRecord = Record<string, unknown> & { Id: string; SystemModstamp: string };

export const DEFAULT_OWNER = "005000000000001AAA";
/** The user the stand-in's OAuth tokens act as (its identity URL's user id). */
export const API_USER = DEFAULT_OWNER;
/** A person of the org, making changes in Salesforce's own UI. */
export const PERSON_USER = "005000000000002AAA";
/** The history objects: read only, without SystemModstamp or LastModifiedDate. */
const HISTORY = new Set(["ContactHistory", "OpportunityFieldHistory"]);
/** Fields of type anyType: sortable, never filterable (Object Reference, the history objects). */
const ANY_TYPE = new Set(["OldValue", "NewValue"]);

/** Salesforce's dateTime as its REST API writes it: 2026-03-02T10:00:00.000+0000 (second precision). */
export function sfDateTime(d: Date): string {
  return `${new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().slice(0, 19)}.000+0000`;
}

export interface SfStoreSnapshot {
  records: Array<[string, { type: string; rec: SfRecord }]>;
  deleted: Array<{ type: string; id: string; deletedDate: string }>;
  seq: number;
}

export class SfStore {
  readonly records = new Map<string, { type: string; rec: SfRecord }>();
  readonly deleted: Array<{ type: string; id: string; deletedDate: string }> = [];
  /** The org's duplicate rule on Contact email is active (blocks an API insert of a duplicate). */
  duplicateRule = true;
  /** Objects whose inserts a validation rule refuses. */
  readonly refuseInserts = new Set<string>();
  /** The Contact fields whose history the org tracks (Setup → Object Manager → Contact → Set History Tracking). */
  trackedContactFields = new Set(["AccountId", "Email", "Title"]);
  /** The Opportunity fields whose history the org tracks (Opportunity → Set History Tracking). */
  trackedOpportunityFields = new Set(["StageName"]);
  /** Who is making the changes now: a person (PERSON_USER), or the API's user while a request is served. */
  actor = PERSON_USER;
  private seq = 0;

  constructor(
    private readonly clock: () => Date,
    private readonly customFields: Record<string, string[]> = {},
    /** External ID fields per object (unique, case-insensitive text). */
    readonly externalIds: Record<string, string[]> = {},
  ) {}

  knownFields(type: string): Set<string> {
    const s = this.schema(type);
    if (HISTORY.has(type)) return new Set(["Id", "CreatedDate", "IsDeleted", ...s.fields]);
    return new Set([
      ...SYSTEM,
      ...s.fields,
      ...(this.customFields[type] ?? []),
      ...(this.externalIds[type] ?? []),
    ]);
  }

  /** The records whose External ID `field` is `value`; 404 when `field` is not one of `type`'s. */
  byExternalId(type: string, field: string, value: string): SfRecord[] {
    this.schema(type);
    if (!(this.externalIds[type] ?? []).includes(field))
      throw new SfError(
        404,
        "NOT_FOUND",
        `Provided external ID field does not exist or is not accessible: ${field}`,
      );
    return this.all(type).filter((r) => String(r[field] ?? "").toLowerCase() === value.toLowerCase());
  }

  /** Upsert by External ID: [status, answer] as Salesforce gives them. */
  upsert(type: string, field: string, value: string, body: unknown, allowSave = false): [number, unknown] {
    const found = this.byExternalId(type, field, value);
    if (found.length > 1)
      throw new SfError(
        300,
        "MULTIPLE_CHOICES",
        `More than one record found for external id field: ${field}`,
      );
    const values = this.checked(type, body);
    if (field in values && String(values[field]) !== value)
      throw new SfError(400, "INVALID_FIELD", `${field} in the body does not match the URL`, [field]);
    if (found[0]) {
      this.update(type, found[0].Id, values);
      return [200, { id: found[0].Id, success: true, errors: [], created: false }];
    }
    const id = this.create(type, { ...values, [field]: value }, allowSave);
    return [201, { id, success: true, errors: [], created: true }];
  }

  snapshot(): SfStoreSnapshot {
    return {
      records: [...this.records].map(([id, r]) => [id, { type: r.type, rec: { ...r.rec } }]),
      deleted: [...this.deleted],
      seq: this.seq,
    };
  }

  restore(s: SfStoreSnapshot): void {
    this.records.clear();
    for (const [id, r] of s.records) this.records.set(id, r);
    this.deleted.splice(0, this.deleted.length, ...s.deleted);
    this.seq = s.seq;
  }

  all(type: string): SfRecord[] {
    return [...this.records.values()].filter((r) => r.type === type).map((r) => r.rec);
  }

  get(type: string, id: string): SfRecord {
    const r = this.records.get(id);
    if (!r || r.type !== type) throw new SfError(404, "NOT_FOUND", "The requested resource does not exist");
    return r.rec;
  }

  create(type: string, body: unknown, allowSave = false): string {
    const s = this.schema(type);
    this.writable(type);
    const values = this.checked(type, body);
    if (this.refuseInserts.has(type))
      throw new SfError(
        400,
        "FIELD_CUSTOM_VALIDATION_EXCEPTION",
        `A validation rule refuses new ${type} records`,
      );
    const email = typeof values.Email === "string" ? values.Email.toLowerCase() : "";
    if (
      type === "Contact" &&
      this.duplicateRule &&
      !allowSave &&
      email &&
      this.all("Contact").some((c) => String(c.Email ?? "").toLowerCase() === email)
    )
      throw new SfError(400, "DUPLICATES_DETECTED", "Use one of these records?");
    const missing = s.required.filter(
      (f) => values[f] === undefined || values[f] === null || values[f] === "",
    );
    if (missing.length)
      throw new SfError(
        400,
        "REQUIRED_FIELD_MISSING",
        `Required fields are missing: [${missing.join(", ")}]`,
        missing,
      );
    const id = `${s.prefix}${(++this.seq).toString(36).padStart(12, "0")}AAA`;
    const stamp = sfDateTime(this.clock());
    const rec: SfRecord = {
      ...defaults(type),
      ...values,
      Id: id,
      OwnerId: typeof values.OwnerId === "string" ? values.OwnerId : DEFAULT_OWNER,
      CreatedDate: stamp,
      LastModifiedDate: stamp,
      SystemModstamp: stamp,
      IsDeleted: false,
    };
    this.derive(type, rec);
    this.records.set(id, { type, rec });
    if (type === "Opportunity" && this.trackedOpportunityFields.size)
      this.historyRow("OpportunityFieldHistory", "OpportunityId", id, "created", null, null);
    return id;
  }

  /** An update, by the API or (in tests) by a person working in Salesforce: SystemModstamp moves. */
  update(type: string, id: string, body: unknown, system: Record<string, unknown> = {}): void {
    this.writable(type);
    const rec = this.get(type, id);
    const values = this.checked(type, body);
    if (type === "Contact") this.track(rec, values);
    if (type === "Opportunity")
      for (const [k, v] of Object.entries(values))
        if (this.trackedOpportunityFields.has(k) && (rec[k] ?? null) !== (v ?? null))
          this.historyRow("OpportunityFieldHistory", "OpportunityId", id, k, rec[k], v);
    Object.assign(rec, values, system);
    this.derive(type, rec);
    rec.LastModifiedDate = rec.SystemModstamp = sfDateTime(this.clock());
  }

  delete(type: string, id: string): void {
    this.get(type, id);
    const cascade = [...this.records.values()].filter(
      (r) =>
        (type === "Contact" && ((r.type === "Task" && r.rec.WhoId === id) || r.rec.ContactId === id)) ||
        (type === "Opportunity" && r.rec.OpportunityId === id),
    );
    for (const r of cascade) this.records.delete(r.rec.Id);
    this.records.delete(id);
    this.deleted.push({ type, id, deletedDate: sfDateTime(this.clock()) });
  }

  private writable(type: string) {
    if (HISTORY.has(type))
      throw new SfError(
        400,
        "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY",
        `entity type cannot be inserted or updated: ${type}`,
      );
  }

  /** The fields a WHERE clause may not name (anyType), per object. */
  unfilterable(type: string): Set<string> {
    return HISTORY.has(type) ? ANY_TYPE : new Set();
  }

  /** One field history row, by the user making the change now. */
  private historyRow(
    type: string,
    parent: string,
    parentId: string,
    Field: string,
    Old: unknown,
    New: unknown,
  ) {
    const s = this.schema(type);
    const Id = `${s.prefix}${(++this.seq).toString(36).padStart(12, "0")}AAA`;
    const stamp = sfDateTime(this.clock());
    this.records.set(Id, {
      type,
      rec: {
        Id,
        [parent]: parentId,
        Field,
        OldValue: Old ?? null,
        NewValue: New ?? null,
        CreatedDate: stamp,
        CreatedById: this.actor,
        IsDeleted: false,
        SystemModstamp: stamp,
      },
    });
  }

  /** The ContactHistory rows of an update of a contact's tracked fields (before it is applied). */
  private track(rec: SfRecord, values: Record<string, unknown>) {
    const row = (Field: string, OldValue: unknown, NewValue: unknown) =>
      this.historyRow("ContactHistory", "ContactId", rec.Id, Field, OldValue, NewValue);
    for (const [k, v] of Object.entries(values)) {
      if (!this.trackedContactFields.has(k) || (rec[k] ?? null) === (v ?? null)) continue;
      if (k === "AccountId") {
        const name = (id: unknown) => (id ? (this.records.get(String(id))?.rec.Name ?? null) : null);
        row("Account", rec[k], v);
        row("Account", name(rec[k]), name(v));
      } else row(k, rec[k], v);
    }
  }

  private schema(type: string) {
    const s = SCHEMA[type];
    if (!s) throw new SfError(404, "NOT_FOUND", `The requested resource does not exist`);
    return s;
  }

  private checked(type: string, body: unknown): Record<string, unknown> {
    if (!body || typeof body !== "object" || Array.isArray(body))
      throw new SfError(400, "JSON_PARSER_ERROR", "Expected a JSON object for the sObject body");
    const known = this.knownFields(type);
    const s = this.schema(type);
    const values = body as Record<string, unknown>;
    for (const [k, v] of Object.entries(values)) {
      if (!known.has(k))
        throw new SfError(400, "INVALID_FIELD", `No such column '${k}' on sobject of type ${type}`, [k]);
      if (READ_ONLY.has(k) && k !== "OwnerId")
        throw new SfError(400, "INVALID_FIELD_FOR_INSERT_UPDATE", `Unable to create/update fields: ${k}.`, [
          k,
        ]);
      const targets = s.refs[k];
      if (targets && v !== null) {
        const target = this.records.get(String(v));
        if (typeof v !== "string" || !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(v))
          throw new SfError(400, "MALFORMED_ID", `${k}: id value of incorrect type: ${String(v)}`, [k]);
        if (!target || !targets.includes(target.type))
          throw new SfError(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", [k]);
      }
    }
    if (
      type === "Opportunity" &&
      values.StageName !== undefined &&
      !(String(values.StageName) in OPPORTUNITY_STAGES)
    )
      throw new SfError(
        400,
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        `bad value for restricted picklist field: ${String(values.StageName)}`,
        ["StageName"],
      );
    if (
      type === "Task" &&
      values.TaskSubtype !== undefined &&
      !TASK_SUBTYPES.includes(String(values.TaskSubtype))
    )
      throw new SfError(
        400,
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        "bad value for restricted picklist field",
        ["TaskSubtype"],
      );
    for (const f of ["ActivityDate", "CloseDate"])
      if (values[f] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(values[f])))
        throw new SfError(
          400,
          "JSON_PARSER_ERROR",
          `Cannot deserialize instance of date from VALUE_STRING value ${String(values[f])}`,
          [f],
        );
    return values;
  }

  private derive(type: string, rec: SfRecord) {
    if (type === "Opportunity") {
      const [closed, won] = OPPORTUNITY_STAGES[String(rec.StageName)] ?? [false, false];
      rec.IsClosed = closed;
      rec.IsWon = won;
    }
  }
}
