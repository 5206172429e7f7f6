import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OnExitMap } from "./exit-reasons.ts";
import { findOnExitCycle } from "./on-exit-graph.ts";

const g = (o: Record<string, OnExitMap>) => new Map(Object.entries(o));

describe("findOnExitCycle", () => {
  it("accepts the spec's chains", () => {
    expect(
      findOnExitCycle(
        g({
          b2bea_world: { registered: null },
          b2bea_membership: { meeting: { gate: "exec" } },
          dreamborn: { meeting: { gate: "exec" } },
          b2bea_membership_close: { converted: "b2bea_membership_cs", no_engagement: null, rejected: null },
          b2bea_membership_cs: {},
        }),
      ),
    ).toBeNull();
  });

  it("finds a self-loop and a two-campaign loop", () => {
    expect(findOnExitCycle(g({ a: { no_engagement: "a" } }))).toEqual(["a", "a"]);
    expect(findOnExitCycle(g({ a: { converted: "b" }, b: { rejected: "a" } }))).toEqual(["a", "b", "a"]);
  });

  it("finds a loop reached only through a longer chain", () => {
    expect(
      findOnExitCycle(g({ a: { converted: "b" }, b: { converted: "c" }, c: { converted: "b" } })),
    ).toEqual(["b", "c", "b"]);
  });

  it("a human gate or null breaks a loop", () => {
    expect(
      findOnExitCycle(g({ a: { converted: "b" }, b: { meeting: { gate: "exec" }, rejected: null } })),
    ).toBeNull();
  });

  it("ignores targets that name no campaign", () => {
    expect(findOnExitCycle(g({ a: { converted: "missing" } }))).toBeNull();
  });

  it("agrees with reachability: a cycle exists iff some campaign reaches itself", () => {
    const slugs = ["a", "b", "c", "d", "e"];
    const target = fc.oneof(
      fc.constantFrom(...slugs),
      fc.constant(null),
      fc.constant({ gate: "exec" as const }),
    );
    const map = fc.record(
      { converted: target, rejected: target, no_engagement: target },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.tuple(...slugs.map(() => map)), (maps) => {
        const graph = g(Object.fromEntries(slugs.map((s, i) => [s, maps[i] as OnExitMap])));
        const next = (s: string) =>
          Object.values(graph.get(s) ?? {}).filter((t): t is string => typeof t === "string");
        const reachesItself = (start: string) => {
          const seen = new Set<string>();
          const todo = next(start);
          while (todo.length) {
            const n = todo.pop()!;
            if (n === start) return true;
            if (!seen.has(n)) {
              seen.add(n);
              todo.push(...next(n));
            }
          }
          return false;
        };
        const cycle = findOnExitCycle(graph);
        expect(cycle !== null).toBe(slugs.some(reachesItself));
        if (cycle) {
          expect(cycle[0]).toBe(cycle.at(-1));
          for (let i = 0; i + 1 < cycle.length; i++) expect(next(cycle[i])).toContain(cycle[i + 1]);
        }
      }),
    );
  });
});
