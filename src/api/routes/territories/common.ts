// What the routes of territories-routes.ts share.
import { Type } from "typebox";
import { TerritoryDefinition } from "../../../teams/index.ts";
import { IdParam } from "../../schemas.ts";

export const Uuid = Type.String({ format: "uuid" });
export const Name = Type.String({
  minLength: 1,
  maxLength: 80,
  description: "unique in the workspace, whatever its case",
});
export const Priority = Type.Integer({
  minimum: 1,
  maximum: 10000,
  description: "when several territories match an account, the lowest number wins (then the name)",
});
export const DryRun = Type.Boolean({
  description: "true: change nothing, answer with the preview of who moves",
});
export const Territory = Type.Object({
  territory_id: Uuid,
  name: Type.String(),
  team_id: Uuid,
  team_name: Type.String(),
  priority: Type.Integer(),
  definition: TerritoryDefinition,
  accounts: Type.Integer({ description: "accounts that fall in this territory now" }),
  updated_at: Type.String({ format: "date-time" }),
});
export const Ref = Type.Union([
  Type.Object({ territory_id: Uuid, name: Type.String(), team_name: Type.String() }),
  Type.Null(),
]);
export const Preview = Type.Object({
  accounts_moving: Type.Integer({ description: "accounts whose territory (and so team) changes" }),
  contacts_moving: Type.Integer({ description: "the contacts of those accounts" }),
  sample: Type.Array(
    Type.Object({
      account_id: Uuid,
      account_name: Type.String(),
      contacts: Type.Integer(),
      from: Ref,
      to: Ref,
    }),
    { description: "up to 20 of the accounts that move, by name" },
  ),
});
export const WriteResult = Type.Object({
  saved: Type.Boolean({ description: "false: a dry run, nothing was changed" }),
  territory: Type.Union([Territory, Type.Null()]),
  preview: Preview,
});
export const AssignResult = Type.Object({
  saved: Type.Boolean(),
  assigned: Type.Integer({ description: "contacts that got an owner" }),
  by_account_owner: Type.Integer({ description: "of those, through their account's owner" }),
  accounts_by_turn: Type.Integer({ description: "accounts that got an owner by their team's turn" }),
  unrouted: Type.Integer({
    description: "contacts left without owner (no account, no territory, no member)",
  }),
});
export const IdParams = Type.Object({ id: IdParam("territory") });
export const tags = ["territories"];
