export function fmtTime(v: string | null | undefined): string {
  if (!v) return "—";
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function fmtDate(v: string | null | undefined): string {
  if (!v) return "—";
  return String(v).slice(0, 10);
}

const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], { type: "language" });

/**
 * A reply's language as a person reads it ("de" → "German"); a reply too short to tell (no language
 * detected, stored as null or "und") says so rather than "unknown".
 */
export function languageName(code: string | null | undefined): string {
  if (!code || code === "und") return "not detected";
  try {
    return LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

export function label(v: string | null | undefined): string {
  return v ? v.replace(/_/g, " ") : "—";
}

// the coordinator's suppressed reasons whose words alone say too little (the others read as label())
const REASON_WORDS: Record<string, string> = {
  // issue 61: held by the touches to all the account's people, not by this prospect's own
  account_cap_exceeded: "account's weekly cap reached (all its people)",
};

/** A gate's suppressed reason in words, e.g. "touch cap exceeded". */
export function reasonLabel(v: string | null | undefined): string {
  return (v && REASON_WORDS[v]) || label(v);
}
