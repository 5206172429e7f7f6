// Route schemas compile on a route's first request, not at start. Compiling every response
// serializer (fast-json-stringify) and body/query validator (Ajv) of ~200 routes took about 1.7 s
// of CPU at each start (issue 10: start to serving below 3 s). The compiled function is kept, so
// each route pays once, a few milliseconds, on its first call.
import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";
import type { FastifyValidationResult } from "fastify/types/schema.js";

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

/** fastify's own serializer factory (fast-json-stringify with the shared schemas), compiled lazily. */
export const lazySerializerFactory: SerializerFactory = (externalSchemas, serializerOpts) => {
  const build = (SerializerSelector as unknown as () => SerializerFactory)()(externalSchemas, serializerOpts);
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data) => {
      serialize ??= build(route);
      return serialize(data);
    };
  };
};
