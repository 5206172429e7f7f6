// The routes of a built app, read from printRoutes (fastify has no route listing).
export interface AppRoute {
  path: string;
  methods: string[];
}

/** Every route of printRoutes({ commonPrefix: false }): each line's segment follows its parent's. */
export function routesOf(tree: string): AppRoute[] {
  const out: AppRoute[] = [];
  const stack: string[] = [];
  for (const line of tree.split("\n")) {
    const m = /^([│ ]*)(?:├── |└── )(\S+) \(([^)]+)\)$/.exec(line.replace(/\u00a0/g, " "));
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    const path = (depth > 0 ? stack[depth - 1] : "") + m[2];
    stack[depth] = path;
    out.push({ path, methods: m[3].split(", ").filter((x) => x !== "HEAD") });
  }
  return out;
}
