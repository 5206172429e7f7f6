// `baton simulate --server` on a Citus coordinator (issue 57): the simulation runs twice in the same
// process, on a plain throw-away database of the coordinator (one node, Citus loaded but not used)
// and on one distributed over the cluster (simulation-database.ts), and reports the cluster against
// the single node: each run's wall time, the simulated days after the first (without building and
// migrating its database), and whether the two reports are the same (a seed's report does not
// depend on where it runs). The machines of this repository run every node on the same cores, so
// the ratio is the routing's cost, not a scale figure (docs/scaling.md).
import type { EngineFactory } from "../engine/index.ts";
import { runSimulation, type SimulationOptions } from "./simulate.ts";
import type { SimulationProgress } from "./simulate-days.ts";
import type { SimulationReport } from "./simulation-report.ts";

export interface ClusterRun {
  /** wall time of the whole run: database built, migrated (and distributed), simulated, dropped */
  seconds: number;
  /** from the end of the first simulated day to the end of the last */
  daysAfterFirstSeconds: number;
}

export interface ClusterComparison {
  single_node: ClusterRun;
  cluster: ClusterRun;
  /** cluster time over single-node time, for the days after the first */
  ratio: number;
  same_report: boolean;
}

async function timed(
  opts: SimulationOptions,
  cluster: boolean,
  buildEngine: EngineFactory,
): Promise<{ report: SimulationReport; run: ClusterRun }> {
  let first = 0;
  let last = 0;
  const t0 = Date.now();
  const report = await runSimulation(
    {
      ...opts,
      cluster,
      onProgress: (p: SimulationProgress) => {
        last = Date.now();
        if (first === 0) first = last;
        opts.onProgress?.(p);
      },
    },
    buildEngine,
  );
  const round = (ms: number) => Number((ms / 1000).toFixed(1));
  return { report, run: { seconds: round(Date.now() - t0), daysAfterFirstSeconds: round(last - first) } };
}

/** The cluster's report, and the cluster against a single node of the same coordinator. */
export async function simulateClusterAgainstSingleNode(
  opts: SimulationOptions & { serverUrl: string },
  buildEngine: EngineFactory,
): Promise<{ report: SimulationReport; comparison: ClusterComparison }> {
  const single = await timed(opts, false, buildEngine);
  const cluster = await timed(opts, true, buildEngine);
  const { text: _a, ...a } = single.report;
  const { text: _b, ...b } = cluster.report;
  return {
    report: cluster.report,
    comparison: {
      single_node: single.run,
      cluster: cluster.run,
      ratio: Number(
        (cluster.run.daysAfterFirstSeconds / Math.max(0.1, single.run.daysAfterFirstSeconds)).toFixed(2),
      ),
      same_report: JSON.stringify(a) === JSON.stringify(b),
    },
  };
}

/** The comparison in words, after the report. */
export function comparisonText(c: ClusterComparison): string {
  return [
    "",
    "On the Citus cluster against a single node (the same coordinator, a plain database), this run:",
    `  single node: ${c.single_node.seconds} s in all, ${c.single_node.daysAfterFirstSeconds} s for the days after the first`,
    `  cluster:     ${c.cluster.seconds} s in all, ${c.cluster.daysAfterFirstSeconds} s for the days after the first (${c.ratio}x the single node's)`,
    `  the same report on both: ${c.same_report ? "yes" : "NO"}`,
  ].join("\n");
}
