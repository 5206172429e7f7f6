// Live form validation against the same JSON Schemas the server validates (src/plays/play-documents.ts),
// compiled to plain functions at build time (web/build/play-validators.ts), so the page needs no
// eval: the Content-Security-Policy allows none. The OpenAPI document still says which fields a
// PATCH accepts.

import * as compiled from "virtual:play-validators";
import type { ValidateFunction } from "ajv";

export interface FieldError {
  path: string;
  message: string;
}

let loaded: Promise<Record<string, ValidateFunction>> | null = null;
let docs: any = null;

export function loadSchemas(): Promise<Record<string, ValidateFunction>> {
  loaded ??= fetch("/docs/json")
    .then((r) => r.json())
    .then((json) => {
      docs = json;
      return { ...compiled };
    });
  return loaded;
}

/** The fields a PATCH endpoint accepts, from the published OpenAPI document. */
export function patchFields(path: string): string[] | null {
  const schema = docs?.paths?.[path]?.patch?.requestBody?.content?.["application/json"]?.schema;
  return schema?.properties ? Object.keys(schema.properties) : null;
}

export function validate(v: ValidateFunction | undefined, value: unknown, prefix: string): FieldError[] {
  if (!v || v(value)) return [];
  const out: FieldError[] = [];
  for (const e of v.errors ?? []) {
    if (e.keyword === "required" && e.schemaPath.includes("anyOf")) continue;
    if (e.keyword === "anyOf" && e.instancePath === "") {
      out.push({ path: prefix, message: "needs at least one of the metrics" });
      continue;
    }
    if (e.keyword === "anyOf") continue; // enum unions: the "enum" error under it says it better
    const extra = e.keyword === "additionalProperties" ? ` (${(e.params as any).additionalProperty})` : "";
    out.push({ path: `${prefix}${e.instancePath}`, message: `${e.message ?? "is invalid"}${extra}` });
  }
  return dedupe(out);
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.path} ${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
