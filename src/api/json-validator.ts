// The one way Baton builds a JSON Schema validator (HTTP bodies, query strings, MCP tool input):
// Ajv with formats (email, uuid, date-time ...), every error reported, defaults applied.
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

/**
 * Every integer a schema leaves unbounded is bounded to what the database and JavaScript hold
 * exactly (issue 36 item 10: `before_id=1e20` passed `minimum: 1` and failed in PostgreSQL as a
 * 500). A schema's own bounds win. Returns a copy; the route's schema is left as it was.
 */
export function boundIntegers<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((s) => boundIntegers(s)) as T;
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(schema))
    out[key] = boundIntegers((schema as Record<string | symbol, unknown>)[key]);
  const type = out.type;
  if (type === "integer" || (Array.isArray(type) && type.includes("integer"))) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined)
      out.maximum = Number.MAX_SAFE_INTEGER;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined)
      out.minimum = Number.MIN_SAFE_INTEGER;
  }
  return out as T;
}

/** coerceTypes: only for text inputs (query strings, path parameters); never for JSON bodies. */
export function jsonValidator(coerceTypes: false | "array" = false): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
  });
  // ajv-formats' CommonJS default export is typed as a module namespace
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  // every schema this Ajv compiles or holds gets the integer bounds above
  const compile = ajv.compile.bind(ajv);
  const addSchema = ajv.addSchema.bind(ajv);
  ajv.compile = ((schema: object, meta?: boolean) => compile(boundIntegers(schema), meta)) as Ajv["compile"];
  ajv.addSchema = ((schema: object, key?: string, meta?: boolean, validate?: boolean) =>
    addSchema(boundIntegers(schema), key, meta, validate)) as Ajv["addSchema"];
  return ajv;
}
