// TypeBox schemas of the admin routes (people, API tokens, audit log).
import { Type } from "typebox";
import { AGENT_ROLES, ROLES } from "../../auth/principal.ts";
import { Cursor, IsoTime, Limit, Uuid } from "../schemas.ts";

const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const RoleName = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const Roles = Type.Array(RoleName, { maxItems: ROLES.length, uniqueItems: true });

export const Person = Type.Object({
  principal_id: Uuid,
  email: N(Type.String()),
  display_name: Type.String(),
  roles: Type.Array(Type.String()),
  active: Type.Boolean(),
  deactivated_at: N(IsoTime),
  created_at: IsoTime,
  crm_user_id: N(
    Type.String({
      description:
        "The person's user id in the connected CRM, so a contact the CRM gives that owner is theirs (set with PUT /api/v1/admin/people/{id}/crm-user); null: none",
    }),
  ),
});

export const InviteBody = Type.Object(
  {
    email: Type.String({ format: "email", maxLength: 320 }),
    display_name: Type.String({ minLength: 1, maxLength: 200 }),
    roles: Roles,
  },
  { additionalProperties: false },
);

export const RolesBody = Type.Object({ roles: Roles }, { additionalProperties: false });

export const AgentRolesBody = Type.Object(
  {
    roles: Type.Array(Type.Union(AGENT_ROLES.map((r) => Type.Literal(r))), {
      maxItems: AGENT_ROLES.length,
      uniqueItems: true,
      description:
        "The agent's full new set of roles. reply_triage: it works the reply triage queue (docs/agents.md); [] takes every role away",
    }),
  },
  { additionalProperties: false },
);

export const Agent = Type.Object({
  principal_id: Uuid,
  agent_id: Type.String(),
  display_name: Type.String(),
  roles: Type.Array(Type.String()),
});

export const SessionsRevoked = Type.Object({
  principal_id: Uuid,
  display_name: Type.String(),
  sessions_ended: Type.Integer({ minimum: 0, description: "sessions that were live and are now ended" }),
  signed_out: Type.Boolean({
    description: "true when the caller's own session was among them (the session cookie is cleared)",
  }),
});

export const TokenBook = Type.Object(
  {
    kind: Type.Union(
      ["person", "workspace", "team", "territory"].map((k) => Type.Literal(k)),
      {
        description:
          "person: a person's token, which follows its person's book; workspace: an agent's token bound to nothing; team or territory: an agent's token bound to one",
      },
    ),
    id: Type.Optional(Uuid),
    name: Type.Optional(
      N(
        Type.String({
          description: "the team's or territory's name; null when it was deleted (reaches no prospect)",
        }),
      ),
    ),
  },
  { description: "Whose prospects the token reaches (docs/books.md)" },
);

export const Token = Type.Object({
  token_id: Uuid,
  name: Type.String(),
  principal_id: Uuid,
  principal: Type.String(),
  kind: Type.Union([Type.Literal("person"), Type.Literal("agent")]),
  roles: Type.Array(Type.String()),
  agent_id: N(Type.String()),
  book: TokenBook,
  status: Type.Union(["active", "expired", "revoked", "deactivated"].map((s) => Type.Literal(s))),
  created_at: IsoTime,
  expires_at: N(IsoTime),
  last_used_at: N(IsoTime),
  revoked_at: N(IsoTime),
});

export const CreatedToken = Type.Intersect([
  Token,
  Type.Object({ token: Type.String({ description: "The token itself; shown this once, stored hashed" }) }),
]);

export const TokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: "what the token is for" }),
    roles: Type.Optional(Roles),
    agent_id: Type.Optional(Type.String({ pattern: "^AGT-[0-9]{3,6}$" })),
    principal_id: Type.Optional(Uuid),
    expires_in_days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3650, description: "default BATON_TOKEN_DEFAULT_DAYS" }),
    ),
    book: Type.Optional(
      Type.Union(
        [
          Type.Object({ team_id: Uuid }, { additionalProperties: false }),
          Type.Object({ territory_id: Uuid }, { additionalProperties: false }),
        ],
        {
          description:
            "An agent's token only: the team (the prospects its people own) or the territory (its accounts' prospects) it reaches; absent, the workspace",
        },
      ),
    ),
  },
  { additionalProperties: false, description: "Give exactly one of roles, agent_id, principal_id" },
);

export const AuditEntry = Type.Object({
  audit_id: Type.String(),
  at: IsoTime,
  actor_principal_id: N(Type.String()),
  actor_label: Type.String(),
  action: Type.String(),
  target: N(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  ip: N(Type.String()),
  user_agent: N(Type.String()),
});

export const AuditQuery = Type.Object({
  action: Type.Optional(
    Type.String({
      pattern: "^[a-z][a-z0-9_]{0,63}$",
      description: "Only this action (sign_in, role_changed, ...)",
    }),
  ),
  actor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: "principal id or words of the label" }),
  ),
  since: Type.Optional({ ...IsoTime, description: "At or after this time (ISO 8601)" }),
  until: Type.Optional({ ...IsoTime, description: "Before this time (ISO 8601)" }),
  limit: Type.Optional({
    ...Limit,
    default: 50,
    description: "How many entries per page, 1 to 500 (default 50)",
  }),
  cursor: Type.Optional(Cursor),
});
