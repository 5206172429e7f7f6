// The part of SOQL the Salesforce stand-in answers, read as Salesforce documents it (SOQL and SOSL
// Reference: "SELECT", "Comparison Operators", "Quoted String Escape Sequences", "Date Formats"):
//   SELECT f, … FROM Object [WHERE cond] [ORDER BY f [ASC|DESC], …] [LIMIT n]
//   cond: comparisons (= != < <= > >=, and IN ('a', 'b', …)) joined by AND / OR / NOT and
//   parentheses; a field of type anyType (a history row's OldValue, NewValue) in a WHERE clause is
//   INVALID_FIELD "can not be filtered", as Salesforce answers; values are
//   'quoted strings' (backslash escapes \' \" \\ \n \r \t \b \f \_ \%; any other escape or an
//   unterminated quote is MALFORMED_QUERY), dateTime literals YYYY-MM-DDThh:mm:ss(Z|±hh:mm)
//   unquoted, numbers, true / false / null.
// A query that is not this shape is refused as Salesforce refuses it (MALFORMED_QUERY), so a client
// that pastes hostile input into a query unescaped fails here too.

export class SoqlError extends Error {
  constructor(
    readonly errorCode: "MALFORMED_QUERY" | "INVALID_FIELD" | "INVALID_TYPE",
    message: string,
  ) {
    super(message);
  }
}

type Token = { kind: "word" | "string" | "punct"; text: string };
type Value = string | number | boolean | null | Date;
type Cond =
  | { op: "and" | "or"; left: Cond; right: Cond }
  | { op: "not"; inner: Cond }
  | { op: "cmp"; field: string; cmp: string; value: Value }
  | { op: "in"; field: string; values: Value[] };

export interface SoqlQuery {
  fields: string[];
  object: string;
  where: Cond | null;
  orderBy: Array<{ field: string; desc: boolean }>;
  limit: number | null;
}

