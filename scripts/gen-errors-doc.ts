// Writes docs/errors.md from the registry: npm run docs:errors. A test keeps them in sync.
import fs from "node:fs";
import { allErrors } from "../src/errors/registry.ts";

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
for (const [code, e] of Object.entries(allErrors)) {
  lines.push(
    `| \`${code}\` | ${e.status} | ${e.sqlstate ?? ""} | ${e.rule} | ${e.next({}).replace(/\|/g, "\\|")} |`,
  );
}
fs.mkdirSync("docs", { recursive: true });
fs.writeFileSync("docs/errors.md", `${lines.join("\n")}\n`);
console.log(`docs/errors.md: ${Object.keys(allErrors).length} codes`);
