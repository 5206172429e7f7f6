// The workspace's live form validation, compiled at build time: Ajv's standalone code for the play
// documents the server validates (src/plays/play-documents.ts), served to the browser as the
// virtual module `virtual:play-validators`. Compiling in the browser needed `new Function`, so the
// Content-Security-Policy had to allow 'unsafe-eval'; precompiled, it allows no eval at all.
import { Ajv } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import type { Plugin } from "vite";
import { SuccessCriteria, SuggestedCadence, TargetDefinition } from "../../src/plays/play-documents.ts";

const ID = "virtual:play-validators";
const RESOLVED = `\0${ID}`;

// Ajv's standalone output requires two of its runtime helpers even in ESM mode; the browser
// bundle gets them as ES imports instead.
const RUNTIME: Record<string, string> = {
  'require("ajv/dist/runtime/equal").default': "__equal",
  'require("ajv/dist/runtime/ucs2length").default': "__ucs2length",
};
const PRELUDE = `import __equal from "fast-deep-equal";
function __ucs2length(str) {
  let length = 0, pos = 0, value;
  while (pos < str.length) {
    length++;
    value = str.charCodeAt(pos++);
    if (value >= 0xd800 && value <= 0xdbff && pos < str.length) {
      value = str.charCodeAt(pos);
      if ((value & 0xfc00) === 0xdc00) pos++;
    }
  }
  return length;
}
`;

/** The ESM source of the validators, exported under the documents' $id names. */
export function playValidatorsSource(): string {
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } });
  const schemas = [TargetDefinition, SuggestedCadence, SuccessCriteria];
  for (const s of schemas) ajv.addSchema(s);
  const ids = schemas.map((s) => (s as { $id?: string }).$id as string);
  const names = Object.fromEntries(ids.map((id) => [id, id]));
  type ToCode = (ajv: Ajv, refs: Record<string, string>) => string;
  const mod = standalone as unknown as { default?: ToCode } & ToCode;
  let code = (mod.default ?? mod)(ajv, names);
  for (const [from, to] of Object.entries(RUNTIME)) code = code.split(from).join(to);
  if (/\brequire\(/.test(code)) throw new Error("play validators: Ajv emitted a require() this plugin does not map");
  return PRELUDE + code;
}

export function playValidators(): Plugin {
  return {
    name: "baton-play-validators",
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? playValidatorsSource() : undefined),
  };
}
