// The tenant's reply model learns (issue 72 item 2; docs/mailboxes.md "The tenant's model"). The
// labelled examples are the replies the tenant's people decided in triage (an agent's decision
// never trains a model, as it never earns automation: automation-classes.ts); the candidate is the
// base model warm-started on them (src/replies/tenant-model.ts), trained in a worker thread
// (train-in-worker.ts) and kept only when it handles a held-out slice of the tenant's own examples
// better than the current model. Every candidate is recorded (reply_model_versions, migration
// 0800) with its numbers and an event (reply_model_trained), kept or not; a training that fails
// or times out records nothing.
// - trainTenantReplyModel: one tenant, now (the background pass, and the tests).
// - replyModelTrainingPass: the background pass (src/runtime/background.ts), one tenant at a time,
//   those with enough new people's decisions since their last version.
// - tenantClassifier: the classifier for a tenant's reply, its kept model voting, cached in the
//   process by client and version.
// - listReplyModels: RevOps's view of the versions (GET /api/v1/reply-models).
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import {
  baseModelVersion,
  baseReplyModel,
  beats,
  isHeldOut,
  isReplyIntent,
  type ReplyClassifier,
  type StoredTenantModel,
  type TenantExample,
  type TrainingJob,
  type TrainingResult,
  tenantModelVersion,
  tenantVotingModel,
  trainInWorker,
  type VotingModel,
} from "../../replies/index.ts";
import { logCampaignEvent } from "../log-event.ts";

/** People's decisions needed before a model is trained at all, and of them in the held-out slice. */
export const REPLY_MODEL_MIN_EXAMPLES = 40;
export const REPLY_MODEL_MIN_HELD_OUT = 8;
/** New people's decisions since the last version before the background pass trains again. */
export const REPLY_MODEL_RETRAIN_AFTER = 20;
/** How long a process trusts the tenant's active version it read before reading it again. */
export const ACTIVE_MODEL_TTL_MS = 60_000;

/** Who reads the versions (numbers only: no reply's text). */
export const REPLY_MODEL_READER_ROLES = ["revops", "slm", "admin"] as const;

// an erased or purged reply keeps a marker in place of its words: never an example
const ERASED = "[erased%";
const PURGED = "[purged]";

/** The tenant's people's decided replies (text as the classifier read it, label the decided intent). */
export async function peopleExamples(db: Kysely<DB>, clientId: string): Promise<TenantExample[]> {
  const rows = await db
    .selectFrom("campaign_replies as r")
    .innerJoin("principals as p", (j) =>
      j.onRef("p.client_id", "=", "r.client_id").onRef("p.principal_id", "=", "r.decided_by_principal_id"),
    )
    .select(["r.id", "r.body", "r.received_at", "r.decided_intent"])
    .where("r.client_id", "=", clientId)
    .where("r.triage", "=", "decided")
    .where("p.kind", "=", "person")
    .where("r.decided_intent", "is not", null)
    .where("r.body", "not like", ERASED)
    .where("r.body", "<>", PURGED)
    .orderBy("r.decided_at")
    .orderBy("r.id")
    .execute();
  const out: TenantExample[] = [];
  for (const r of rows)
    if (isReplyIntent(r.decided_intent))
      out.push({
        id: r.id,
        text: r.body,
        receivedAt: new Date(r.received_at).toISOString(),
        intent: r.decided_intent,
      });
  return out;
}

interface ActiveRow {
  version: number;
  model: StoredTenantModel;
}

/** The tenant's newest kept version (null: none, the base model reads its replies). */
async function keptVersion(db: Kysely<DB>, clientId: string): Promise<ActiveRow | null> {
  const r = await db
    .selectFrom("reply_model_versions")
    .select(["version", "model"])
    .where("client_id", "=", clientId)
    .where("kept", "=", true)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return r?.model ? { version: r.version, model: r.model as StoredTenantModel } : null;
}

export type TrainOutcome =
  | { trained: false; reason: "too_few_examples" | "superseded"; examples: number; held_out: number }
  | {
      trained: true;
      version: number;
      kept: boolean;
      reason: string | null;
      compared_with: number | null;
      trained_on: number;
      held_out: number;
      candidate: TrainingResult["candidate_score"];
      current: TrainingResult["current_score"];
      training_ms: number;
    };

export interface TrainOptions {
  /** where the training runs (default: a worker thread) */
  run?: (job: TrainingJob, signal?: AbortSignal) => Promise<TrainingResult>;
  /** aborted when the server stops: the running training is stopped, nothing is recorded */
  signal?: AbortSignal;
}

/**
 * Trains a candidate for the tenant now and records it (kept or not), or says why it did not. The
 * worker's failure or timeout rejects, and nothing is recorded.
 */
