// docs/agents.md stays true: it names every MCP tool, resource and prompt, and each refusal code
// it tells agents how to handle is a code of the error registry.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { batonPrompts } from "../../src/agents/mcp/prompts.ts";
import { batonResources } from "../../src/agents/mcp/resources.ts";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import { allErrors as registry } from "../../src/runtime/errors.ts";

const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/agents.md"), "utf8");

describe("docs/agents.md", () => {
  it("names every tool, resource and prompt", () => {
    const missing = [
      ...batonTools.map((t) => t.name),
      ...batonResources.map((r) => r.uri),
      ...batonPrompts.map((p) => p.name),
    ].filter((n) => !doc.includes(`\`${n}`));
    expect(missing).toEqual([]);
  });

  it("tells agents what to do about codes that exist", () => {
    const table = doc.slice(doc.indexOf("### Refusals"), doc.indexOf("## Idempotency"));
    const codes = [...table.matchAll(/`([A-Z][A-Z0-9_]{3,})`/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((c) => !(c in registry))).toEqual([]);
  });
});
