import { Type } from "typebox";
import { describe, expect, it } from "vitest";
import { defineTool } from "./tool.ts";
import { toolInputSchema, validateToolArgs } from "./tool-schema.ts";
import { batonTools } from "./tools.ts";

const Doc = Type.Object({ a: Type.Integer({ minimum: 1 }) }, { $id: "Doc" });
const tool = defineTool({
  name: "t",
  title: "t",
  description: "t",
  input: Type.Object(
    { doc: Type.Ref("Doc"), n: Type.Optional(Type.Integer({ default: 5 })) },
    { additionalProperties: false },
  ),
  refs: [Doc],
  output: Type.Object({}),
  write: true,
  run: async () => null,
});

describe("tool input schemas", () => {
  it("inline the $refs of the route schema and add idempotency_key to writes", () => {
    const s = toolInputSchema(tool) as any;
    expect(s.properties.doc).toEqual({
      type: "object",
      properties: { a: { type: "integer", minimum: 1 } },
      required: ["a"],
    });
    expect(s.properties.idempotency_key.type).toBe("string");
    expect(JSON.stringify(s)).not.toContain("$ref");
  });

  it("every Baton tool has a self-contained object schema that compiles", () => {
    for (const t of batonTools) {
      const s = toolInputSchema(t);
      expect(s.type, t.name).toBe("object");
      expect(JSON.stringify(s), t.name).not.toContain("$ref");
      expect(() => validateToolArgs(t, {}), t.name).not.toThrow(/schema/);
    }
    expect(new Set(batonTools.map((t) => t.name)).size).toBe(batonTools.length);
  });

  it("validation applies defaults and names each wrong path", () => {
    expect(validateToolArgs(tool, { doc: { a: 2 } })).toEqual({ doc: { a: 2 }, n: 5 });
    try {
      validateToolArgs(tool, { doc: { a: 0 }, extra: 1 });
      expect.unreachable();
    } catch (e: any) {
      expect(e.code).toBe("VALIDATION_FAILED");
      const paths = e.facts.errors.map((x: any) => x.path);
      expect(paths).toContain("arguments/doc/a");
      expect(e.facts.errors.map((x: any) => x.message).join()).toMatch(/extra/);
    }
  });
});
