// The sObjects the Salesforce stand-in (salesforce-store.ts) knows: their fields, required fields,
// references and picklists, as the Object Reference documents them for Contact, Account, Task,
// Opportunity, OpportunityContactRole and the field history objects.

export const SYSTEM = ["Id", "OwnerId", "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted"];
export const SCHEMA: Record<
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
  ContactHistory: {
    prefix: "017",
    fields: ["ContactId", "Field", "OldValue", "NewValue", "CreatedById", "DataType"],
    required: [],
    refs: {},
  },
  OpportunityFieldHistory: {
    prefix: "008",
    fields: ["OpportunityId", "Field", "OldValue", "NewValue", "CreatedById", "DataType"],
    required: [],
    refs: {},
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
export const TASK_SUBTYPES = ["Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn"];
export const READ_ONLY = new Set([...SYSTEM, "IsClosed", "IsWon"]);

export function defaults(type: string): Record<string, unknown> {
  if (type === "Contact") return { HasOptedOutOfEmail: false };
  if (type === "Task") return { Status: "Not Started", Priority: "Normal", TaskSubtype: "Task" };
  if (type === "OpportunityContactRole") return { IsPrimary: false };
  return {};
}
