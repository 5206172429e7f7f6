// npm run lint:cycles (part of npm run check): the import rules of src/ and web/src (preamble: imports flow one
// way, no cycles; domain code never imports the composition root in src/runtime).

// The server files web/ imports by value (issue 70 item 4): they go into the browser bundle, so they
// and everything they import by value stay browser-safe (no Node module; no npm package but BROWSER_PACKAGES). A web
// page that needs another server file's value adds it here, and the rules below check it; a type
// import is erased by the build and may name any file (the API's shapes come from
// src/client/schema.ts, web/src/api-types.ts).
const BROWSER_SAFE = [
  "src/campaigns/contract.ts",
  "src/campaigns/contract-words.ts",
  "src/campaigns/definition-vocabulary.ts",
  "src/campaigns/exit-reasons.ts",
  "src/campaigns/layout-on-exit-graph.ts",
  "src/channels/channel-kinds.ts",
  "src/drafting/merge-fields.ts",
  "src/drafting/unfinished.ts",
  "src/engine/rep-task-skip.ts",
  "src/prospects/write-csv.ts",
];
// the npm packages they may use: written for the browser (web/ bundles them)
const BROWSER_PACKAGES = ["@dagrejs/dagre"];
const browserSafe = BROWSER_SAFE.map((f) => `^${f.replace(/[.]/g, "\\.")}$`);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle in src/: move the shared type or function to a leaf module.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "src-ships-no-test-code",
      severity: "error",
      comment:
        "src/ is what npm run build ships: it imports nothing of test/ (the fixtures, such as the labelled replies, and the support code that measures and trains), scripts/ or bench/.",
      from: { path: "^src/" },
      to: { path: "^(test|scripts|bench)/" },
    },
    {
      name: "runtime-is-the-root",
      severity: "error",
      comment:
        "src/runtime composes the process (jobs, metrics, shutdown); only src/main.ts, src/cli and src/runtime import it.",
      from: { path: "^src/", pathNot: ["^src/runtime/", "^src/main\\.ts$", "^src/cli/"] },
      to: { path: "^src/runtime/" },
    },
    {
      name: "coordinator-one-door",
      severity: "error",
      comment:
        "Outside src/coordinator, import the coordinator only through its contract: src/coordinator/index.ts (functions) and contract.ts (types) (issue 59 item 1). The one exception is the registry of errors (src/runtime/errors.ts, every domain's fragment).",
      from: { path: "^src/", pathNot: ["^src/coordinator/", "^src/runtime/errors\\.ts$"] },
      to: { path: "^src/coordinator/", pathNot: ["^src/coordinator/(index|contract)\\.ts$"] },
    },
    {
      name: "campaigns-one-door",
      severity: "error",
      comment:
        "Outside src/campaigns, import campaigns only through its doors: src/campaigns/index.ts (functions) and contract.ts (the browser-safe words and types) (issue 70 item 1). The one exception is the registry of errors (src/runtime/errors.ts, every domain's fragment).",
      from: { path: "^(src|web/src)/", pathNot: ["^src/campaigns/", "^src/runtime/errors\\.ts$"] },
      to: { path: "^src/campaigns/", pathNot: ["^src/campaigns/(index|contract)\\.ts$"] },
    },
    {
      name: "errors-are-the-bottom-floor",
      severity: "error",
      comment:
        "src/errors imports nothing above it: a domain registers its codes (a fragment in its *-errors.ts, added to ErrorRegistry by `declare module`), and src/runtime/errors.ts registers every fragment (issue 59 item 3).",
      from: { path: "^src/errors/" },
      to: { path: "^src/", pathNot: "^src/errors/" },
    },
    {
      name: "db-is-the-bottom-floor",
      severity: "error",
      comment:
        "src/db imports no domain: a domain adds its tables to the DB type from its own tables.ts (`declare module` of src/db/database.ts), and its errors through src/runtime/errors.ts (issue 59 item 3).",
      from: { path: "^src/db/" },
      // channel-kinds.ts is a leaf vocabulary (it imports nothing): the table types name their
      // channel columns by it, as web/ does
      to: {
        path: "^src/",
        pathNot: ["^src/db/", "^src/errors/", "^src/config/", "^src/metrics/", "^src/channels/channel-kinds\\.ts$"],
      },
    },
    {
      name: "channel-kinds-is-a-leaf",
      severity: "error",
      comment:
        "src/channels/channel-kinds.ts is the one table of channel kinds that src/db and web/ read: it imports nothing (issue 59 item 2).",
      from: { path: "^src/channels/channel-kinds\\.ts$" },
      to: { path: "^src/" },
    },
    {
      name: "routes-are-leaves",
      severity: "error",
      comment:
        "Only the app's assembly imports a route file (register-routes.ts, request-instruments.ts): a schema or function a route shares with the MCP tools or the runtime lives in src/api/schemas/ or its domain (issue 59 item 3).",
      from: {
        path: "^src/",
        pathNot: ["^src/api/routes/", "^src/api/register-routes\\.ts$", "^src/api/request-instruments\\.ts$"],
      },
      to: { path: "^src/api/routes/" },
    },
    {
      name: "domains-take-narrow-deps",
      severity: "error",
      comment:
        "The process's deps (AppDeps) belong to the HTTP adapter and the root: a domain's job or wiring declares the narrow type it needs at its own level (EngineJobDeps, InboxJobDeps, ...), and AppDeps satisfies it (issue 59 item 3).",
      from: { path: "^src/", pathNot: ["^src/api/", "^src/agents/", "^src/cli/", "^src/runtime/", "^src/main\\.ts$"] },
      to: { path: "^src/api/context\\.ts$" },
    },
    {
      name: "engine-built-at-the-root",
      severity: "error",
      comment:
        "The engine's dependencies are built in one place, src/runtime/engine.ts: the process's engine() (AppDeps.engine, the CLI's ctx.engine) and the EngineFactory handed to the simulator and the demo history. Nothing else imports default-engine-deps.ts (issue 59 item 3).",
      from: { path: "^src/", pathNot: "^src/runtime/" },
      to: { path: "^src/engine/default-engine-deps\\.ts$" },
    },
    {
      name: "domains-do-not-import-the-demo",
      severity: "error",
      comment:
        "src/demo composes the demo (its seeders, its history) from the domains; a domain never imports it back. Only the root that seeds it and the adapters that serve it do (issue 59 item 5).",
      from: { path: "^src/", pathNot: ["^src/demo/", "^src/runtime/", "^src/api/", "^src/cli/", "^src/main\\.ts$"] },
      to: { path: "^src/demo/" },
    },
    {
      name: "browser-values-are-browser-safe",
      severity: "error",
      comment:
        "web/ and the BROWSER_SAFE files import a server file's values only when it is listed in BROWSER_SAFE (.dependency-cruiser.cjs): all of it goes into the browser bundle, and the rule below holds for each (issue 70 item 4).",
      from: { path: ["^web/src/", ...browserSafe] },
      to: { path: "^src/", pathNot: browserSafe, dependencyTypesNot: ["type-only", "type-import"] },
    },
    {
      name: "browser-safe-imports-no-node",
      severity: "error",
      comment:
        "A BROWSER_SAFE file runs in the browser: it imports no Node module (node:*) and no npm package (pg, fastify, kysely, ...) by value, but those of BROWSER_PACKAGES (issue 70 item 4).",
      from: { path: browserSafe },
      to: {
        dependencyTypes: ["core", "npm", "npm-dev", "npm-optional", "npm-peer", "npm-bundled", "npm-no-pkg", "npm-unknown", "unknown"],
        dependencyTypesNot: ["type-only", "type-import"],
        pathNot: BROWSER_PACKAGES.map((p) => `(^|node_modules/)${p}(/|$)`),
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    // type-only imports count: a cycle through types is still a cycle of modules
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
