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