const ESCAPES: Record<string, string> = {
  "'": "'",
  '"': '"',
  "\\": "\\",
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  _: "\\_",
  "%": "\\%",
};
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const ch = q[i] as string;
    if (/\s/.test(ch)) i++;
    else if (ch === "'") {
      let s = "";
      i++;
      for (;;) {
        if (i >= q.length) throw new SoqlError("MALFORMED_QUERY", "unexpected token: unterminated string");
        const c = q[i] as string;
        if (c === "'") break;
        if (c === "\\") {
          const e = ESCAPES[q[i + 1] ?? ""];
          if (e === undefined)
            throw new SoqlError("MALFORMED_QUERY", `invalid escape sequence \\${q[i + 1]}`);
          s += e;
          i += 2;
        } else {
          s += c;
          i++;
        }
      }
      i++;
      out.push({ kind: "string", text: s });
    } else if ("(),".includes(ch)) {
      out.push({ kind: "punct", text: ch });
      i++;
    } else if ("=!<>".includes(ch)) {
      const two = q.slice(i, i + 2);
      const op = ["!=", "<=", ">=", "<>"].includes(two) ? two : ch;
      if (op === "!") throw new SoqlError("MALFORMED_QUERY", "unexpected token: '!'");
      out.push({ kind: "punct", text: op });
      i += op.length;
    } else {
      const m = /^[A-Za-z0-9_.:+-]+/.exec(q.slice(i));
      if (!m) throw new SoqlError("MALFORMED_QUERY", `unexpected token: '${ch}'`);
      out.push({ kind: "word", text: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

export function parseSoql(q: string): SoqlQuery {
  const t = tokenize(q);
  let p = 0;
  const peek = () => t[p];
  const isWord = (w: string) => peek()?.kind === "word" && peek()?.text.toUpperCase() === w;
  const expectWord = (w: string) => {
    if (!isWord(w))
      throw new SoqlError("MALFORMED_QUERY", `expecting '${w}', found '${peek()?.text ?? "EOF"}'`);
    p++;
  };
  const ident = () => {
    const tok = t[p++];
    if (tok?.kind !== "word" || !/^[A-Za-z][A-Za-z0-9_]*$/.test(tok.text))
      throw new SoqlError("MALFORMED_QUERY", `unexpected token: '${tok?.text ?? "EOF"}'`);
    return tok.text;
  };
  const value = (): Value => {
    const tok = t[p++];
    if (!tok) throw new SoqlError("MALFORMED_QUERY", "unexpected end of query");
    if (tok.kind === "string") return tok.text;
    if (tok.kind !== "word") throw new SoqlError("MALFORMED_QUERY", `unexpected token: '${tok.text}'`);
    const w = tok.text.toLowerCase();
    if (w === "true" || w === "false") return w === "true";
    if (w === "null") return null;
    if (DATETIME.test(tok.text)) return new Date(tok.text);
    if (/^-?\d+(\.\d+)?$/.test(tok.text)) return Number(tok.text);
    throw new SoqlError("MALFORMED_QUERY", `unexpected token: '${tok.text}'`);
  };
  const factor = (): Cond => {
    if (isWord("NOT")) {
      p++;
      return { op: "not", inner: factor() };
    }
    if (peek()?.text === "(" && peek()?.kind === "punct") {
      p++;
      const c = orExpr();
      if (t[p++]?.text !== ")") throw new SoqlError("MALFORMED_QUERY", "expecting ')'");
      return c;
    }
    const field = ident();
    if (isWord("IN")) {
      p++;
      if (t[p++]?.text !== "(") throw new SoqlError("MALFORMED_QUERY", "expecting '('");
      const values = [value()];
      while (t[p]?.text === ",") {
        p++;
        values.push(value());
      }
      if (t[p++]?.text !== ")") throw new SoqlError("MALFORMED_QUERY", "expecting ')'");
      return { op: "in", field, values };
    }
    const cmp = t[p++];
    if (cmp?.kind !== "punct" || !["=", "!=", "<>", "<", "<=", ">", ">="].includes(cmp.text))
      throw new SoqlError("MALFORMED_QUERY", `unexpected token: '${cmp?.text ?? "EOF"}'`);
    return { op: "cmp", field, cmp: cmp.text === "<>" ? "!=" : cmp.text, value: value() };
  };
  const andExpr = (): Cond => {
    let left = factor();
    while (isWord("AND")) {
      p++;
      left = { op: "and", left, right: factor() };
    }
    return left;
  };
  const orExpr = (): Cond => {
    let left = andExpr();
    while (isWord("OR")) {
      p++;
      left = { op: "or", left, right: andExpr() };
    }
    return left;
  };

  expectWord("SELECT");
  const fields = [ident()];
  while (peek()?.text === ",") {
    p++;
    fields.push(ident());
  }
  expectWord("FROM");
  const object = ident();
  let where: Cond | null = null;
  if (isWord("WHERE")) {
    p++;
    where = orExpr();
  }
  const orderBy: SoqlQuery["orderBy"] = [];
  if (isWord("ORDER")) {
    p++;
    expectWord("BY");
    do {
      if (peek()?.text === ",") p++;
      const field = ident();
      let desc = false;
      if (isWord("ASC") || isWord("DESC")) desc = t[p++]?.text.toUpperCase() === "DESC";
      orderBy.push({ field, desc });
    } while (peek()?.text === ",");
  }
  let limit: number | null = null;
  if (isWord("LIMIT")) {
    p++;
    const n = value();
    if (typeof n !== "number") throw new SoqlError("MALFORMED_QUERY", "LIMIT takes a number");
    limit = n;
  }
  if (p < t.length) throw new SoqlError("MALFORMED_QUERY", `unexpected token: '${t[p]?.text}'`);
  return { fields, object, where, orderBy, limit };
}

function compare(a: unknown, b: Value): number {
  if (b instanceof Date) return new Date(String(a)).getTime() - b.getTime();
  if (typeof b === "number") return Number(a) - b;
  const x = String(a ?? "");
  const y = String(b ?? "");
  return x < y ? -1 : x > y ? 1 : 0;
}

function matches(c: Cond, rec: Record<string, unknown>, known: Set<string>): boolean {
  if (c.op === "not") return !matches(c.inner, rec, known);
  if (c.op === "in") {
    if (!known.has(c.field)) throw new SoqlError("INVALID_FIELD", `No such column '${c.field}'`);
    return c.values.some((v) => compare(rec[c.field] ?? null, v) === 0 && rec[c.field] != null);
  }
  if (c.op !== "cmp")
    return c.op === "and"
      ? matches(c.left, rec, known) && matches(c.right, rec, known)
      : matches(c.left, rec, known) || matches(c.right, rec, known);
  if (!known.has(c.field)) throw new SoqlError("INVALID_FIELD", `No such column '${c.field}'`);
  const v = rec[c.field] ?? null;
  if (c.value === null || typeof c.value === "boolean") {
    const eq = v === c.value || (c.value === false && v === null);
    if (c.cmp === "=") return eq;
    if (c.cmp === "!=") return !eq;
    throw new SoqlError("MALFORMED_QUERY", `operator ${c.cmp} takes no boolean or null`);
  }
  if (v === null) return c.cmp === "!=";
  const d = compare(v, c.value);
  const results: Record<string, boolean> = {
    "=": d === 0,
    "!=": d !== 0,
    "<": d < 0,
    "<=": d <= 0,
    ">": d > 0,
    ">=": d >= 0,
  };
  return results[c.cmp] ?? false;
}

/** The records a parsed query selects, ordered and limited, each with only the selected fields. */
export function runSoql(
  q: SoqlQuery,
  records: Array<Record<string, unknown>>,
  knownFields: Set<string>,
  unfilterable: Set<string> = new Set(),
): Array<Record<string, unknown>> {
  for (const f of [...q.fields, ...q.orderBy.map((o) => o.field)])
    if (!knownFields.has(f))
      throw new SoqlError("INVALID_FIELD", `No such column '${f}' on entity '${q.object}'`);
  for (const f of q.where ? fieldsOf(q.where) : [])
    if (unfilterable.has(f))
      throw new SoqlError("INVALID_FIELD", `field '${f}' can not be filtered in a query call`);
  const hit = records.filter((r) => (q.where ? matches(q.where, r, knownFields) : true));
  hit.sort((a, b) => {
    for (const o of q.orderBy) {
      const d = compare(a[o.field], (b[o.field] ?? null) as Value);
      if (d !== 0) return o.desc ? -d : d;
    }
    return 0;
  });
  const limited = q.limit === null ? hit : hit.slice(0, q.limit);
  return limited.map((r) => Object.fromEntries(q.fields.map((f) => [f, r[f] ?? null])));
}

function fieldsOf(c: Cond): string[] {
  switch (c.op) {
    case "not":
      return fieldsOf(c.inner);
    case "and":
    case "or":
      return [...fieldsOf(c.left), ...fieldsOf(c.right)];
    default:
      return [c.field];
  }
}
