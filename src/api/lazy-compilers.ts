// Route schemas compile on a route's first request, not at start. Compiling every response
// serializer (fast-json-stringify) and body/query validator (Ajv) of ~200 routes took about 1.7 s
// of CPU at each start (issue 10: start to serving below 3 s). The compiled function is kept, so
// each route pays once, a few milliseconds, on its first call.
import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";
import type { FastifyValidationResult } from "fastify/types/schema.js";
import { pooled } from "./process-pool.ts";

type Validate = FastifyValidationResult;

/** A validator that compiles on its first call; fastify reads `.errors` after a false result. */
export function lazyValidator(compile: () => Validate): Validate {
  let compiled: Validate | undefined;
  const validate: Validate = (data: unknown) => {
    compiled ??= compile();
    const result = compiled(data);
    validate.errors = compiled.errors;
    return result;
  };
  return validate;
}

type SerializerFactory = (
  externalSchemas: unknown,
  serializerOpts: unknown,
) => (route: unknown) => (data: unknown) => string;

/**
 * fastify's own serializer factory (fast-json-stringify with the shared schemas), compiled lazily,
 * and once per process for the same shared schemas: what a serializer writes depends only on its
 * schema, its status and content type, the shared schemas and the options. A process builds one app,
 * but a test worker builds hundreds, each of which compiled the same routes again (fast-json-stringify
 * and Ajv were 5.5% of the suite's test CPU, 2026-11-30). The route's schema object is the key:
 * every app of a process shares the route modules' schema objects.
 */
export const lazySerializerFactory: SerializerFactory = (externalSchemas, serializerOpts) => {
  const pool = serializerPool(externalSchemas, serializerOpts);
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data) => {
      serialize ??= pool.serializer(route);
      return serialize(data);
    };
  };
};

interface SerializerPool {
  serializer(route: unknown): (data: unknown) => string;
}

const serializerPools = new Map<string, SerializerPool>();

function serializerPool(externalSchemas: unknown, serializerOpts: unknown): SerializerPool {
  return pooled(serializerPools, JSON.stringify([externalSchemas, serializerOpts]), () => {
    const build = (SerializerSelector as unknown as () => SerializerFactory)()(
      externalSchemas,
      serializerOpts,
    );
    const bySchema = new WeakMap<object, Map<string, (data: unknown) => string>>();
    return {
      serializer(route) {
        const r = route as { schema?: unknown; httpStatus?: unknown; contentType?: unknown };
        if (!r.schema || typeof r.schema !== "object") return build(route);
        let compiled = bySchema.get(r.schema);
        if (!compiled) {
          compiled = new Map();
          bySchema.set(r.schema, compiled);
        }
        const k = `${String(r.httpStatus)} ${String(r.contentType)}`;
        let fn = compiled.get(k);
        if (!fn) {
          fn = build(route);
          compiled.set(k, fn);
        }
        return fn;
      },
    };
  });
}
