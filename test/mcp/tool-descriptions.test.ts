// Every MCP tool speaks to an agent (issue 38): a description, a described snake_case parameter
// for each input, and an object output schema that compiles (tool-outputs.ts checks results).
import { describe, expect, it } from "vitest";
import { toolInputSchema, toolOutputSchema } from "../../src/agents/mcp/tool-schema.ts";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import { outputValidator } from "./tool-outputs.ts";

describe("every Baton tool speaks to an agent", () => {
  it("describes itself and every parameter, and has an object output schema that compiles", () => {
    const undescribed: string[] = [];
    for (const t of batonTools) {
      expect(t.description.length, t.name).toBeGreaterThan(20);
      expect(t.name, t.name).toMatch(/^[a-z][a-z0-9_]*$/);
      const props = (toolInputSchema(t).properties ?? {}) as Record<string, { description?: string }>;
      for (const [name, p] of Object.entries(props)) {
        expect(name, `${t.name}.${name}`).toMatch(/^[a-z][a-z0-9_]*$/);
        if (!p.description) undescribed.push(`${t.name}.${name}`);
      }
      const out = toolOutputSchema(t);
      expect(out.type, t.name).toBe("object");
      expect(JSON.stringify(out), t.name).not.toContain("$ref");
      expect(() => outputValidator(t.name), t.name).not.toThrow();
    }
    expect(undescribed).toEqual([]);
  });
});
