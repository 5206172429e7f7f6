// Page rules (issue 69 item 2): which signal type a website event is. A page event's URL path is
// matched against the 'page' rules ('/pricing' exactly, '/pricing/*' one segment below it,
// '/docs/**' anything below it; any case, a trailing slash ignored), a track event's name against
// the 'track' rules (the name, any case). The lowest position wins, then the longest pattern.
// A track event named like a catalogue type ('demo_request') needs no rule.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { CATALOGUE_ROLES, loadCatalogue } from "./signal-types.ts";
import type { PageRuleKind } from "./tables.ts";

export interface PageRule {
  rule_id: string;
  kind: PageRuleKind;
  pattern: string;
  type: string;
  position: number;
}

const COLUMNS = ["rule_id", "kind", "pattern", "type", "position"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A URL's path (or a path), lower case, without query, fragment or trailing slash. */
export function pathOf(urlOrPath: string): string | null {
  let p = urlOrPath.trim();
  if (/^https?:\/\//i.test(p)) {
    try {
      p = new URL(p).pathname;
    } catch {
      return null;
    }
  }
  p = p.replace(/[?#].*$/, "").toLowerCase();
  if (!p.startsWith("/")) return null;
  return p.length > 1 ? p.replace(/\/+$/, "") || "/" : p;
}

function patternRegex(pattern: string): RegExp {
  const body = (pathOf(pattern) ?? pattern)
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === "**" ? ".*" : part === "*" ? "[^/]+" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${body}$`);
}

/** Why the pattern cannot be a rule of the kind, or null. */
export function patternProblem(kind: PageRuleKind, pattern: string): string | null {
  if (kind === "track") return pattern.trim().length === 0 ? "the event name is empty" : null;
  if (!pattern.startsWith("/")) return "a page pattern is a path that starts with /";
  if (/\*{3,}/.test(pattern)) return "use * for one path segment and ** for any below";
  return null;
}

/** The type of an event: a page's path or a track event's name. */
export function matchRule(rules: readonly PageRule[], kind: PageRuleKind, value: string): PageRule | null {
  const target = kind === "page" ? pathOf(value) : value.trim().toLowerCase();
  if (target === null) return null;
  const hits = rules.filter((r) =>
    r.kind !== kind
      ? false
      : kind === "page"
        ? patternRegex(r.pattern).test(target)
        : r.pattern.trim().toLowerCase() === target,
  );
  hits.sort((a, b) => a.position - b.position || b.pattern.length - a.pattern.length);
  return hits[0] ?? null;
}

export async function loadPageRules(db: Kysely<DB>, clientId: string): Promise<PageRule[]> {
  return db
    .selectFrom("signal_page_rules")
    .select(COLUMNS)
    .where("client_id", "=", clientId)
    .orderBy("position")
    .orderBy("pattern")
    .execute();
}

/** Every person and agent of the tenant reads the rules. */
export async function listPageRules(db: Kysely<DB>, actor: Principal): Promise<PageRule[]> {
  return loadPageRules(db, actor.clientId);
}

export async function addPageRule(
  db: Kysely<DB>,
  actor: Principal,
  input: { kind?: PageRuleKind; pattern: string; type: string; position?: number },
  now: Date,
): Promise<PageRule> {
  requireRole(actor, "change the page rules", ...CATALOGUE_ROLES);
  const kind = input.kind ?? "page";
  const problem = patternProblem(kind, input.pattern);
  if (problem) throw new BatonError("SIGNAL_RULE_INVALID", { why: problem });
  const catalogue = await loadCatalogue(db, actor.clientId, now);
  if (!catalogue.has(input.type)) throw new BatonError("SIGNAL_TYPE_UNKNOWN", { type: input.type });
  const pattern = kind === "page" ? (pathOf(input.pattern) ?? input.pattern) : input.pattern.trim();
  return db
    .insertInto("signal_page_rules")
    .values({
      client_id: actor.clientId,
      kind,
      pattern,
      type: input.type,
      position: input.position ?? 100,
      created_at: now,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function removePageRule(
  db: Kysely<DB>,
  actor: Principal,
  ruleId: string,
): Promise<{ rule_id: string; removed: true }> {
  requireRole(actor, "change the page rules", ...CATALOGUE_ROLES);
  if (!UUID.test(ruleId)) throw new BatonError("NOT_FOUND", { entity: "page rule", id: ruleId.slice(0, 40) });
  const r = await db
    .deleteFrom("signal_page_rules")
    .where("client_id", "=", actor.clientId)
    .where("rule_id", "=", ruleId)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new BatonError("NOT_FOUND", { entity: "page rule", id: ruleId });
  return { rule_id: ruleId, removed: true };
}
