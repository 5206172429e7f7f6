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

export function label(v: string | null | undefined): string {
  return v ? v.replace(/_/g, " ") : "—";
}
