// An app with one extra write route that counts its writes, to test the Idempotency-Key hooks
// independently of any module's routes: each call inserts one segment into the caller's tenant.
import { randomUUID } from "node:crypto";
import { Type } from "typebox";
import { buildApp } from "../../src/api/build-app.ts";
import type { AppDeps, BatonApp } from "../../src/api/context.ts";
import { stdErrors } from "../../src/api/schemas.ts";
import { type Config, loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { BatonError } from "../../src/errors/baton-error.ts";
import { buildAppDeps } from "../../src/runtime/engine.ts";

export const WRITE_URL = "/api/v1/test-idempotent-writes";

export async function countingApp(
  database: Database,
  config: Partial<Config> = {},
): Promise<{ app: BatonApp; deps: AppDeps; clock: { now: Date | null } }> {
  const clock: { now: Date | null } = { now: null };
  const deps = buildAppDeps({
    database,
    config: { ...loadConfig({}), demo: false, runEngine: false, ...config },
    now: () => clock.now ?? new Date(),
  });
  const app = await buildApp(deps);
  app.post(
    WRITE_URL,
    {
      schema: {
        tags: ["test"],
        summary: "test write",
        body: Type.Object({ name: Type.String(), fail: Type.Optional(Type.String()) }),
        response: { 201: Type.Object({ segment: Type.String(), name: Type.String() }), ...stdErrors },
      },
    },
    async (req, reply) => {
      if (req.body.fail === "refuse") throw new BatonError("NOT_FOUND", { entity: "Thing", id: "x" });
      if (req.body.fail === "crash") throw new Error("boom");
      // a slow write, so concurrent retries really overlap it
      await new Promise((r) => setTimeout(r, 30));
      const segment = `s_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
      await deps.db
        .insertInto("segments")
        .values({ client_id: req.principal.clientId, segment, name: req.body.name })
        .execute();
      return reply.code(201).send({ segment, name: req.body.name });
    },
  );
  await app.ready();
  return { app, deps, clock };
}

export async function countWrites(database: Database, clientId: string): Promise<number> {
  const r = await database.db
    .selectFrom("segments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("client_id", "=", clientId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
