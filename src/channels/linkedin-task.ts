// LinkedIn has no sending API (spec 002 "Channels": LinkedIn steps become tasks for the rep;
// marking a task done records the touch). These helpers turn an approved LinkedIn draft into what
// the rep sees: where to go, what to paste, and what "done" means. Pure.

/** A LinkedIn profile URL in one canonical form, or null when it is not one. */
export function normalizeLinkedinUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim();
  if (/^urn:li:(person|member|fsd_profile):[A-Za-z0-9_-]+$/.test(s)) return s;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(s) ? s : `https://${s}`);
  } catch {
    return null;
  }
  if (!/(^|\.)linkedin\.com$/i.test(url.hostname)) return null;
  const m = /^\/(in|pub)\/([^/?#]+)\/?/i.exec(url.pathname);
  if (!m) return null;
  return `https://www.linkedin.com/in/${decodeURIComponent(m[2] as string).toLowerCase()}`;
}

export interface LinkedinTaskText {
  title: string;
  profileUrl: string | null;
  message: string;
  instructions: string;
}

/** What a rep's LinkedIn task says. The message is the approved draft, unchanged. */
export function linkedinTaskText(input: {
  contactName: string;
  linkedinUrl: string | null;
  campaignName: string;
  stepNumber: number;
  message: string;
}): LinkedinTaskText {
  const profileUrl = normalizeLinkedinUrl(input.linkedinUrl);
  const where = profileUrl
    ? `Open ${profileUrl}`
    : `Find ${input.contactName} on LinkedIn (no profile URL on record)`;
  return {
    title: `LinkedIn: message ${input.contactName} (${input.campaignName}, step ${input.stepNumber})`,
    profileUrl,
    message: input.message,
    instructions: `${where}, send the approved message below as written, then mark this task done: that records the touch. If you cannot send it, cancel the task instead.`,
  };
}
