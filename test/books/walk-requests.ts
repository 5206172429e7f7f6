// The walk's requests (walk-books.test.ts): each operation of the OpenAPI document (or an MCP tool's
// input schema) with its path, query and body filled in from its own schema, every id pointing at
// Tara's book: a field named for a prospect gets her prospect, one named for an enrollment her
// enrollment, and so on; what names nothing of a prospect gets a plain valid value.
import { randomUUID } from "node:crypto";
import type { BookIds } from "./walk-fixtures.ts";

type Schema = Record<string, any>;

export interface Operation {
  key: string;
  method: string;
  path: string;
  params: { name: string; in: string; required: boolean; schema: Schema }[];
  body: Schema | undefined;
}

let components: Record<string, Schema> = {};

export function operationsOf(doc: {
  paths: Record<string, Record<string, any>>;
  components?: any;
}): Operation[] {
  components = doc.components?.schemas ?? {};
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p: any) => ({
          name: p.name,
          in: p.in,
          required: !!p.required,
          schema: p.schema ?? {},
        })),
        body: op.requestBody?.content?.["application/json"]?.schema,
      });
    }
  }
  return out;
}

function resolve(s: Schema | undefined): Schema {
  let x = s ?? {};
  for (let i = 0; i < 10 && x.$ref; i++) x = components[String(x.$ref).split("/").pop()!] ?? {};
  return x;
}

/** The id of Tara's book an id-shaped name points at, in the context of the operation's path. */
function idFor(name: string, path: string, ids: BookIds): string | undefined {
  const n = name.toLowerCase();
  if (/contact/.test(n)) return ids.contact;
  if (/enrollment/.test(n)) return ids.enrollment;
  if (/send_item/.test(n)) return ids.sendItem;
  if (/task/.test(n)) return ids.task;
  if (/draft/.test(n)) return ids.draft;
  if (/reply/.test(n)) return ids.reply;
  if (/meeting/.test(n)) return ids.meeting;
  if (/handoff/.test(n)) return ids.handoff ?? undefined;
  if (/flag_id/.test(n)) return ids.flag;
  if (n === "id" || n === "ids") {
    if (path.includes("/flags")) return ids.flag;
    if (path.includes("/contacts")) return ids.contact;
    if (path.includes("/enrollments")) return ids.enrollment;
    if (path.includes("/rep-tasks")) return ids.task;
    if (path.includes("/drafts") && !path.includes("drafting")) return ids.draft;
    if (path.includes("/triage")) return ids.reply;
    if (path.includes("/meetings")) return ids.meeting;
    if (path.includes("/handoffs")) return ids.handoff ?? undefined;
  }
  return undefined;
}

/** The step editor's routes: they render a step of a campaign the caller may edit. */
const EDITOR_PATHS = /\/campaigns\/(preview-step|test-send)$/;

/** The editor's templates: the prospect's full name and email, what a leaked render would carry. */
const EDITOR_TEMPLATES: Record<string, string> = {
  subject_template: "For {{contact.full_name}}",
  body_template: "Dear {{contact.full_name}} ({{contact.email}}), a note for {{account.name}}.",
};

const PATH_VALUES: Record<string, (ids: BookIds) => string> = {
  slug: (ids) => ids.slug,
  step: () => "1",
  provider: () => "calendly",
  agentId: () => "AGT-301",
  accountId: (ids) => ids.account,
  segment: () => "commercial_mm",
};

function sample(schema: Schema | undefined, name: string, path: string, ids: BookIds, depth = 0): unknown {
  const s = resolve(schema);
  if (depth > 6) return undefined;
  const variants = s.anyOf ?? s.oneOf;
  if (variants) {
    const pick = variants.map(resolve).find((v: Schema) => v.type !== "null") ?? variants[0];
    return sample(pick, name, path, ids, depth + 1);
  }
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type;
  const id = idFor(name, path, ids);
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(s.required ?? []);
      for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) {
        // the step editor's routes: a campaign the walker's team may edit, and templates that name
        // the prospect they render for (so a render for another book's prospect names her)
        const editorField = (k === "slug" || EDITOR_TEMPLATES[k] !== undefined) && EDITOR_PATHS.test(path);
        if (!required.has(k) && !idFor(k, path, ids) && k !== "email" && !editorField) continue;
        const value = sample(v, k, path, ids, depth + 1);
        if (value !== undefined) out[k] = value;
      }
      return out;
    }
    case "array": {
      const item = sample(s.items, name.replace(/s$/, ""), path, ids, depth + 1);
      return item === undefined ? [] : Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => item);
    }
    case "integer":
    case "number":
      return s.minimum ?? s.exclusiveMinimum ?? 1;
    case "boolean":
      return true;
    case "string":
      if (id) return id;
      if (name === "email" || s.format === "email") return ids.email;
      if (EDITOR_TEMPLATES[name] !== undefined && EDITOR_PATHS.test(path)) return EDITOR_TEMPLATES[name];
      // the step editor's preview and test-send name a campaign the walker's team may edit
      if ((/campaign/.test(name) || name === "slug") && EDITOR_PATHS.test(path)) return ids.teamSlug;
      if (/campaign/.test(name) || name === "slug") return ids.slug;
      // a step's channel: email, the one a test send is for
      if (name === "channel") return "email";
      if (name === "segment") return PATH_VALUES.segment!(ids);
      // an aggregate's period (the cohort view): this quarter, which holds the demo's data
      if (name === "quarter")
        return `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
      if (s.format === "uuid") return randomUUID();
      if (s.format === "date-time") return new Date().toISOString();
      if (s.format === "uri") return "https://example.com/walk";
      return "w".repeat(Math.max(1, s.minLength ?? 1));
    default:
      return id ?? (s.properties ? sample({ ...s, type: "object" }, name, path, ids, depth + 1) : undefined);
  }
}

/** The request of one operation: its URL (path and query filled) and JSON body. */
export function requestFor(op: Operation, ids: BookIds): { url: string; body: unknown } {
  let url = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = PATH_VALUES[name]?.(ids) ?? idFor(name, op.path, ids) ?? randomUUID();
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const p of op.params.filter((x) => x.in === "query")) {
    const id = idFor(p.name, op.path, ids);
    const search = p.name === "q" || p.name === "search";
    if (!p.required && !id && !search) continue;
    // a search for the book's prospect by a word of her name: the answer must not find her
    const v = search ? ids.searchTerm : sample(p.schema, p.name, op.path, ids);
    if (v !== undefined) query.set(p.name, String(v));
  }
  if ([...query].length) url += `?${query}`;
  return { url, body: op.body ? sample(op.body, "", op.path, ids) : undefined };
}
