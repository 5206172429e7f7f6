// Writes docs/errors.md from the registry: npm run docs:errors. A test keeps them in sync.
import fs from "node:fs";
import { MCP_NEXT_ACTIONS } from "../src/agents/mcp/hints.ts";
import { allErrors } from "../src/runtime/errors.ts";

const lines = [
  "# Error codes",
  "",
  "Every refusal from Baton's API, CLI and MCP tools has this body:",
  "",
  "```json",
  '{ "error": { "code": "PLAY_CAP_REACHED", "message": "…", "rule": "…", "facts": { }, "next_action": "…", "status": 409 } }',
  "```",
  "",
  "Codes are stable and never reused. `SQLSTATE` is the custom code a database trigger raises for the same rule,",
  "so a direct SQL writer meets the same refusal.",
  "",
  "| code | HTTP | SQLSTATE | rule | what to do next |",
  "|---|---|---|---|---|",
];
// A fact the text names shows as <name> ("GET /api/v1/crm/oauth/<provider>/start"), not "undefined";
// a text that reads a fact as more than a string falls back to the empty facts.
const named = new Proxy({} as Record<string, unknown>, {
  get: (_, k) => (typeof k === "string" ? `<${k}>` : undefined),
});
const nextOf = (next: (f: Record<string, unknown>) => string): string => {
  try {
    return next(named);
  } catch {
    return next({});
  }
};
for (const [code, e] of Object.entries(allErrors)) {
  lines.push(
    `| \`${code}\` | ${e.status} | ${e.sqlstate ?? ""} | ${e.rule} | ${nextOf(e.next).replace(/\|/g, "\\|")} |`,
  );
}
lines.push(
  "",
  "## Over MCP",
  "",
  "An MCP tool's refusal is the same body, as `structuredContent` with `isError: true` (docs/agents.md).",
  "Over MCP, `next_action` names the tool to call (`<tool>` below: the refused tool), or starts",
  '"No MCP tool can do this:" and says what a person does (src/agents/mcp/hints.ts); a code not in this',
  "table says so, with the registry's text unless that names an HTTP route. Code, message, rule, facts",
  "and status are the HTTP API's.",
  "A tool the principal's role may not call is not in its `tools/list`, and a call of it is refused with",
  "`FORBIDDEN_ROLE` (or `PLAY_WRITE_FORBIDDEN`) before its arguments are read.",
  "",
  "| code | what to do next, over MCP |",
  "|---|---|",
);
for (const [code, next] of Object.entries(MCP_NEXT_ACTIONS)) {
  lines.push(`| \`${code}\` | ${next({}, "<tool>").replace(/\|/g, "\\|")} |`);
}
fs.mkdirSync("docs", { recursive: true });
fs.writeFileSync("docs/errors.md", `${lines.join("\n")}\n`);
console.log(`docs/errors.md: ${Object.keys(allErrors).length} codes`);
