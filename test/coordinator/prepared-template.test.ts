// preparedTemplate (src/coordinator/snapshot/prepared.ts): a decision's statements are built and
// compiled once per process, and each call fills its own values in. The result must be exactly
// what the builder gives with those values; a builder that computes with or branches on a value
// is caught under the tests instead of silently sending another statement's text.
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from "kysely";
import { describe, expect, it } from "vitest";
import { named, preparedTemplate } from "../../src/coordinator/snapshot/prepared.ts";
import type { DB } from "../../src/db/database.ts";

const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

interface Inputs {
  clientId: string;
  ids: string;
  at: Date;
  n: number | null;
  row: { client_id: string; occurred_at: Date; details: string; gate: number | null };
}

const build = (k: Kysely<DB>, p: Inputs) =>
  k
    .with("w", (w) =>
      w
        .updateTable("campaign_contacts")
        .set({ next_send_at: p.at, current_step: p.n as number })
        .where("client_id", "=", p.clientId)
        .where(sql<boolean>`id = any(${[p.ids]}::uuid[])`)
        .returning("id"),
    )
    .insertInto("cadence_event_log")
    .values(p.row as never)
    .returning("event_id")
    .compile();

describe("preparedTemplate", () => {
  it("fills each call's values into the text compiled once (scalars, a row's keys, an array built from an input)", () => {
    const t = preparedTemplate("probe", build);
    const calls: Inputs[] = [
      {
        clientId: "a",
        ids: "00000000-0000-4000-8000-000000000001",
        at: new Date("2026-01-01T00:00:00Z"),
        n: 2,
        row: { client_id: "a", occurred_at: new Date("2026-01-02T00:00:00Z"), details: "{}", gate: null },
      },
      {
        clientId: "b",
        ids: "00000000-0000-4000-8000-000000000002",
        at: new Date("2026-02-01T00:00:00Z"),
        n: null,
        row: { client_id: "b", occurred_at: new Date("2026-02-02T00:00:00Z"), details: '{"x":1}', gate: 3 },
      },
    ];
    for (const p of calls) {
      const got = t(db, p);
      const plain = named("probe", build(db, p));
      expect(got.sql).toEqual(plain.sql); // the same name and text
      expect(got.parameters).toEqual(plain.parameters);
    }
  });

  it("under the tests, catches a builder that branches on a value", () => {
    const t = preparedTemplate("probe_branch", (k, p: { clientId: string; n: number | null }) =>
      k
        .selectFrom("clients")
        .select("client_id")
        .where("client_id", "=", p.clientId)
        // branching on a value: compiled once with a placeholder (never null), wrong for null
        .$if(p.n === null, (q) => q.where("name", "is", null))
        .compile(),
    );
    expect(process.env.BATON_CHECK_TEMPLATES).toBe("1");
    expect(() => t(db, { clientId: "a", n: 1 })).not.toThrow();
    expect(() => t(db, { clientId: "a", n: null })).toThrow(/differs from its builder/);
  });
});
