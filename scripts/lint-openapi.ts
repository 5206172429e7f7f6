// npm run lint:openapi (part of npm run check, issue 38 item 3): builds the app in process on an
// empty PGlite database, writes its OpenAPI document (what /docs/json serves) to
// test-artifacts/openapi.json, and lints it with Redocly CLI (recommended rules, redocly.yaml) and
// Spectral (spectral:oas, .spectral.yaml), both at once. Prints errors and warnings per rule for
// each; fails on any error. Neither linter needs the network (telemetry and update checks off).
import "../src/runtime/errors.ts";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openApiDocument } from "../src/client/generate.ts";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "test-artifacts", "openapi.json");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

interface Finding {
  rule: string;
  severity: "error" | "warning";
  where: string;
  message: string;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    child.on("error", reject);
    // both exit non-zero when they find an error: the findings decide, not the exit code
    child.on("close", () => (stdout.trim() ? resolve(stdout) : reject(new Error(`${cmd}: ${stderr}`))));
  });
}

async function redocly(file: string): Promise<Finding[]> {
  const json = JSON.parse(
    await run(bin("redocly"), [
      "lint",
      file,
      "--config",
      "redocly.yaml",
      "--format",
      "json",
      "--max-problems",
      "100000",
    ]),
  );
  return (json.problems ?? []).map((p: any) => ({
    rule: p.ruleId,
    severity: p.severity === "error" ? "error" : "warning",
    where: p.location?.[0]?.pointer ?? "",
    message: p.message,
  }));
}

async function spectral(file: string): Promise<Finding[]> {
  const json = JSON.parse(
    await run(bin("spectral"), ["lint", file, "--ruleset", ".spectral.yaml", "--format", "json", "--quiet"]),
  );
  // spectral severities: 0 error, 1 warn, 2 info, 3 hint (info and hint are not counted)
  return json
    .filter((p: any) => p.severity <= 1)
    .map((p: any) => ({
      rule: p.code,
      severity: p.severity === 0 ? "error" : "warning",
      where: `#/${(p.path ?? []).join("/")}`,
      message: p.message,
    }));
}

function report(name: string, findings: Finding[]): number {
  const errors = findings.filter((f) => f.severity === "error");
  const byRule = new Map<string, number>();
  for (const f of findings)
    byRule.set(`${f.severity} ${f.rule}`, (byRule.get(`${f.severity} ${f.rule}`) ?? 0) + 1);
  console.log(`${name}: ${errors.length} errors, ${findings.length - errors.length} warnings`);
  for (const [rule, n] of [...byRule].sort()) console.log(`  ${rule}: ${n}`);
  for (const e of errors) console.log(`  ERROR ${e.rule} at ${e.where}: ${e.message}`);
  return errors.length;
}

const started = Date.now();
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
const [r, s] = await Promise.all([redocly(out), spectral(out)]);
const errors = report("Redocly (recommended)", r) + report("Spectral (spectral:oas)", s);
console.log(`${path.relative(root, out)} linted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(errors > 0 ? 1 : 0);
