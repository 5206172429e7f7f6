// A territory as the territories page edits it: the types it reads from the API, the rule's
// conditions as form rows, the draft behind the form and the request body a draft becomes.
import type { ApiItem, ApiResponse } from "../../api-types.ts";

export type Territory = ApiItem<"listTerritories">;
export type Definition = Territory["definition"];
type Condition = Extract<Definition, { kind: "rule" }>["all"][number];
export type WriteResult = ApiResponse<"createTerritory">;
export type Preview = WriteResult["preview"];

export const FIELDS = [
  ["vertical", "Vertical is one of"],
  ["icp_tier", "ICP tier is one of"],
  ["segment", "Segment is one of"],
  ["country", "Country is one of"],
  ["lifecycle_stage", "Lifecycle stage is one of"],
  ["domain", "Domain ends with"],
  ["abm_active", "ABM active is"],
] as const;
export type Field = (typeof FIELDS)[number][0];
interface Row {
  field: Field;
  text: string;
}

function toRows(d: Definition | undefined): Row[] {
  if (d?.kind !== "rule") return [{ field: "vertical", text: "" }];
  return d.all.map((c) => ({
    field: c.field,
    text: c.op === "in" ? c.values.join(", ") : c.op === "ends_with" ? c.value : c.value ? "yes" : "no",
  }));
}

function toCondition(r: Row): Condition {
  if (r.field === "domain") return { field: "domain", op: "ends_with", value: r.text.trim() };
  if (r.field === "abm_active")
    return { field: "abm_active", op: "is", value: /^(yes|true|1)$/i.test(r.text.trim()) };
  return {
    field: r.field,
    op: "in",
    values: r.text
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean),
  };
}

export interface Draft {
  id: string | null;
  name: string;
  team_id: string;
  priority: string;
  kind: Definition["kind"];
  segment: string;
  accounts: string;
  rows: Row[];
}

export function draftOf(t?: Territory): Draft {
  return {
    id: t?.territory_id ?? null,
    name: t?.name ?? "",
    team_id: t?.team_id ?? "",
    priority: String(t?.priority ?? 100),
    kind: t?.definition.kind ?? "rule",
    segment: t?.definition.kind === "segment" ? t.definition.segment : "",
    accounts: t?.definition.kind === "accounts" ? t.definition.account_ids.join("\n") : "",
    rows: toRows(t?.definition),
  };
}

export function bodyOf(d: Draft) {
  const definition: Definition =
    d.kind === "segment"
      ? { kind: "segment", segment: d.segment.trim() }
      : d.kind === "accounts"
        ? { kind: "accounts", account_ids: d.accounts.split(/[\s,]+/).filter(Boolean) }
        : { kind: "rule", all: d.rows.map(toCondition) };
  return { name: d.name.trim(), team_id: d.team_id, priority: Number(d.priority), definition };
}
