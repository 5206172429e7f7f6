// The one way Baton builds a JSON Schema validator (HTTP bodies, query strings, MCP tool input):
// Ajv with formats (email, uuid, date-time ...), every error reported, defaults applied.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { pooled } from "./process-pool.ts";

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

/**
 * coerceTypes: only for text inputs (query strings, path parameters); never for JSON bodies.
 * allErrors false: stop at the first error (firstThenAll below).
 */
export function jsonValidator(coerceTypes: false | "array" = false, allErrors = true): Ajv {
  const ajv = new Ajv({
    allErrors,
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

/** A refusal lists at most this many errors, each path and message cut to MAX_ERROR_TEXT characters. */
export const MAX_REPORTED_ERRORS = 20;
export const MAX_ERROR_TEXT = 200;
/** Inputs with more values than this are refused on their first error, without the full list. */
const FULL_REPORT_VALUES = 10_000;

/** True when a parsed input holds at most `budget` values (stops counting past it). */
export function holdsAtMost(data: unknown, budget: number): boolean {
  let left = budget;
  const walk = (v: unknown): boolean => {
    if (--left < 0) return false;
    if (!v || typeof v !== "object") return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (!walk(x)) return false;
    return true;
  };
  return walk(data);
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * Validation that costs one error on the common paths (issue 36 item 9: a 3.4 MB array of invalid
 * items made one error per item, a 94 MB reply and a 1 GB process): `first` stops at the first
 * error; only a failed input of modest size is validated again by `all` (compiled on first need)
 * for the complete list, which the error handler still cuts to MAX_REPORTED_ERRORS.
 */
export function firstThenAll(first: ValidateFunction, all: () => ValidateFunction): Validate {
  let full: ValidateFunction | undefined;
  const validate: Validate = (data: unknown) => {
    if (first(data)) {
      validate.errors = null;
      return true;
    }
    validate.errors = first.errors;
    if (holdsAtMost(data, FULL_REPORT_VALUES)) {
      full ??= all();
      if (!full(data)) validate.errors = full.errors;
    }
    return false;
  };
  return validate;
}

type Pair = { first: Ajv; all: Ajv };

/**
 * The HTTP validators, compiled once per process for one set of shared schemas (build-app.ts): JSON
 * bodies as sent, text (query strings, path parameters) coerced. A compiled validator depends only
 * on its schema and the shared schemas, so the apps a process builds share them (a test worker
 * builds hundreds; each compiled its routes again). Keyed by the route's schema object.
 */
export interface ValidatorPool {
  compile(schema: object, body: boolean): Validate;
}

const validatorPools = new Map<string, ValidatorPool>();

export function validatorPool(shared: Record<string, unknown>): ValidatorPool {
  return pooled(validatorPools, JSON.stringify(shared), () => {
    // Each first stops at the first error; the full list is computed only for a modest input
    // (firstThenAll).
    const coercing: Pair = { first: jsonValidator("array", false), all: jsonValidator("array") };
    const strict: Pair = { first: jsonValidator(false, false), all: jsonValidator(false) };
    for (const s of Object.values(shared))
      for (const ajv of [coercing.first, coercing.all, strict.first, strict.all]) ajv.addSchema(s as object);
    const compiled = { body: new WeakMap<object, Validate>(), text: new WeakMap<object, Validate>() };
    return {
      compile(schema, body) {
        const cache = body ? compiled.body : compiled.text;
        let v = cache.get(schema);
        if (!v) {
          const ajv = body ? strict : coercing;
          v = firstThenAll(ajv.first.compile(schema), () => ajv.all.compile(schema));
          cache.set(schema, v);
        }
        return v;
      },
    };
  });
}
