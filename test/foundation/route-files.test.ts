// A route registrar maps paths to handlers and registers none itself (issue 70 item 3): each
// route, with its TypeBox schema, lives in a file of its own under src/api/routes/<area>/, and
// src/api/routes/<area>-routes.ts calls them in order (docs/api.md). A registrar may keep a scope
// (a raw-body parser) or a loop over a list, but the app.get/post/... call is in the route's file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROUTES = path.resolve(import.meta.dirname, "../../src/api/routes");

/** Registrars still registering routes inline, each with why; one that is converted leaves this list. */
const EXCEPTIONS = new Map<string, string>([]);

// the same test the conversion was checked with: a line that opens app.get( / scope.post( / ...
const INLINE_ROUTE = /^\s+(app|scope)\.(get|post|put|patch|delete)\(/gm;

function inlineRoutes(dir: string): { file: string; routes: number }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith("-routes.ts"))
    .map((file) => ({
      file,
      routes: fs.readFileSync(path.join(dir, file), "utf8").match(INLINE_ROUTE)?.length ?? 0,
    }))
    .filter((r) => r.routes > 0);
}

describe("route registrars register no route inline", () => {
  const found = inlineRoutes(ROUTES);

  it("has none but the named exceptions", () => {
    expect(fs.readdirSync(ROUTES).filter((f) => f.endsWith("-routes.ts")).length).toBeGreaterThan(50);
    expect(found.filter((r) => !EXCEPTIONS.has(r.file))).toEqual([]);
  });

  it("lists no exception that no longer registers a route inline", () => {
    const still = new Set(found.map((r) => r.file));
    expect([...EXCEPTIONS.keys()].filter((f) => !still.has(f))).toEqual([]);
  });

  it("catches a registrar with an inline route (the forged case)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "route-files-"));
    fs.writeFileSync(
      path.join(dir, "forged-routes.ts"),
      'export const forgedRoutes = (app) => {\n  app.get(\n    "/x",\n    async () => ({}),\n  );\n};\n',
    );
    fs.writeFileSync(
      path.join(dir, "fine-routes.ts"),
      "export const fineRoutes = (app, deps) => {\n  xRoute(app, deps);\n};\n",
    );
    try {
      expect(inlineRoutes(dir)).toEqual([{ file: "forged-routes.ts", routes: 1 }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
