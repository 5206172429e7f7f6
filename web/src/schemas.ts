// Live form validation against the JSON Schemas the API publishes (/docs/json components): the
// same documents the server validates, so the form and the API never disagree.
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

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
      const ajv = new Ajv({ allErrors: true, strict: false });
      (addFormats as unknown as (a: Ajv) => void)(ajv);
      const out: Record<string, ValidateFunction> = {};
      for (const [name, schema] of Object.entries<any>(json.components?.schemas ?? {})) {
        try {
          const { $id: _id, ...rest } = schema;
          out[name] = ajv.compile(rest);
        } catch {
          // a schema with references we do not resolve here is validated by the server only
        }
      }
      return out;
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
