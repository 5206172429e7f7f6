// Step templates a person writes (issue 37 item 4, docs/campaigns.md "Templates"): Liquid
// (liquidjs) configured strictly. No file system (no include, render or layout: an empty in-memory
// template map, and those tags removed), a few tags (if, unless, case, comment), a short list of
// filters, and merge fields from one table (merge-fields.ts). Rendered as text: the email channel
// escapes the text into its HTML part (src/channels/render-html.ts), so nothing here escapes.
//
// A field the contact has no value for, with no `default`, renders as `[contact.title]`: a
// bracket, so the draft waits for a person to fill it (unfinished.ts), never goes out with a hole.
// `templateProblems` is the one check at save, for the API, the CLI and the demo's seeds
// (src/campaigns/validate-definition.ts); rendering never throws.
import { Drop, Liquid, type Template } from "liquidjs";
import {
  isMergeField,
  MERGE_FIELD_NAMES,
  type MergeField,
  type MergeSource,
  mergeValues,
} from "./merge-fields.ts";

export const TEMPLATE_TAGS = ["if", "unless", "case", "comment"] as const;
export const TEMPLATE_FILTERS = [
  "default",
  "capitalize",
  "upcase",
  "downcase",
  "strip",
  "truncate",
  "truncatewords",
  "append",
  "prepend",
] as const;
export const SUBJECT_TEMPLATE_MAX = 300;
export const BODY_TEMPLATE_MAX = 8000;

/** A field with no value: `default` sees nothing (null) and falls back; printed as is it is `[field]`. */
class MissingField extends Drop {
  constructor(readonly field: string) {
    super();
  }
  override valueOf() {
    return null;
  }
  override toString() {
    return "";
  }
}

function makeEngine(): Liquid {
  const engine = new Liquid({
    // an empty in-memory map: a lookup never reaches the file system
    templates: {},
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    parseLimit: BODY_TEMPLATE_MAX + SUBJECT_TEMPLATE_MAX,
    renderLimit: 1000,
    memoryLimit: 1_000_000,
    // every {{ }} ends here: a missing field becomes its bracket, anything else its text
    outputEscape: (v: unknown) =>
      v instanceof MissingField ? `[${v.field}]` : v === null || v === undefined ? "" : String(v),
  });
  for (const tag of Object.keys(engine.tags))
    if (!(TEMPLATE_TAGS as readonly string[]).includes(tag)) delete engine.tags[tag];
  for (const name of Object.keys(engine.filters)) {
    if (!(TEMPLATE_FILTERS as readonly string[]).includes(name)) {
      engine.unregisterFilter(name);
      continue;
    }
    if (name === "default") continue;
    // a missing field stays missing through the other filters (`| capitalize` keeps its bracket)
    const impl = engine.filters[name];
    const handler = typeof impl === "function" ? impl : impl.handler;
    engine.registerFilter(name, function (this: unknown, v: unknown, ...args: unknown[]) {
      return v instanceof MissingField ? v : handler.call(this as never, v, ...args);
    });
  }
  return engine;
}

const engine = makeEngine();

/** Parsed templates by source: the engine renders the same few templates for every enrollment. */
const parsed = new Map<string, Template[]>();
function parse(source: string): Template[] {
  const hit = parsed.get(source);
  if (hit) return hit;
  const t = engine.parse(source);
  if (parsed.size >= 500) parsed.delete(parsed.keys().next().value as string);
  parsed.set(source, t);
  return t;
}

type Segments = ReturnType<Liquid["globalVariableSegmentsSync"]>;
const shown = (segments: Segments[number]): string =>
  segments.map((s) => (Array.isArray(s) ? `[${shown(s)}]` : String(s))).join(".");

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length];
}

function unknownField(name: string, where: string): string {
  const object = name.split(".")[0];
  const same = MERGE_FIELD_NAMES.filter((f) => f.startsWith(`${object}.`));
  const known = same.length ? same : MERGE_FIELD_NAMES;
  const near = MERGE_FIELD_NAMES.map((f) => [f, distance(name, f)] as const).sort((x, y) => x[1] - y[1])[0];
  const hint = near && near[1] <= 3 ? ` (did you mean {{${near[0]}}}?)` : "";
  return `${where}: {{${name}}} is not a merge field${hint}; known: ${known.join(", ")}`;
}

/** What Liquid said, for people: no stack, no file name, line and column kept. */
function parseMessage(e: unknown, where: string): string {
  const m = e instanceof Error ? e.message : String(e);
  const filter = /undefined filter: ([\w-]+)/.exec(m);
  if (filter) return `${where}: the filter '${filter[1]}' is not allowed; use ${TEMPLATE_FILTERS.join(", ")}`;
  const tag = /tag "([^"]+)" not found/.exec(m);
  if (tag)
    return `${where}: {% ${tag[1]} %} is not allowed; use ${TEMPLATE_TAGS.map((t) => `{% ${t} %}`).join(", ")}`;
  const at = /, line:(\d+), col:(\d+)/.exec(m);
  const text = m.replace(/, line:\d+, col:\d+[\s\S]*$/, "").split("\n")[0];
  return `${where}: the template does not parse: ${text}${at ? ` (line ${at[1]}, column ${at[2]})` : ""}`;
}

/**
 * Why a template cannot be saved, each message naming `where` ("step 2 body"): it does not parse,
 * uses a tag or filter outside the lists, or names something that is not a merge field.
 */
export function templateProblems(source: string, where: string, max = BODY_TEMPLATE_MAX): string[] {
  if (source.length > max) return [`${where}: ${source.length} characters; at most ${max}`];
  let tpl: Template[];
  try {
    tpl = parse(source);
  } catch (e) {
    return [parseMessage(e, where)];
  }
  const names = [...new Set(engine.globalVariableSegmentsSync(tpl).map(shown))];
  return names.filter((n) => !isMergeField(n)).map((n) => unknownField(n, where));
}

export interface Rendered {
  text: string;
  /** fields with no value and no fallback, shown in the text as [field] */
  missing: MergeField[];
  /** the template could not be rendered (it did not pass templateProblems); the text says so */
  failed: boolean;
}

function scope(source: MergeSource) {
  const values = mergeValues(source);
  const out: Record<string, Record<string, string | MissingField>> = {};
  for (const f of MERGE_FIELD_NAMES) {
    const [object, field] = f.split(".");
    out[object] ??= {};
    out[object][field] = values[f] ?? new MissingField(f);
  }
  return out;
}

/** Renders a template as text; never throws. `subject`: one line, spaces collapsed. */
export function renderTemplate(
  source: string,
  from: MergeSource,
  opts: { subject?: boolean } = {},
): Rendered {
  let text: string;
  try {
    text = String(engine.renderSync(parse(source), scope(from)));
  } catch (e) {
    const m = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return { text: `[this template could not be rendered: ${m}]`, missing: [], failed: true };
  }
  text = opts.subject
    ? text.replace(/\s+/g, " ").trim()
    : text
        .replace(/\r\n?/g, "\n")
        .replace(/[ \t]+$/gm, "")
        .replace(/\n{3,}/g, "\n\n")
        .trim();
  const missing = MERGE_FIELD_NAMES.filter((f) => text.includes(`[${f}]`));
  return { text, missing, failed: false };
}
