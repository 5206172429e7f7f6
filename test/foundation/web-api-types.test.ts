// The workspace speaks the API's types (issue 70 item 4): every type web/src hands to an API call
// (api, get, post, put, patch, del, useApi) is taken from the generated schema (src/client/schema.ts,
// through web/src/api-types.ts), never written again by hand, so a change to a route's schema reaches
// the pages through the type checker. It was 85 hand-written types on 2026-11-28; a new one fails
// here, named with its file. The same count as `npm run arch:figures` (scripts/architecture-figures.mjs),
// without its dependency-cruiser run: the TypeScript parser alone, about a second.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { handWrittenApiTypes, webSources } from "../../scripts/architecture-figures.mjs";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-web-api-types-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The hand-written API types of one page written to a scratch file (its names, without the file). */
function found(name: string, text: string): string[] {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return handWrittenApiTypes([file]).map((t) => t.name);
}

describe("web/src takes its API types from the generated schema", () => {
  it("declares no API type by hand", () => {
    const files = webSources();
    expect(files.length).toBeGreaterThan(50);
    expect(handWrittenApiTypes(files)).toEqual([]);
  });

  it("catches a hand-written answer type, named or inline (the forged cases)", () => {
    expect(
      found(
        "forged.tsx",
        [
          "interface Team { team_id: string; name: string }",
          'export const a = () => useApi<{ items: Team[] }>("/api/v1/teams");',
          'export const b = () => post<{ saved: boolean }>("/api/v1/territories", {});',
        ].join("\n"),
      ),
    ).toEqual(["inline at line 2", "inline at line 3", "Team"]);
  });

  it("passes the schema's types and the page's own views (the allowed cases)", () => {
    expect(
      found(
        "allowed.tsx",
        [
          'import type { ApiItem, ApiResponse } from "../api-types.ts";',
          'type Team = ApiItem<"listTeams">;',
          'type TeamRef = Pick<Team, "team_id" | "name">;',
          "interface Row { label: string; team: TeamRef }",
          'export const a = () => useApi<ApiResponse<"listTeams">>("/api/v1/teams");',
          'export const b = () => get<{ items: TeamRef[] }>("/api/v1/teams");',
          "export const rows = (r: Row[]) => r.map((x) => x.label);",
        ].join("\n"),
      ),
    ).toEqual([]);
  });
});
