// Accessibility in the browser tests (issue 37): axe-core runs in the page and a test fails on any
// serious or critical violation. axe's own source is injected from node_modules, so nothing is
// fetched from the network.
//
// Only the rules that can report a serious or critical violation run. Every axe-core rule declares
// its impact, and axe gives each of a rule's violations that impact (`_finalizeRuleResult` sets
// every failing check's impact to the rule's), so the 28 minor and moderate rules of 4.14 could
// never fail a test: skipping them returns the same violations for less of the page's CPU. A rule
// that declares no impact (none does in 4.14) still runs, since its checks decide its impact.

import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
let axeSource: string | null = null;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Serious and critical axe violations on the page as it is now (0 is the bar). `allRules`: every
 * enabled rule runs, as before the restriction (the test that shows both give the same).
 */
export async function seriousA11yViolations(
  page: Page,
  opts: { allRules?: boolean } = {},
): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === "object");
  // evaluated over the DevTools protocol: the workspace's CSP (script-src 'self') refuses inline scripts
  if (!loaded) await page.evaluate(axeSource);
  const result = await page.evaluate(async (allRules) => {
    const axe = (globalThis as any).axe;
    const declared = new Map<string, string | undefined>(
      axe._audit.rules.map((r: { id: string; impact?: string }) => [r.id, r.impact]),
    );
    const serious = axe
      .getRules()
      .filter((r: { ruleId: string; enabled: boolean }) => {
        const impact = declared.get(r.ruleId);
        return r.enabled && (impact === undefined || impact === "serious" || impact === "critical");
      })
      .map((r: { ruleId: string }) => r.ruleId);
    const options = allRules
      ? { resultTypes: ["violations"] }
      : { runOnly: { type: "rule", values: serious }, resultTypes: ["violations"] };
    const r = await axe.run(document, options);
    return r.violations.map(
      (v: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")),
      }),
    );
  }, opts.allRules === true);
  return (result as AxeViolation[]).filter((v) => v.impact === "serious" || v.impact === "critical");
}
