// The role jobs of docs/agents.md as data (issue 58: "docs/agents.md followed literally by a test"):
// each ```mcp <role>``` block is a script of tool calls, one a line (continuation lines indented):
//   tool {json arguments} [-> name] [!CODE]
// `-> name` keeps the result; a string "$name.path[0].field" in later arguments is replaced by that
// part of it (or by a value the reader brings: $campaign, $segment, ...); `!CODE` is a refusal.
import fs from "node:fs";
import path from "node:path";

export interface DocStep {
  tool: string;
  args: Record<string, unknown>;
  keep?: string;
  refusedWith?: string;
  /** the step as the doc writes it, for messages */
  text: string;
}

export interface DocJob {
  role: string;
  steps: DocStep[];
}

export const AGENTS_DOC = path.resolve(import.meta.dirname, "../../docs/agents.md");

/** Where the JSON object that starts at `from` ends (string-aware brace matching). */
function jsonEnd(s: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced JSON in: ${s}`);
}

function parseStep(text: string): DocStep {
  const m = /^([a-z][a-z_]*)\s*/.exec(text);
  if (!m) throw new Error(`a step starts with a tool name: ${text}`);
  const open = text.indexOf("{", m[0].length);
  if (open !== m[0].length) throw new Error(`the arguments of ${m[1]} are one JSON object: ${text}`);
  const end = jsonEnd(text, open);
  const args = JSON.parse(text.slice(open, end)) as Record<string, unknown>;
  const rest = text.slice(end).trim();
  const tail = /^(?:->\s*([a-z_][a-z0-9_]*))?\s*(?:!([A-Z][A-Z0-9_]+))?$/.exec(rest);
  if (!tail) throw new Error(`after the arguments: "-> name" and/or "!CODE", not "${rest}"`);
  return { tool: m[1], args, keep: tail[1], refusedWith: tail[2], text };
}

/** The ```mcp <role>``` blocks of a markdown text, in order. */
export function parseDocJobs(markdown: string): DocJob[] {
  return [...markdown.matchAll(/^```mcp ([a-z]+)\n([\s\S]*?)^```/gm)].map(([, role, body]) => {
    const steps: string[] = [];
    for (const line of body.split("\n")) {
      if (!line.trim() || line.trimStart().startsWith("#")) continue;
      if (/^\s/.test(line)) {
        if (!steps.length) throw new Error(`an indented line continues a step: ${line}`);
        steps[steps.length - 1] += `\n${line}`;
      } else steps.push(line);
    }
    return { role, steps: steps.map(parseStep) };
  });
}

export function readDocJobs(): DocJob[] {
  return parseDocJobs(fs.readFileSync(AGENTS_DOC, "utf8"));
}

function lookup(ref: string, values: Record<string, unknown>): unknown {
  const [, name, rest] = /^\$([a-z_][a-z0-9_]*)(.*)$/.exec(ref) ?? [];
  if (!name || !(name in values)) throw new Error(`${ref}: no value named ${name ?? ref}`);
  let v: unknown = values[name];
  for (const [, key, index] of rest.matchAll(/\.([a-z_][a-z0-9_]*)|\[(\d+)\]/g)) {
    if (v === null || typeof v !== "object") throw new Error(`${ref}: nothing at ${key ?? index}`);
    v = (v as Record<string, unknown>)[key ?? Number(index)];
  }
  if (v === undefined)
    throw new Error(`${ref} is undefined in ${JSON.stringify(values[name]).slice(0, 300)}`);
  return v;
}

/** The arguments with each "$name.path" string replaced by its value. */
export function resolveArgs(node: unknown, values: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((n) => resolveArgs(n, values));
  if (typeof node === "string") return /^\$[a-z_]/.test(node) ? lookup(node, values) : node;
  if (node && typeof node === "object")
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveArgs(v, values)]));
  return node;
}
