// The small HTML pages of the one-click unsubscribe link. No scripts, no external assets.

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, inner: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}
button{font:inherit;padding:.5rem 1.25rem;border:0;border-radius:.375rem;background:#1f4fd1;color:#fff;cursor:pointer}</style>
</head><body><h1>${esc(title)}</h1>${inner}</body></html>`;
}

export function confirmPage(token: string, maskedEmail: string | null, alreadyUnsubscribed: boolean): string {
  const who = maskedEmail ? ` for <strong>${esc(maskedEmail)}</strong>` : "";
  if (alreadyUnsubscribed) {
    return page("You are unsubscribed", `<p>You will not receive further emails from us${who}.</p>`);
  }
  return page(
    "Unsubscribe?",
    `<p>Stop all outreach emails${who}. Nothing changes until you press the button.</p>
<form method="post" action="/u/${esc(encodeURIComponent(token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>`,
  );
}

export function donePage(alreadyUnsubscribed: boolean): string {
  return page(
    "You are unsubscribed",
    alreadyUnsubscribed
      ? "<p>You were already unsubscribed. You will not receive further emails from us.</p>"
      : "<p>Done. You will not receive further emails from us.</p>",
  );
}

export function errorPage(title: string, message: string): string {
  return page(title, `<p>${esc(message)}</p>`);
}