export async function trainTenantReplyModel(
  db: Kysely<DB>,
  clientId: string,
  now: Date,
  opts: TrainOptions = {},
): Promise<TrainOutcome> {
  const examples = await peopleExamples(db, clientId);
  const heldOut = examples.filter((x) => isHeldOut(x.id));
  const train = examples.filter((x) => !isHeldOut(x.id));
  if (examples.length < REPLY_MODEL_MIN_EXAMPLES || heldOut.length < REPLY_MODEL_MIN_HELD_OUT)
    return {
      trained: false,
      reason: "too_few_examples",
      examples: examples.length,
      held_out: heldOut.length,
    };
  const current = await keptVersion(db, clientId);
  const job: TrainingJob = { train, held_out: heldOut, current: current?.model ?? null };
  const result = await (opts.run ? opts.run(job, opts.signal) : trainInWorker(job, undefined, opts.signal));
  const verdict = beats(result.candidate_score, result.current_score);
  const base = await baseReplyModel();
  const outcome = await db.transaction().execute(async (tx) => {
    // one tenant's versions are numbered under its lock; a version kept meanwhile by another process
    // makes this comparison stale, so nothing is recorded (the next pass measures against it)
    await sql`select pg_advisory_xact_lock(hashtext('reply_model_versions'), hashtext(${clientId}))`.execute(
      tx,
    );
    const latest = await keptVersion(tx, clientId);
    if ((latest?.version ?? null) !== (current?.version ?? null)) return null;
    const next = await tx
      .selectFrom("reply_model_versions")
      .select((e) => e.fn.max("version").as("v"))
      .where("client_id", "=", clientId)
      .executeTakeFirst();
    const version = Number(next?.v ?? 0) + 1;
    const c = result.candidate_score;
    const k = result.current_score;
    await tx
      .insertInto("reply_model_versions")
      .values({
        client_id: clientId,
        version,
        base_digest: base.digest,
        compared_with: current?.version ?? null,
        trained_on: train.length,
        held_out: heldOut.length,
        candidate_correct: c.correct,
        current_correct: k.correct,
        candidate_accuracy: c.accuracy,
        current_accuracy: k.accuracy,
        candidate_wrong_alone: c.wrong_alone,
        current_wrong_alone: k.wrong_alone,
        candidate_stop_missed: c.stop_missed,
        current_stop_missed: k.stop_missed,
        kept: verdict.kept,
        reason: verdict.reason,
        model: verdict.kept ? JSON.stringify(result.candidate) : null,
        training_ms: result.training_ms,
        created_at: now,
      })
      .execute();
    const o: TrainOutcome = {
      trained: true,
      version,
      kept: verdict.kept,
      reason: verdict.reason,
      compared_with: current?.version ?? null,
      trained_on: train.length,
      held_out: heldOut.length,
      candidate: c,
      current: k,
      training_ms: result.training_ms,
    };
    await logCampaignEvent(
      tx,
      {
        type: "reply_model_trained",
        clientId,
        contactId: null,
        resolution: verdict.kept ? "kept" : "not_kept",
        details: { ...o, model_version: tenantModelVersion(version), base: baseModelVersion(base.digest) },
      },
      now,
    );
    return o;
  });
  if (outcome?.kept) forgetActiveModel(clientId);
  return (
    outcome ?? { trained: false, reason: "superseded", examples: examples.length, held_out: heldOut.length }
  );
}

/**
 * The background pass: the tenants with at least REPLY_MODEL_MIN_EXAMPLES people's decisions and
 * REPLY_MODEL_RETRAIN_AFTER more than their last version was trained and measured on, one at a time.
 */
export async function replyModelTrainingPass(
  db: Kysely<DB>,
  now: Date,
  opts: TrainOptions = {},
): Promise<{ client_id: string; outcome: TrainOutcome }[]> {
  const due = await sql<{ client_id: string }>`
    select e.client_id
      from (select r.client_id, count(*)::int as n
              from campaign_replies r
              join principals p on p.client_id = r.client_id and p.principal_id = r.decided_by_principal_id
             where r.triage = 'decided' and p.kind = 'person' and r.decided_intent is not null
               and r.body not like ${ERASED} and r.body <> ${PURGED}
             group by r.client_id) e
      left join (select distinct on (client_id) client_id, trained_on + held_out as seen
                   from reply_model_versions order by client_id, version desc) v
        on v.client_id = e.client_id
     where e.n >= ${REPLY_MODEL_MIN_EXAMPLES} and e.n - coalesce(v.seen, 0) >= ${REPLY_MODEL_RETRAIN_AFTER}
     order by e.client_id`.execute(db);
  const out: { client_id: string; outcome: TrainOutcome }[] = [];
  for (const { client_id } of due.rows) {
    if (opts.signal?.aborted) break; // the server stops: the other tenants wait for the next pass
    try {
      out.push({ client_id, outcome: await trainTenantReplyModel(db, client_id, now, opts) });
    } catch (e) {
      if (opts.signal?.aborted) break;
      // one tenant's failed training (nothing recorded) does not stop the others'
      console.error(`[reply-model] ${client_id}: ${(e as Error).message}`);
    }
  }
  return out;
}

