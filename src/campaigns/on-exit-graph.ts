// spec 002 on_exit chains: "when a contact exits a campaign, the campaign's on_exit map determines
// the next campaign automatically". A chain that comes back to a campaign it left would route a
// contact forever, so definitions that close such a loop are refused. Only slug targets route
// automatically; null ends the chain and a human gate hands the decision to a person.
import { isGateTarget, type OnExitMap } from "./exit-reasons.ts";

/** slug → its on_exit map, for every campaign of one tenant (with the proposed change applied). */
export type OnExitGraph = ReadonlyMap<string, OnExitMap>;

/** The automatic successors of a campaign: slugs its on_exit routes to without a person. */
export function automaticTargets(onExit: OnExitMap): string[] {
  const out = new Set<string>();
  for (const t of Object.values(onExit)) if (typeof t === "string" && !isGateTarget(t)) out.add(t);
  return [...out].sort();
}

/**
 * The first loop of automatic routes, as a path of slugs that starts and ends at the same campaign
 * (e.g. ["a", "b", "a"]), or null when every chain ends. Depth-first search with three colours;
 * targets that name no campaign in the graph are ignored here (they are refused separately).
 */
export function findOnExitCycle(graph: OnExitGraph): string[] | null {
  const colour = new Map<string, "grey" | "black">();
  const stack: string[] = [];
  const visit = (slug: string): string[] | null => {
    colour.set(slug, "grey");
    stack.push(slug);
    for (const next of automaticTargets(graph.get(slug) ?? {})) {
      if (!graph.has(next)) continue;
      const c = colour.get(next);
      if (c === "grey") return [...stack.slice(stack.indexOf(next)), next];
      if (c === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    colour.set(slug, "black");
    return null;
  };
  for (const slug of [...graph.keys()].sort()) {
    if (colour.has(slug)) continue;
    const found = visit(slug);
    if (found) return found;
  }
  return null;
}

export interface OnExitGraphProblem {
  code: "ON_EXIT_TARGET_MISSING" | "ON_EXIT_CYCLE";
  path: string;
  message: string;
}

/**
 * What the tenant's graph says about one campaign's proposed on_exit: each target that names no
 * campaign, and the loop it would close, each at the path of the exit reason concerned.
 */
export function onExitGraphProblems(
  graph: OnExitGraph,
  slug: string,
  onExit: OnExitMap,
): OnExitGraphProblem[] {
  const problems: OnExitGraphProblem[] = [];
  for (const [reason, t] of Object.entries(onExit)) {
    if (typeof t === "string" && !isGateTarget(t) && !graph.has(t) && t !== slug) {
      problems.push({
        code: "ON_EXIT_TARGET_MISSING",
        path: `/on_exit/${reason}`,
        message: `there is no campaign '${t}'; define it first, or choose another target`,
      });
    }
  }
  const cycle = findOnExitCycle(new Map(graph).set(slug, onExit));
  if (cycle) {
    const next = cycle.includes(slug) ? cycle[cycle.indexOf(slug) + 1] : undefined;
    const reasons = Object.entries(onExit).filter(([, t]) => next !== undefined && t === next);
    for (const [reason] of reasons.length ? reasons : [["", null]]) {
      problems.push({
        code: "ON_EXIT_CYCLE",
        path: reason ? `/on_exit/${reason}` : "/on_exit",
        message: `would route contacts in a loop: ${cycle.join(" → ")}; end one exit at null or the exec gate`,
      });
    }
  }
  return problems;
}
