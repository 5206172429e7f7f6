// An admin creates an API token for an agent or an integration. The token is returned once and
// stored only as a hash. It belongs to an agent (agentId; the agent principal is created if new),
// to a new integration principal holding the given roles, or to an existing principal. It expires
// after expiresInDays (default and maximum from the config: BATON_TOKEN_DEFAULT_DAYS, _MAX_DAYS).
// An agent's token may be bound to a book (issue 61 item 2): a team (the prospects its people own)
// or a territory (its accounts' prospects); unbound, it reaches the workspace. A person's token
// follows its person's book and is never bound (docs/books.md).
import { type Kysely, sql, type Transaction } from "kysely";
import { type AuditSource, auditActor, recordAudit } from "../audit/index.ts";
import { type Principal, type Role, requireRole } from "../auth/principal.ts";
import { issueTokenRow, newToken } from "../auth/tokens.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { tokenRows } from "./list-tokens.ts";
import { type TokenView, tokenBookLabel, toTokenView } from "./token-rows.ts";

/** The book an agent's token is bound to: one team or one territory of the workspace. */
export type TokenBookBinding = { teamId: string } | { territoryId: string };

export interface NewApiToken {
  name: string;
  roles?: Role[];
  agentId?: string;
  principalId?: string;
  expiresInDays?: number;
  book?: TokenBookBinding;
}

export interface TokenLimits {
  defaultDays: number;
  maxDays: number;
}

export interface TokenActor {
  clientId: string;
  /** Null when an operator runs 'baton tokens create' on the server (no principal). */
  principal: Principal | null;
  label?: string;
}

/** Validates the request's shape; throws VALIDATION_FAILED or TOKEN_EXPIRY_TOO_LONG. Returns the expiry. */
export function tokenExpiry(req: NewApiToken, limits: TokenLimits, now: Date): Date {
  const given = [req.roles !== undefined, req.agentId !== undefined, req.principalId !== undefined];
  if (given.filter(Boolean).length !== 1) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "/roles|agent_id|principal_id", message: "give exactly one of them" }],
    });
  }
  if (req.book !== undefined) {
    const b = req.book as { teamId?: string; territoryId?: string };
    if (!b.teamId === !b.territoryId) {
      throw new BatonError("VALIDATION_FAILED", {
        errors: [{ path: "/book", message: "give one of team_id and territory_id" }],
      });
    }
    if (req.roles !== undefined) throw personBound();
  }
  const days = req.expiresInDays ?? limits.defaultDays;
  if (!(days > 0)) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "/expires_in_days", message: "must be a positive number of days" }],
    });
  }
  if (days > limits.maxDays) {
    throw new BatonError("TOKEN_EXPIRY_TOO_LONG", { requested_days: days, max_days: limits.maxDays });
  }
  return new Date(now.getTime() + days * 86_400_000);
}

function personBound(): BatonError {
  return new BatonError("VALIDATION_FAILED", {
    errors: [
      {
        path: "/book",
        message:
          "only an agent's token is bound to a book: a person's or an integration's token follows its person's book",
      },
    ],
  });
}

/** Refuses a binding to a team or territory that is not the workspace's (NOT_FOUND). */
async function checkBinding(tx: Transaction<DB>, clientId: string, book: TokenBookBinding): Promise<void> {
  const [table, column, id, entity] =
    "teamId" in book
      ? (["teams", "team_id", book.teamId, "team"] as const)
      : (["territories", "territory_id", book.territoryId, "territory"] as const);
  const row = await tx
    .selectFrom(table)
    .select(column)
    .where("client_id", "=", clientId)
    .where(column, "=", id)
    .executeTakeFirst();
  if (!row) throw new BatonError("NOT_FOUND", { entity, id });
}

/**
 * A team or territory named by its id or its name (the CLI's --team and --territory), as its id;
 * NOT_FOUND when the workspace has none by that id or name.
 */
