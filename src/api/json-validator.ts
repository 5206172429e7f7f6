// The one way Baton builds a JSON Schema validator (HTTP bodies, query strings, MCP tool input):
// Ajv with formats (email, uuid, date-time ...), every error reported, defaults applied.
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

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
  return ajv;
}
