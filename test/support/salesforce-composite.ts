// The Salesforce stand-in's /composite resource (REST API Developer Guide, "Composite" and
// "Composite Subrequest Result"): up to 25 subrequests run in order; a later one names an earlier
// one's answer as @{referenceId.field} in its url or body; the top-level answer is always 200 with
// one {body, httpHeaders, httpStatusCode, referenceId} per subrequest. With allOrNone: true, one
// failed subrequest rolls the whole request back: it answers its own error, every other one
// 400 PROCESSING_HALTED (those run before it included: their work is undone).
import { SfError, type SfStore } from "./salesforce-store.ts";

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

type Dispatch = (
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string>,
) => [number, unknown];

const HALTED = "The transaction was rolled back since another operation in the same transaction failed.";

function resolve(value: unknown, answers: Map<string, unknown>): unknown {
  if (typeof value === "string")
    return value.replace(/@\{([A-Za-z0-9_]+)\.([A-Za-z0-9_.]+)\}/g, (_all, ref: string, path: string) => {
      if (!answers.has(ref))
        throw new SfError(
          400,
          "INVALID_FIELD",
          `Invalid reference specified. No value for ${ref}.${path} found`,
        );
      let v: any = answers.get(ref);
      for (const k of path.split(".")) v = v?.[k];
      if (v === undefined || v === null)
        throw new SfError(
          400,
          "INVALID_FIELD",
          `Invalid reference specified. No value for ${ref}.${path} found`,
        );
      return String(v);
    });
  if (Array.isArray(value)) return value.map((v) => resolve(v, answers));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, answers)]));
  return value;
}

export function runComposite(store: SfStore, body: any, dispatch: Dispatch): [number, unknown] {
  const subs = body?.compositeRequest as Subrequest[] | undefined;
  if (!Array.isArray(subs) || subs.length === 0)
    throw new SfError(400, "JSON_PARSER_ERROR", "compositeRequest is required");
  if (subs.length > 25) throw new SfError(400, "LIMIT_EXCEEDED", "Maximum of 25 subrequests allowed");
  const refs = new Set<string>();
  for (const s of subs) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(s.referenceId ?? "") || refs.has(s.referenceId))
      throw new SfError(400, "INVALID_INPUT", `Invalid or duplicate referenceId: ${s.referenceId}`);
    refs.add(s.referenceId);
  }
  const allOrNone = body.allOrNone === true;
  const before = store.snapshot();
  const answers = new Map<string, unknown>();
  const results: Array<{ body: unknown; httpHeaders: object; httpStatusCode: number; referenceId: string }> =
    [];
  let failed = -1;
  for (const [i, s] of subs.entries()) {
    if (failed >= 0 && allOrNone) {
      results.push({
        body: [{ errorCode: "PROCESSING_HALTED", message: HALTED }],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: s.referenceId,
      });
      continue;
    }
    try {
      const [status, out] = dispatch(
        s.method,
        String(resolve(s.url, answers)),
        resolve(s.body ?? null, answers),
        s.httpHeaders ?? {},
      );
      answers.set(s.referenceId, out);
      results.push({ body: out, httpHeaders: {}, httpStatusCode: status, referenceId: s.referenceId });
    } catch (e) {
      if (!(e instanceof SfError)) throw e;
      failed = i;
      results.push({ body: e.body(), httpHeaders: {}, httpStatusCode: e.status, referenceId: s.referenceId });
    }
  }
  if (failed >= 0 && allOrNone) {
    store.restore(before);
    for (const [i, r] of results.entries())
      if (i < failed)
        Object.assign(r, {
          body: [{ errorCode: "PROCESSING_HALTED", message: HALTED }],
          httpStatusCode: 400,
        });
  }
  return [200, { compositeResponse: results }];
}
