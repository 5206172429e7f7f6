// One Authentication-Results value (RFC 8601 §2.2) as the trust rule reads it: the authserv-id, and
// each method's result with its properties. Also the value of an ARC-Authentication-Results after
// its "i=N;" tag (RFC 8617 §4.1.1), which has the same syntax. Pure.

export interface AuthResult {
  method: string;
  result: string;
  /** ptype.property → value, e.g. "header.d" → "example.org" */
  props: Record<string, string>;
}

export interface AuthenticationResults {
  authservId: string;
  results: AuthResult[];
}

/** Removes RFC 5322 comments "(…)" (nested) outside quoted strings. */
export function stripComments(v: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (quoted) {
      out += ch;
      if (ch === "\\" && i + 1 < v.length) out += v[++i];
      else if (ch === '"') quoted = false;
    } else if (ch === '"' && depth === 0) {
      quoted = true;
      out += ch;
    } else if (ch === "(") depth++;
    else if (ch === ")" && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

const unquote = (s: string) => s.replace(/^"(.*)"$/, "$1");

/** One Authentication-Results value, or null when it has no authserv-id. */
export function parseAuthenticationResults(value: string): AuthenticationResults | null {
  const parts = stripComments(value).split(";");
  // authserv-id [ CFWS authres-version ]
  const authservId = parts[0]?.trim().split(/\s+/)[0]?.toLowerCase();
  if (!authservId) return null;
  const results: AuthResult[] = [];
  for (const part of parts.slice(1)) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    const head = tokens[0];
    if (!head || head.toLowerCase() === "none") continue;
    const eq = head.indexOf("=");
    if (eq <= 0) continue;
    const method = head.slice(0, eq).split("/")[0]!.toLowerCase();
    const result = unquote(head.slice(eq + 1)).toLowerCase();
    const props: Record<string, string> = {};
    for (const t of tokens.slice(1)) {
      const e = t.indexOf("=");
      if (e <= 0) continue;
      props[t.slice(0, e).toLowerCase()] = unquote(t.slice(e + 1));
    }
    results.push({ method, result, props });
  }
  return { authservId, results };
}
