// The simulation's database draws the same statistics on every run (issue 14 item 7): `analyze`
// samples 30,000 rows of a larger table from PostgreSQL's own generator, which the simulation seeds
// with a fixed sequence, so two runs plan alike and give the same report at any size.
import { describe, expect, it } from "vitest";
import { simulationPglite } from "../../src/engine/simulation-database.ts";

async function statistics(): Promise<string> {
  const pglite = await simulationPglite();
  try {
    await pglite.exec(`create table sampled (x int);
      insert into sampled select (g * 7919) % 100003 from generate_series(1, 60000) g;
      analyze sampled;`);
    const r = await pglite.query<{ h: string }>(
      "select histogram_bounds::text as h from pg_stats where tablename = 'sampled'",
    );
    return r.rows[0].h;
  } finally {
    await pglite.close();
  }
}

describe("the simulation's database", () => {
  it("samples a table past 30,000 rows the same way on every start", { timeout: 120_000 }, async () => {
    const [a, b] = [await statistics(), await statistics()];
    expect(a).toEqual(b);
  });
});