// the process's cache: each tenant's active version as last read, and the loaded models by
// client and version (a model is loaded once; the version is read again after ACTIVE_MODEL_TTL_MS)
const active = new Map<string, { version: number | null; readAt: number }>();
const loaded = new Map<string, Promise<VotingModel>>();

function forgetActiveModel(clientId: string): void {
  active.delete(clientId);
}

/**
 * Everything the process cached of every tenant's models. The cache assumes one database a process,
 * as the server has; a test worker opens one after another, where the same tenant (the demo's) has
 * other versions, and a model cached from one database read another's replies.
 */
export function forgetReplyModels(): void {
  active.clear();
  loaded.clear();
}

/**
 * The classifier for a tenant's reply: `classifier` with the tenant's kept model voting, or as it is
 * (the base model votes) when the tenant has none or the classifier takes no model. The version is
 * read at most once a minute per tenant and process; a model is loaded once per version.
 */
export async function tenantClassifier(
  db: Kysely<DB>,
  clientId: string,
  classifier: ReplyClassifier,
  nowMs = Date.now(),
): Promise<ReplyClassifier> {
  if (!classifier.withModel) return classifier;
  let seen = active.get(clientId);
  if (!seen || nowMs - seen.readAt >= ACTIVE_MODEL_TTL_MS) {
    const r = await db
      .selectFrom("reply_model_versions")
      .select("version")
      .where("client_id", "=", clientId)
      .where("kept", "=", true)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
    seen = { version: r?.version ?? null, readAt: nowMs };
    active.set(clientId, seen);
  }
  if (seen.version === null) return classifier;
  const key = `${clientId}\u0000${seen.version}`;
  let model = loaded.get(key);
  if (!model) {
    model = loadTenantModel(db, clientId, seen.version);
    loaded.set(key, model);
    model.catch(() => loaded.delete(key));
  }
  return classifier.withModel(await model);
}

async function loadTenantModel(db: Kysely<DB>, clientId: string, version: number): Promise<VotingModel> {
  const r = await db
    .selectFrom("reply_model_versions")
    .select("model")
    .where("client_id", "=", clientId)
    .where("version", "=", version)
    .executeTakeFirstOrThrow();
  return tenantVotingModel(r.model as StoredTenantModel, version);
}

export interface ReplyModelVersion {
  version: number;
  /** as a reading names it: tenant:<version> */
  model_version: string;
  base: string;
  compared_with: string;
  trained_on: number;
  held_out: number;
  candidate: { correct: number; accuracy: number; wrong_alone: number; stop_missed: number };
  current: { correct: number; accuracy: number; wrong_alone: number; stop_missed: number };
  kept: boolean;
  reason: string | null;
  /** the version replies are read with now */
  active: boolean;
  training_ms: number;
  created_at: string;
}

/** The tenant's versions, newest first, and the one its replies are read with now. */
export async function listReplyModels(
  db: Kysely<DB>,
  actor: Principal,
): Promise<{ active: string; items: ReplyModelVersion[] }> {
  requireRole(actor, "read the reply model versions", ...REPLY_MODEL_READER_ROLES);
  const rows = await db
    .selectFrom("reply_model_versions")
    .select([
      "version",
      "base_digest",
      "compared_with",
      "trained_on",
      "held_out",
      "candidate_correct",
      "current_correct",
      "candidate_accuracy",
      "current_accuracy",
      "candidate_wrong_alone",
      "current_wrong_alone",
      "candidate_stop_missed",
      "current_stop_missed",
      "kept",
      "reason",
      "training_ms",
      "created_at",
    ])
    .where("client_id", "=", actor.clientId)
    .orderBy("version", "desc")
    .limit(500)
    .execute();
  const base = baseModelVersion((await baseReplyModel()).digest);
  const keptNow = rows.find((r) => r.kept)?.version ?? null;
  return {
    active: keptNow === null ? base : tenantModelVersion(keptNow),
    items: rows.map((r) => ({
      version: r.version,
      model_version: tenantModelVersion(r.version),
      base: baseModelVersion(r.base_digest),
      compared_with:
        r.compared_with === null ? baseModelVersion(r.base_digest) : tenantModelVersion(r.compared_with),
      trained_on: r.trained_on,
      held_out: r.held_out,
      candidate: {
        correct: r.candidate_correct,
        accuracy: r.candidate_accuracy,
        wrong_alone: r.candidate_wrong_alone,
        stop_missed: r.candidate_stop_missed,
      },
      current: {
        correct: r.current_correct,
        accuracy: r.current_accuracy,
        wrong_alone: r.current_wrong_alone,
        stop_missed: r.current_stop_missed,
      },
      kept: r.kept,
      reason: r.reason,
      active: r.version === keptNow,
      training_ms: r.training_ms,
      created_at: new Date(r.created_at).toISOString(),
    })),
  };
}
