// The HTML alternative of a plain-text email (issue 12: "plain-text and HTML alternatives"). The
// drafter writes text; the HTML part is that text, every character escaped, paragraphs on blank
// lines and line breaks kept. No links are made and no markup passes through, so nothing a draft
// contains can become HTML. The unsubscribe link stays in the List-Unsubscribe headers (RFC 8058).

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** `footer`: markup Baton itself adds after the text (the compliance footer, already escaped). */
export function renderHtml(text: string, footer = ""): string {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) => `<p>${p.split("\n").map(escapeHtml).join("<br>\n")}</p>`);
  return `<!doctype html>
<html><head><meta charset="utf-8"></head>
<body style="font-family: sans-serif; font-size: 14px; line-height: 1.4;">
${paragraphs.join("\n")}${footer ? `\n${footer}` : ""}
</body></html>
`;
}
