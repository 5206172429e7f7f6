// One paging style for every list, over HTTP and MCP (issue 58): a page is `{items, next_cursor}`,
// and the next page is asked for with `cursor` = that next_cursor, unchanged. A cursor is the
// last item's sort key (keyset paging, so a page costs the same however deep it is and rows
// written meanwhile are neither skipped nor repeated), wrapped so that clients cannot read or
// build it: base64url of the list's name and key, then a check over the list, the tenant and the
// key. A cursor that was altered, made up, or taken from another list or another tenant is refused
// with VALIDATION_FAILED (400) before any SQL runs; it can never select rows outside the caller's
// tenant, which every list filters on anyway.
//
// The check is a digest, not a signature: it needs no key threaded through every list, and a
// forger who recomputes it gains nothing but a position inside his own tenant's list, since every
// part of the key is validated by shape and then bound as a parameter.
import { createHash } from "node:crypto";
import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from "kysely";
import { BatonError } from "../errors/baton-error.ts";
import { isUuid } from "./is-uuid.ts";

/** What one part of a sort key is: checked by shape when a cursor is read back. */
export type KeyPart = "uuid" | "time" | "int" | "text";
type PartValue<P extends KeyPart> = P extends "int" ? number : string;
export type KeyValues<P extends readonly KeyPart[]> = { [K in keyof P]: PartValue<P[K]> };

/** The longest cursor any list hands out: keys are at most a few ids, times and short texts. */
export const CURSOR_MAX_LENGTH = 400;

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * A timestamptz column as the text a "time" key part holds: UTC with its microseconds, which a
 * JavaScript Date (milliseconds) would lose, so that the keyset neither skips nor repeats rows.
 * Select it beside the row (`cursorTime("e.enrolled_at").as("cursor_at")`).
 */
export function cursorTime(column: string) {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

function check(list: string, tenant: string, body: string): string {
  return createHash("sha256")
    .update(`baton.page-cursor\0${list}\0${tenant}\0${body}`)
    .digest("base64url")
    .slice(0, 22);
}

function refuse(): never {
  throw new BatonError("VALIDATION_FAILED", {
    errors: [
      { path: "cursor", message: "is not a next_cursor this list returned; omit it for the first page" },
    ],
  });
}

/** The cursor after an item whose sort key is `key`, in list `list` of tenant `tenant`. */
export function encodePageCursor(list: string, tenant: string, key: readonly (string | number)[]): string {
  const body = Buffer.from(JSON.stringify(key)).toString("base64url");
  return `${body}.${check(list, tenant, body)}`;
}

function part(kind: KeyPart, value: unknown): string | number {
  if (kind === "int") {
    if (typeof value !== "number" || !Number.isSafeInteger(value)) refuse();
    return value;
  }
  if (typeof value !== "string") refuse();
  if (kind === "uuid") return isUuid(value) ? value : refuse();
  // kept as written (microseconds): a Date would round it to milliseconds and skip rows
  if (kind === "time") return TIME.test(value) && !Number.isNaN(Date.parse(value)) ? value : refuse();
  return value.length <= 200 ? value : refuse();
}

/** The sort key a cursor of list `list` carries, checked against its tenant and the key's shape. */
export function decodePageCursor<const P extends readonly KeyPart[]>(
  list: string,
  tenant: string,
  cursor: string,
  parts: P,
): KeyValues<P> {
  const [body, tag, ...rest] = cursor.length <= CURSOR_MAX_LENGTH ? cursor.split(".") : [];
  if (!body || !tag || rest.length > 0 || tag !== check(list, tenant, body)) refuse();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    refuse();
  }
  if (!Array.isArray(key) || key.length !== parts.length) refuse();
  return parts.map((kind, i) => part(kind, key[i])) as KeyValues<P>;
}

/**
 * The page out of `rows` fetched with `limit + 1`: the first `limit` items, and a next_cursor only
 * when there was one more row (so the last page says null, and no page is cut silently).
 */
export function takePage<T>(
  rows: T[],
  limit: number,
  cursorOf: (last: T) => string,
): { items: T[]; next_cursor: string | null } {
  if (rows.length <= limit) return { items: rows, next_cursor: null };
  const items = rows.slice(0, limit);
  return { items, next_cursor: cursorOf(items[items.length - 1]) };
}

/**
 * The keyset condition "after this key" for a list ordered by `columns` all in one direction:
 * a row-value comparison, `(a, b) < ($1, $2)` newest first, `>` oldest first, so that the index
 * on the same columns serves it.
 */
export function afterKey(
  columns: readonly string[],
  direction: "asc" | "desc",
  values: readonly (string | number)[],
): Expression<SqlBool> {
  const refs = sql.join(columns.map((c) => sql.ref(c)));
  const vals = sql.join(values.map((v) => sql`${v}`));
  return direction === "desc" ? sql<SqlBool>`(${refs}) < (${vals})` : sql<SqlBool>`(${refs}) > (${vals})`;
}

/** One page of a list: the items and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** What a caller asks of a list: how many per page and where to go on from. */
export interface PageArgs {
  limit?: number;
  cursor?: string;
}

/** The page size: the caller's limit within 1..500 (the schemas' bounds), else the list's default. */
export function pageSize(limit: number | undefined, fallback = 50): number {
  return Math.min(Math.max(Math.trunc(limit ?? fallback), 1), 500);
}

/** A column of a list's sort key and what it holds. */
export interface KeyColumn {
  column: string;
  kind: KeyPart;
}

/**
 * One page of `q` by keyset, the whole recipe in one place: ordered by `key` (all one direction),
 * after the cursor when one is given, `limit + 1` rows fetched so that next_cursor is null exactly
 * on the last page. The key is selected beside the row (a time with its microseconds) and left out
 * of the items.
 */
export async function keysetPage<O>(
  q: SelectQueryBuilder<any, any, O>,
  spec: { list: string; tenant: string; key: readonly KeyColumn[]; direction: "asc" | "desc" },
  args: PageArgs,
  fallback = 50,
): Promise<Page<O>> {
  const limit = pageSize(args.limit, fallback);
  const alias = (i: number) => `page_key_${i}`;
  let query = q as SelectQueryBuilder<any, any, any>;
  spec.key.forEach(({ column, kind }, i) => {
    const value = kind === "time" ? cursorTime(column) : sql.ref(column);
    query = query.select(value.as(alias(i))).orderBy(column, spec.direction);
  });
  if (args.cursor) {
    const kinds = spec.key.map((k) => k.kind);
    const after = decodePageCursor(spec.list, spec.tenant, args.cursor, kinds);
    query = query.where(
      afterKey(
        spec.key.map((k) => k.column),
        spec.direction,
        after,
      ),
    );
  }
  const rows: Record<string, unknown>[] = await query.limit(limit + 1).execute();
  const page = takePage(rows, limit, (r) =>
    encodePageCursor(
      spec.list,
      spec.tenant,
      spec.key.map(({ kind }, i) => (kind === "int" ? Number(r[alias(i)]) : String(r[alias(i)]))),
    ),
  );
  const items = page.items.map((r) => {
    const item = { ...r };
    for (let i = 0; i < spec.key.length; i++) delete item[alias(i)];
    return item as O;
  });
  return { items, next_cursor: page.next_cursor };
}

/** The most common sort key: a time, then the row's uuid to break its ties. */
export function byTimeAndId(time: string, id: string): readonly KeyColumn[] {
  return [
    { column: time, kind: "time" },
    { column: id, kind: "uuid" },
  ];
}
