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
  "src/channels/contract.ts",
  // the API's types as web/ takes them (web/src/api-types.ts): generated types only, nothing to run,
  // listed so that nothing the browser cannot load ever joins them
  "src/client/contract.ts",
  "src/client/schema.ts",
  "src/drafting/contract.ts",
  "src/drafting/merge-fields.ts",
  "src/drafting/unfinished.ts",
  "src/engine/contract.ts",
  "src/engine/rep-task-skip.ts",
  "src/prospects/csv-delimiter.ts",
  "src/prospects/write-csv.ts",
];
// the npm packages they may use: written for the browser (web/ bundles them). csv-stringify only by its
// browser build: its default entry reads Node's Buffer at load, and the workspace was blank with it.
const BROWSER_PACKAGES = ["@dagrejs/dagre", "csv-stringify/browser/esm"];
const browserSafe = BROWSER_SAFE.map((f) => `^${f.replace(/[.]/g, "\\.")}$`);

// The named exceptions of one-door-per-folder (issue 70 item 2), each with its reason. Everything
// else in src/ is a domain folder behind its doors.
const DOOR_EXCEPTIONS = {
  // folders outside code may import file by file
  folders: [
    // The bottom floor is a library, read file by file: each file is a leaf utility (the Kysely DB
    // type and its helpers; BatonError, defineErrors, mapDbError; the settings), it imports nothing
    // above it (db-, errors-, config-is-the-bottom-floor below), so reaching a file of it reaches
    // around no domain's invariant. And every domain extends two of its files by path with
    // `declare module` (its tables into src/db/database.ts, its error codes into
    // src/errors/registry.ts), which a door cannot stand in for.
    ["db", "the bottom floor: a library"],
    ["errors", "the bottom floor: a library"],
    ["config", "the bottom floor: a library"],
    // The outer floor is not a domain: the HTTP adapter, the CLI and the composition root are
    // imported only from the outside in, and their own rules hold that (runtime-is-the-root,
    // routes-are-leaves, domains-take-narrow-deps, domains-do-not-import-the-demo). The MCP tools
    // (src/agents/mcp) share the HTTP adapter's schemas and error handler file by file.
    ["api", "the outer floor: the HTTP adapter"],
    ["cli", "the outer floor: the CLI adapter"],
    ["runtime", "the outer floor: the composition root"],
    ["demo", "the outer floor: the demo's composition"],
    // Door pending (2026-11-28): a door re-exports its folder's files, so an importer of the door
    // depends on all of them, and two folders that import each other (even by type: a type cycle is
    // a cycle here, no-circular) become a cycle of files through their doors. These folders still
    // take part in such folder cycles; each gets its door when its cycle is cut, and leaves this list.
    // crm, prospects and signals import each other, and signals -> engine -> campaigns -> crm
    // closes the ring: their doors made 116 file cycles (crm -> prospects -> signals -> engine ->
    // campaigns -> crm, and inbox and meetings on the same ring).
    ["crm", "door pending: crm -> prospects -> signals -> engine -> campaigns -> crm"],
    ["signals", "door pending: the crm -> prospects -> signals -> engine ring"],
    ["prospects", "door pending: prospects <-> crm, and the ring above"],
    // auth and audit import each other by value (the value-only folder knot, 2 folders): a door on
    // auth, imported by 180 files of every folder, would turn that into a cycle of files
    ["auth", "door pending: the auth <-> audit knot"],
  ],
  // single files outside code may import
  files: [
    // built in one place, src/runtime/engine.ts, and nowhere else (engine-built-at-the-root): it
    // must not be on the engine's door, where any module could take it
    ["^src/engine/default-engine-deps\\.ts$", "the engine's deps, built at the root only"],
  ],
  // importers that may reach into any folder
  importers: [
    // the registry of errors imports every domain's fragment (its *-errors.ts) by path
    ["^src/runtime/errors\\.ts$", "the registry of every domain's error fragment"],
  ],
};

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
      name: "one-door-per-folder",
      severity: "error",
      comment:
        "Outside a top-level folder of src/, code (and web/) imports the folder only through its doors: <folder>/index.ts (functions, and the types they take) and <folder>/contract.ts (the browser-safe words and types), issue 70 item 2 (issue 59 item 1 for the coordinator, issue 70 item 1 for campaigns). A type import goes through the door too: the door is the folder's contract. The exceptions are named in DOOR_EXCEPTIONS, each with its reason.",
      from: { path: "^(src/[^/]+/|src/[^/]+\\.ts$|web/src/)", pathNot: DOOR_EXCEPTIONS.importers.map(([re]) => re) },
      to: {
        path: "^src/[^/]+/",
        pathNot: [
          "^$1",
          "^src/[^/]+/(index|contract)\\.ts$",
          ...DOOR_EXCEPTIONS.folders.map(([folder]) => `^src/${folder}/`),
          ...DOOR_EXCEPTIONS.files.map(([re]) => re),
        ],
      },
    },
    {
      name: "config-is-the-bottom-floor",
      severity: "error",
      comment:
        "src/config (the environment's settings) imports nothing of src/ above it: it is read file by file as a library is (one-door-per-folder's named exception), so it must not reach a domain.",
      from: { path: "^src/config/" },
      to: { path: "^src/", pathNot: "^src/config/" },
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
      // channel-kinds.ts is a leaf vocabulary (it imports nothing), behind the channels'
      // browser-safe door contract.ts: the table types name their channel columns by it, as web/ does
      to: {
        path: "^src/",
        pathNot: ["^src/db/", "^src/errors/", "^src/config/", "^src/metrics/", "^src/channels/(contract|channel-kinds)\\.ts$"],
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