export async function bookBindingOf(
  db: Kysely<DB>,
  clientId: string,
  ref: { team?: string; territory?: string },
): Promise<TokenBookBinding | undefined> {
  const given = ref.team ?? ref.territory;
  if (given === undefined) return undefined;
  const [table, column, entity] =
    ref.team !== undefined
      ? (["teams", "team_id", "team"] as const)
      : (["territories", "territory_id", "territory"] as const);
  const rows = await db
    .selectFrom(table)
    .select(column)
    .where("client_id", "=", clientId)
    .where((w) =>
      isUuid(given) ? w.or([w(column, "=", given), w("name", "=", given)]) : w("name", "=", given),
    )
    .execute();
  const id = rows[0] ? (rows[0] as Record<string, string>)[column] : undefined;
  if (!id) throw new BatonError("NOT_FOUND", { entity, id: given });
  return ref.team !== undefined ? { teamId: id } : { territoryId: id };
}

async function tokenPrincipal(tx: Transaction<DB>, clientId: string, req: NewApiToken): Promise<string> {
  if (req.agentId) {
    const agent = await tx
      .selectFrom("principals")
      .select("principal_id")
      .where("client_id", "=", clientId)
      .where("agent_id", "=", req.agentId)
      .executeTakeFirst();
    if (agent) return agent.principal_id;
    const row = await tx
      .insertInto("principals")
      .values({
        client_id: clientId,
        kind: "agent",
        display_name: req.name,
        agent_id: req.agentId,
        roles: [],
      })
      .returning("principal_id")
      .executeTakeFirstOrThrow();
    return row.principal_id;
  }
  if (req.principalId) {
    const p = await tx
      .selectFrom("principals")
      .select(["principal_id", "kind"])
      .where("client_id", "=", clientId)
      .where("principal_id", "=", req.principalId)
      .where("deactivated_at", "is", null)
      .executeTakeFirst();
    if (!p) throw new BatonError("NOT_FOUND", { entity: "Active principal", id: req.principalId });
    if (req.book && p.kind !== "agent") throw personBound();
    return p.principal_id;
  }
  // an integration: a principal of its own holding the given roles, named after the token
  const row = await tx
    .insertInto("principals")
    .values({ client_id: clientId, kind: "person", display_name: req.name, roles: [...new Set(req.roles)] })
    .returning("principal_id")
    .executeTakeFirstOrThrow();
  return row.principal_id;
}

export async function createApiToken(
  db: Kysely<DB>,
  actor: TokenActor,
  req: NewApiToken,
  limits: TokenLimits,
  now: Date,
  source: AuditSource = {},
): Promise<TokenView & { token: string }> {
  if (actor.principal) requireRole(actor.principal, "create API tokens", "admin");
  const expiresAt = tokenExpiry(req, limits, now);
  const clientId = actor.clientId;
  try {
    return await db.transaction().execute(async (tx) => {
      if (req.book) await checkBinding(tx, clientId, req.book);
      const principalId = await tokenPrincipal(tx, clientId, req);
      const token = newToken();
      const tokenId = (await issueTokenRow(tx, {
        clientId,
        principalId,
        label: req.name,
        token,
        expiresAt,
      }))!;
      if (req.book) {
        // through the database's door (0495): only a token of this transaction, an agent's, is bound
        const b = req.book as { teamId?: string; territoryId?: string };
        await sql`select baton_bind_token(${clientId}, ${tokenId}::uuid, ${b.teamId ?? null}::uuid,
                                          ${b.territoryId ?? null}::uuid)`.execute(tx);
      }
      const view = toTokenView(
        await tokenRows(tx, clientId).where("t.token_id", "=", tokenId).executeTakeFirstOrThrow(),
        now,
      );
      await recordAudit(tx, {
        clientId,
        ...(actor.principal
          ? auditActor(actor.principal)
          : { actorPrincipalId: null, actorLabel: actor.label ?? "operator (CLI)" }),
        action: "token_created",
        target: tokenId,
        details: {
          name: req.name,
          principal_id: principalId,
          principal: view.principal,
          roles: view.roles,
          agent_id: view.agent_id,
          expires_at: view.expires_at,
          book: view.book,
          reaches: tokenBookLabel(view.book),
        },
        ...source,
      });
      return { ...view, token };
    });
  } catch (e) {
    rethrowDb(e);
  }
}
