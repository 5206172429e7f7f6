// Finding the people and companies an agent works on (issue 58): a contact or an account by the
// start of its name (or email, domain), tenant-scoped, paged; the same search the workspace uses
// for contacts (GET /api/v1/workspace/contacts).
import { Type } from "typebox";
import { ContactSummary } from "../../api/schemas/workspace.ts";
import { NextCursor, PAGE_FIELDS, Uuid } from "../../api/schemas.ts";
import { findAccounts } from "../../prospects/find-accounts.ts";
import { searchContacts } from "../../workspace/index.ts";
import { defineTool, PAGE_PARAMS } from "./tool.ts";

export const prospectTools = [
  defineTool({
    name: "find_contacts",
    title: "Find contacts",
    description:
      "Contacts whose name or email starts with q (any case), by name: the contact_id other tools take, the " +
      "account, tier, segment and whether the contact opted out. Narrow by account_id or opted_out.",
    input: Type.Object(
      {
        q: Type.Optional(Type.String({ maxLength: 200 })),
        account_id: Type.Optional(Uuid),
        opted_out: Type.Optional(Type.Boolean()),
        ...PAGE_FIELDS,
      },
      { additionalProperties: false },
    ),
    params: {
      q: 'The start of the name or email ("dana", "dana@acme"); omitted: every contact',
      account_id: "Only this account's contacts (from find_accounts)",
      opted_out: "true: only contacts who opted out; false: only those who did not",
      ...PAGE_PARAMS,
    },
    output: Type.Object({ items: Type.Array(ContactSummary), next_cursor: NextCursor }),
    write: false,
    run: (ctx, q) => searchContacts(ctx.db, ctx.principal, q),
  }),
  defineTool({
    name: "find_accounts",
    title: "Find accounts",
    description:
      "Accounts whose name or domain starts with q (any case), by name: the account_id find_contacts takes, " +
      "segment, ICP tier, whether ABM is active (gate 2 keeps nurture away) and how many contacts each has.",
    input: Type.Object(
      {
        q: Type.Optional(Type.String({ maxLength: 200 })),
        segment: Type.Optional(Type.String({ maxLength: 64 })),
        abm_active: Type.Optional(Type.Boolean()),
        ...PAGE_FIELDS,
      },
      { additionalProperties: false },
    ),
    params: {
      q: 'The start of the name or domain ("acme", "acme.com"); omitted: every account',
      segment: "Only accounts in this segment (baton://segments)",
      abm_active: "true: only ABM-active accounts; false: only the others",
      ...PAGE_PARAMS,
    },
    output: Type.Object({
      items: Type.Array(
        Type.Object({
          account_id: Type.String(),
          name: Type.String(),
          domain: Type.Union([Type.String(), Type.Null()]),
          segment: Type.Union([Type.String(), Type.Null()]),
          icp_tier: Type.String({ description: "T1 | T2 | T3" }),
          abm_active: Type.Boolean(),
          vertical: Type.Union([Type.String(), Type.Null()]),
          contacts: Type.Integer({
            description: "How many of the account's contacts are in your book (find_contacts lists them)",
          }),
        }),
      ),
      next_cursor: NextCursor,
    }),
    write: false,
    run: (ctx, q) => findAccounts(ctx.db, ctx.principal, q),
  }),
];
