// A tool's JSON Schema is the route's TypeBox schema (TypeBox schemas ARE JSON Schema) with the
// $refs it names inlined, so an MCP client needs no other document.
import type { TSchema } from "typebox";
import { validationFailed } from "../../api/error-handler.ts";
import { firstThenAll, jsonValidator } from "../../api/json-validator.ts";
import type { McpTool } from "./tool.ts";

type Json = Record<string, unknown>;

function inline(node: unknown, refs: Map<string, unknown>, seen: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => inline(n, refs, seen));
  if (!node || typeof node !== "object") return node;
  const obj = node as Json;
  if (typeof obj.$ref === "string") {
    const id = obj.$ref.replace(/^#\/components\/schemas\//, "").replace(/#$/, "");
    const target = refs.get(id);
    if (!target) throw new Error(`tool schema refers to unknown schema ${obj.$ref}`);
    if (seen.includes(id)) throw new Error(`tool schema ${id} is recursive`);
    const { $ref: _r, ...rest } = obj;
    return { ...(inline(target, refs, [...seen, id]) as Json), ...rest };
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "$id") continue;
    out[k] = inline(v, refs, seen);
  }
  return out;
}

export const IDEMPOTENCY_PROPERTY = {
  type: "string",
  minLength: 1,
  maxLength: 255,
  description:
    "Optional. Retry-safe write: a retry with the same key returns the first result and does not write twice (24 h).",
};

function inlined(tool: McpTool, schema: unknown): Json {
  const refs = new Map<string, unknown>();
  for (const r of tool.refs ?? []) refs.set(String((r as Json).$id), r);
  return JSON.parse(JSON.stringify(inline(schema, refs, []))) as Json;
}

/** The JSON Schema of a tool's input, as listed by tools/list. */
export function toolInputSchema(tool: McpTool): Json {
  const schema = inlined(tool, tool.input);
  if (schema.type !== "object") throw new Error(`tool ${tool.name}: input must be an object schema`);
  const props = (schema.properties as Record<string, Json> | undefined) ?? {};
  for (const [name, description] of Object.entries(tool.params ?? {})) {
    if (!props[name]) throw new Error(`tool ${tool.name}: params names unknown parameter ${name}`);
    props[name] = { ...props[name], description };
  }
  if (tool.write) {
    schema.properties = { ...((schema.properties as Json) ?? {}), idempotency_key: IDEMPOTENCY_PROPERTY };
  }
  return schema;
}

/** A refusal's structuredContent: the HTTP error body (docs/errors.md). */
const REFUSAL = {
  type: "object",
  description: "A refusal (isError: true): the HTTP API's error body; follow error.next_action",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string", description: "Stable code from docs/errors.md" },
        message: { type: "string" },
        rule: { type: "string", description: "The spec rule or reason behind the refusal" },
        facts: { type: "object", description: "The values that decided it" },
        next_action: { type: "string", description: "What to do next" },
        status: { type: "integer", description: "The HTTP status the API answers with" },
      },
      required: ["code", "message", "next_action", "status"],
    },
  },
  required: ["error"],
  additionalProperties: false,
};

/**
 * The JSON Schema of a tool's structuredContent, as listed by tools/list: the result, or (with
 * isError) the refusal. An object at the root, as MCP requires.
 */
export function toolOutputSchema(tool: McpTool): Json {
  const result = inlined(tool, tool.output);
  if (result.type !== "object") throw new Error(`tool ${tool.name}: output must be an object schema`);
  return { type: "object", anyOf: [result, REFUSAL] };
}

const ajv = { first: jsonValidator(false, false), all: jsonValidator(false) };
const validators = new WeakMap<McpTool, ReturnType<typeof firstThenAll>>();

/** Validates (and applies defaults to) a tool's arguments; VALIDATION_FAILED lists each path (at most 20). */
export function validateToolArgs(tool: McpTool, args: unknown): Json {
  let validate = validators.get(tool);
  if (!validate) {
    const schema = toolInputSchema(tool);
    validate = firstThenAll(ajv.first.compile(schema), () => ajv.all.compile(schema));
    validators.set(tool, validate);
  }
  const value = structuredClone(args ?? {}) as Json;
  if (!validate(value)) {
    const errors = (validate.errors ?? []).map((e) => ({
      instancePath: e.instancePath,
      message:
        e.keyword === "additionalProperties"
          ? `must not have property ${(e.params as { additionalProperty: string }).additionalProperty}`
          : (e.message ?? "is invalid"),
    }));
    throw validationFailed(errors, "arguments");
  }
  return value;
}

export type { TSchema };
