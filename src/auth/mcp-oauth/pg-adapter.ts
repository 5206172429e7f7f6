// oidc-provider's storage in PostgreSQL (db/migrations/0420_mcp_oauth.sql). One adapter per model:
// Grant → oauth_grants, AuthorizationCode / AccessToken / RefreshToken → oauth_tokens (the tenant's,
// from the grant's account), everything else (Client, Interaction, Session, …) → oauth_records.
// Secret values are stored as SHA-256 hashes and payloads without them (no jti; a client's secret
// hashed in its metadata, issue 71 item 3): the value comes
// back from the caller of find(). Nothing here logs.
import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { parseAccountId } from "./account.ts";

type Payload = Record<string, any>;

const TENANT_TOKENS = new Set(["AuthorizationCode", "AccessToken", "RefreshToken"]);
/** Ids that are no secret (a client's id is public; a grant id is only ever inside payloads). */
const PLAIN_KEYS = new Set(["Client", "Grant"]);

/**
 * A registered client that no person has approved is kept this long (issue 73 item 2: open
 * registration stored every client for ever), then refused and deleted by the hourly pass
 * (purge-unused-clients.ts). An approval (a grant) keeps it.
 */
export const UNUSED_CLIENT_TTL_S = 24 * 3600;

function sha256(v: string): string {
  return createHash("sha256").update(v).digest("hex");
}

/** A stored client's secret: its SHA-256, marked so it is never mistaken for a secret itself. */
export const CLIENT_SECRET_HASH_PREFIX = "sha256:";

export function hashClientSecret(secret: string): string {
  return `${CLIENT_SECRET_HASH_PREFIX}${sha256(secret)}`;
}

/** A client's metadata as stored: its secret (issued at registration, issue 71 item 3) hashed. */
function clientAsStored(payload: Payload): Payload {
  const secret = payload.client_secret;
  if (typeof secret !== "string" || secret.startsWith(CLIENT_SECRET_HASH_PREFIX)) return payload;
  return { ...payload, client_secret: hashClientSecret(secret) };
}

function expiry(expiresIn?: number): Date | null {
  return typeof expiresIn === "number" ? new Date(Date.now() + expiresIn * 1000) : null;
}

function stored(payload: Payload): string {
  const { jti: _value, ...rest } = payload;
  return JSON.stringify(rest);
}

function live<R extends { expires_at: Date | null }>(row: R | undefined): row is R {
  return !!row && (!row.expires_at || new Date(row.expires_at).getTime() > Date.now());
}

function asPayload(payload: unknown): Payload {
  return typeof payload === "string" ? JSON.parse(payload) : (payload as Payload);
}

/** A grant, in its tenant's oauth_grants (from its account); the client it approves is then in use. */
async function upsertGrant(
  db: Kysely<DB>,
  id: string,
  payload: Payload,
  expires_at: Date | null,
): Promise<void> {
  const account = parseAccountId(payload.accountId);
  if (!account) throw new Error("a grant without a Baton account");
  const scopes = Object.values((payload.resources ?? {}) as Record<string, string>)
    .flatMap((s) => s.split(" "))
    .filter(Boolean);
  await db
    .insertInto("oauth_grants")
    .values({
      client_id: account.clientId,
      grant_id: id,
      app_id: String(payload.clientId),
      principal_id: account.principalId,
      scopes,
      payload: stored(payload),
      expires_at,
    })
    .onConflict((oc) =>
      oc.columns(["client_id", "grant_id"]).doUpdateSet({ payload: stored(payload), scopes, expires_at }),
    )
    .execute();
  // an approved client is in use: it no longer expires unused
  await db
    .updateTable("oauth_records")
    .set({ expires_at: null })
    .where("model", "=", "Client")
    .where("key_hash", "=", String(payload.clientId))
    .where("expires_at", "is not", null)
    .execute();
}

/** An authorization code, access or refresh token, in its grant's tenant's oauth_tokens. */
async function upsertToken(
  db: Kysely<DB>,
  model: string,
  id: string,
  payload: Payload,
  expires_at: Date | null,
): Promise<void> {
  const account = parseAccountId(payload.accountId);
  if (!account || typeof payload.grantId !== "string") throw new Error("a token without a grant");
  if (model === "AccessToken") {
    // through the database's door, which records it (0476: it is a proof of who acts on plays);
    // a client takes one every 10 minutes: the grant's expired ones go as the next comes (the
    // records stay)
    await sql`select baton_store_access_token(${account.clientId}, ${sha256(id)}, ${payload.grantId},
                      ${stored(payload)}::jsonb, ${expires_at})`.execute(db);
    await db
      .deleteFrom("oauth_tokens")
      .where("client_id", "=", account.clientId)
      .where("grant_id", "=", payload.grantId)
      .where("expires_at", "<", sql<Date>`now()`)
      .execute();
    return;
  }
  await db
    .insertInto("oauth_tokens")
    .values({
      client_id: account.clientId,
      token_hash: sha256(id),
      model: model as "AccessToken",
      grant_id: payload.grantId,
      payload: stored(payload),
      expires_at,
    })
    .onConflict((oc) => oc.columns(["client_id", "token_hash"]).doUpdateSet({ payload: stored(payload) }))
    .execute();
}

