// What a territory covers (issue 61 item 1): a segment, an explicit list of accounts, or a rule on the
// account's fields. The rule language is small on purpose: every condition of `all` must hold, each
// one field with one operator (`in` a list of values, `ends_with` for the domain, `is` for the ABM
// flag). Stored as JSON (territories.definition), checked against this schema before it is written,
// and compiled to a parametrised SQL condition on the alias `a` (accounts): values never enter the
// SQL text.
import { type RawBuilder, sql } from "kysely";
import { type Static, Type } from "typebox";
import { Value } from "typebox/value";
import { BatonError } from "../errors/baton-error.ts";

const Values = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 100 });

export const RuleCondition = Type.Union([
  Type.Object(
    {
      field: Type.Union([
        Type.Literal("vertical"),
        Type.Literal("icp_tier"),
        Type.Literal("segment"),
        Type.Literal("country"),
        Type.Literal("lifecycle_stage"),
      ]),
      op: Type.Literal("in"),
      values: Values,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      field: Type.Literal("domain"),
      op: Type.Literal("ends_with"),
      value: Type.String({ minLength: 1, maxLength: 200 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { field: Type.Literal("abm_active"), op: Type.Literal("is"), value: Type.Boolean() },
    { additionalProperties: false },
  ),
]);

export const TerritoryDefinition = Type.Union([
  Type.Object(
    { kind: Type.Literal("segment"), segment: Type.String({ minLength: 1, maxLength: 64 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal("accounts"),
      account_ids: Type.Array(Type.String({ format: "uuid" }), { minItems: 1, maxItems: 1000 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal("rule"),
      all: Type.Array(RuleCondition, { minItems: 1, maxItems: 10 }),
    },
    { additionalProperties: false },
  ),
]);
export type TerritoryDefinition = Static<typeof TerritoryDefinition>;
export type RuleCondition = Static<typeof RuleCondition>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const BRANCHES = {
  segment: TerritoryDefinition.anyOf[0],
  accounts: TerritoryDefinition.anyOf[1],
  rule: TerritoryDefinition.anyOf[2],
} as const;

/** The definition as stored, or TERRITORY_DEFINITION_INVALID naming the first problem. */
export function parseDefinition(input: unknown): TerritoryDefinition {
  if (!Value.Check(TerritoryDefinition, input)) {
    const kind = (input as { kind?: unknown } | null)?.kind;
    const branch =
      typeof kind === "string" && kind in BRANCHES ? BRANCHES[kind as keyof typeof BRANCHES] : null;
    const first = branch ? Value.Errors(branch, input)[0] : null;
    throw new BatonError("TERRITORY_DEFINITION_INVALID", {
      problem: first
        ? `${first.instancePath || "/"} ${first.message}`
        : "kind is one of segment, accounts, rule",
    });
  }
  if (input.kind === "accounts" && input.account_ids.some((id) => !UUID.test(id)))
    throw new BatonError("TERRITORY_DEFINITION_INVALID", { problem: "/account_ids each is an account id" });
  if (input.kind === "accounts") return { kind: "accounts", account_ids: [...new Set(input.account_ids)] };
  return input;
}

function condition(c: RuleCondition): RawBuilder<boolean> {
  switch (c.field) {
    case "domain":
      // the domain itself or any of its subdomains: "acme.com" holds for acme.com and eu.acme.com
      return sql<boolean>`(lower(a.domain) = ${c.value.toLowerCase().replace(/^\.+/, "")}
        or lower(a.domain) like ${`%.${likeEscape(c.value.toLowerCase().replace(/^\.+/, ""))}`})`;
    case "abm_active":
      return sql<boolean>`(a.abm_active = ${c.value})`;
    default:
      return sql<boolean>`(a.${sql.ref(c.field)}::text = any(${c.values}::text[]))`;
  }
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** The definition as a SQL condition on the alias `a` (accounts), every value a parameter. */
export function definitionSql(d: TerritoryDefinition): RawBuilder<boolean> {
  switch (d.kind) {
    case "segment":
      return sql<boolean>`(a.segment = ${d.segment})`;
    case "accounts":
      return sql<boolean>`(a.account_id = any(${d.account_ids}::uuid[]))`;
    case "rule":
      return sql<boolean>`(${sql.join(d.all.map(condition), sql` and `)})`;
  }
}

/**
 * The territory of each account under a list of territories in priority order: a CASE that names
 * the first one that matches, null when none does.
 */
export function territoryCaseSql(
  territories: { territory_id: string; definition: TerritoryDefinition }[],
): RawBuilder<string | null> {
  if (territories.length === 0) return sql<string | null>`null::uuid`;
  return sql<string | null>`(case ${sql.join(
    territories.map((t) => sql`when ${definitionSql(t.definition)} then ${t.territory_id}::uuid`),
    sql` `,
  )} else null::uuid end)`;
}
