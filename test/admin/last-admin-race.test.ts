// On PostgreSQL, two admins who demote each other at the same moment cannot both succeed: the
// workspace keeps one admin (LAST_ADMIN for the other), whatever the interleaving.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { changeRoles } from "../../src/admin/change-roles.ts";
import { deactivatePerson } from "../../src/admin/set-person-active.ts";
import { createPrincipal, ensureClient } from "../../src/auth/create-principal.ts";
import type { Principal } from "../../src/auth/principal.ts";
import type { Database } from "../../src/db/connect.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";

describeMultiConnection("the last admin under concurrency", () => {
  let d: Database;
  beforeAll(async () => {
    d = await serverDatabase(8);
  });
  afterAll(() => d?.close());

  async function twoAdmins(): Promise<[Principal, Principal]> {
    const clientId = `race-${Math.random().toString(36).slice(2, 10)}`;
    await ensureClient(d.db, clientId, clientId);
    const a = await createPrincipal(d.db, {
      clientId,
      displayName: "A",
      email: "a@r.test",
      roles: ["admin"],
    });
    const b = await createPrincipal(d.db, {
      clientId,
      displayName: "B",
      email: "b@r.test",
      roles: ["admin"],
    });
    return [a, b];
  }

  it("keeps exactly one admin when two demote (or deactivate) each other at once, 10 times over", async () => {
    for (let i = 0; i < 10; i++) {
      const [a, b] = await twoAdmins();
      const results = await Promise.allSettled(
        i % 2 === 0
          ? [changeRoles(d.db, a, b.principalId, ["rep"]), changeRoles(d.db, b, a.principalId, ["rep"])]
          : [
              deactivatePerson(d.db, a, b.principalId, new Date()),
              deactivatePerson(d.db, b, a.principalId, new Date()),
            ],
      );
      const ok = results.filter((r) => r.status === "fulfilled");
      const refused = results
        .filter((r) => r.status === "rejected")
        .map((r) => (r as PromiseRejectedResult).reason);
      expect(ok).toHaveLength(1);
      expect(refused.every((e) => isBatonError(e) && e.code === "LAST_ADMIN")).toBe(true);
      const admins = await d.db
        .selectFrom("principals")
        .select("principal_id")
        .where("client_id", "=", a.clientId)
        .where("deactivated_at", "is", null)
        .where(sql<boolean>`'admin' = any (roles)`)
        .execute();
      expect(admins).toHaveLength(1);
    }
  });
});