/** A registered client: its secret hashed, kept a day unless a person approves it (then the grant clears this). */
async function upsertClient(
  db: Kysely<DB>,
  id: string,
  payload: Payload,
  uid_hash: string | null,
): Promise<void> {
  const client = stored(clientAsStored(payload));
  const approved = await db
    .selectFrom("oauth_grants")
    .select("grant_id")
    .where("app_id", "=", id)
    .limit(1)
    .executeTakeFirst();
  await db
    .insertInto("oauth_records")
    .values({
      model: "Client",
      key_hash: id,
      payload: client,
      uid_hash,
      expires_at: approved ? null : expiry(UNUSED_CLIENT_TTL_S),
    })
    .onConflict((oc) => oc.columns(["model", "key_hash"]).doUpdateSet({ payload: client }))
    .execute();
  // unused clients that expired are deleted by the hourly pass (purge-unused-clients.ts)
}

export function pgAdapterFor(db: Kysely<DB>) {
  return class PgAdapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }

    private key(id: string): string {
      return PLAIN_KEYS.has(this.model) ? id : sha256(id);
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const expires_at = expiry(expiresIn);
      if (this.model === "Grant") return upsertGrant(db, id, payload, expires_at);
      if (TENANT_TOKENS.has(this.model)) return upsertToken(db, this.model, id, payload, expires_at);
      const uid_hash = typeof payload.uid === "string" ? sha256(payload.uid) : null;
      if (this.model === "Client") return upsertClient(db, id, payload, uid_hash);
      await db
        .insertInto("oauth_records")
        .values({ model: this.model, key_hash: this.key(id), payload: stored(payload), uid_hash, expires_at })
        .onConflict((oc) =>
          oc.columns(["model", "key_hash"]).doUpdateSet({ payload: stored(payload), uid_hash, expires_at }),
        )
        .execute();
      // expired records are refused on reading, and deleted by the hourly pass (purge-unused-clients.ts)
    }

    async find(id: string): Promise<Payload | undefined> {
      let row: { payload: unknown; expires_at: Date | null; consumed_at?: Date | null } | undefined;
      if (this.model === "Grant") {
        row = await db
          .selectFrom("oauth_grants")
          .select(["payload", "expires_at"])
          .where("grant_id", "=", id)
          .executeTakeFirst();
      } else if (TENANT_TOKENS.has(this.model)) {
        row = await db
          .selectFrom("oauth_tokens")
          .select(["payload", "expires_at", "consumed_at"])
          .where("token_hash", "=", sha256(id))
          .where("model", "=", this.model as "AccessToken")
          .executeTakeFirst();
      } else {
        row = await db
          .selectFrom("oauth_records")
          .select(["payload", "expires_at", "consumed_at"])
          .where("model", "=", this.model)
          .where("key_hash", "=", this.key(id))
          .executeTakeFirst();
      }
      if (!live(row)) return undefined;
      const payload = asPayload(row.payload);
      if (this.model !== "Client") payload.jti = id;
      if (row.consumed_at) payload.consumed = Math.floor(new Date(row.consumed_at).getTime() / 1000);
      return payload;
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      const row = await db
        .selectFrom("oauth_records")
        .select(["payload", "expires_at", "key_hash"])
        .where("model", "=", this.model)
        .where("uid_hash", "=", sha256(uid))
        .executeTakeFirst();
      if (!live(row)) return undefined;
      // a session is found by its uid only to be read; its id (the cookie) stays unknown here
      return asPayload(row.payload);
    }

    async findByUserCode(): Promise<undefined> {
      return undefined; // no device flow
    }

    async consume(id: string): Promise<void> {
      if (TENANT_TOKENS.has(this.model)) {
        await db
          .updateTable("oauth_tokens")
          .set({ consumed_at: sql<Date>`now()` })
          .where("token_hash", "=", sha256(id))
          .execute();
        return;
      }
      await db
        .updateTable("oauth_records")
        .set({ consumed_at: sql<Date>`now()` })
        .where("model", "=", this.model)
        .where("key_hash", "=", this.key(id))
        .execute();
    }

    async destroy(id: string): Promise<void> {
      if (this.model === "Grant") {
        await db.deleteFrom("oauth_grants").where("grant_id", "=", id).execute();
      } else if (TENANT_TOKENS.has(this.model)) {
        await db.deleteFrom("oauth_tokens").where("token_hash", "=", sha256(id)).execute();
      } else {
        await db
          .deleteFrom("oauth_records")
          .where("model", "=", this.model)
          .where("key_hash", "=", this.key(id))
          .execute();
      }
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      if (TENANT_TOKENS.has(this.model)) {
        await db
          .deleteFrom("oauth_tokens")
          .where("grant_id", "=", grantId)
          .where("model", "=", this.model as "AccessToken")
          .execute();
      } else if (this.model === "Grant") {
        await db.deleteFrom("oauth_grants").where("grant_id", "=", grantId).execute();
      }
    }
  };
}
