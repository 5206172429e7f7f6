// The records behind the Salesforce stand-in: the sObjects Baton touches, with the fields, required
// fields, reference checks and picklist values Salesforce documents for them (Object Reference:
// Contact, Account, Task, Opportunity, OpportunityContactRole). Errors come back in Salesforce's
// shape, [{message, errorCode, fields}], as SfError.

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

const SYSTEM = ["Id", "OwnerId", "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted"];
const SCHEMA: Record<
  string,
  { prefix: string; fields: string[]; required: string[]; refs: Record<string, string[]> }
> = {
  Contact: {
    prefix: "003",
    fields: [
      "FirstName",
      "LastName",
      "Email",
      "AccountId",
      "HasOptedOutOfEmail",
      "LeadSource",
      "Description",
      "Title",
    ],
    required: ["LastName"],
    refs: { AccountId: ["Account"] },
  },
  Account: { prefix: "001", fields: ["Name", "Website", "Description"], required: ["Name"], refs: {} },
  Task: {
    prefix: "00T",
    fields: [
      "WhoId",
      "WhatId",
      "Subject",
      "Status",
      "Priority",
      "ActivityDate",
      "TaskSubtype",
      "Description",
    ],
    required: [],
    refs: { WhoId: ["Contact"], WhatId: ["Account", "Opportunity"] },
  },
  Opportunity: {
    prefix: "006",
    fields: ["Name", "StageName", "CloseDate", "AccountId", "Amount", "Description", "IsClosed", "IsWon"],
    required: ["Name", "StageName", "CloseDate"],
    refs: { AccountId: ["Account"] },
  },
  OpportunityContactRole: {
    prefix: "00K",
    fields: ["OpportunityId", "ContactId", "Role", "IsPrimary"],
    required: ["OpportunityId", "ContactId"],
    refs: { OpportunityId: ["Opportunity"], ContactId: ["Contact"] },
  },
};

/** The default Opportunity stages of a new org: name → [closed, won]. */
export const OPPORTUNITY_STAGES: Record<string, [boolean, boolean]> = {
  Prospecting: [false, false],
  Qualification: [false, false],
  "Needs Analysis": [false, false],
  "Value Proposition": [false, false],
  "Id. Decision Makers": [false, false],
  "Perception Analysis": [false, false],
  "Proposal/Price Quote": [false, false],
  "Negotiation/Review": [false, false],
  "Closed Won": [true, true],
  "Closed Lost": [true, false],
};
const TASK_SUBTYPES = ["Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn"];
const READ_ONLY = new Set([...SYSTEM, "IsClosed", "IsWon"]);
export const DEFAULT_OWNER = "005000000000001AAA";

/** Salesforce's dateTime as its REST API writes it: 2026-03-02T10:00:00.000+0000 (second precision). */
export function sfDateTime(d: Date): string {
  return `${new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().slice(0, 19)}.000+0000`;
}

export class SfStore {
  readonly records = new Map<string, { type: string; rec: SfRecord }>();
  readonly deleted: Array<{ type: string; id: string; deletedDate: string }> = [];
  private seq = 0;

  constructor(
    private readonly clock: () => Date,
    private readonly customFields: Record<string, string[]> = {},
  ) {}

  knownFields(type: string): Set<string> {
    const s = this.schema(type);
    return new Set([...SYSTEM, ...s.fields, ...(this.customFields[type] ?? [])]);
  }

  all(type: string): SfRecord[] {
    return [...this.records.values()].filter((r) => r.type === type).map((r) => r.rec);
  }

  get(type: string, id: string): SfRecord {
    const r = this.records.get(id);
    if (!r || r.type !== type) throw new SfError(404, "NOT_FOUND", "The requested resource does not exist");
    return r.rec;
  }

  create(type: string, body: unknown): string {
    const s = this.schema(type);
    const values = this.checked(type, body);
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
    return id;
  }

  /** An update, by the API or (in tests) by a person working in Salesforce: SystemModstamp moves. */
  update(type: string, id: string, body: unknown, system: Record<string, unknown> = {}): void {
    const rec = this.get(type, id);
    Object.assign(rec, this.checked(type, body), system);
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

function defaults(type: string): Record<string, unknown> {
  if (type === "Contact") return { HasOptedOutOfEmail: false };
  if (type === "Task") return { Status: "Not Started", Priority: "Normal", TaskSubtype: "Task" };
  if (type === "OpportunityContactRole") return { IsPrimary: false };
  return {};
}
