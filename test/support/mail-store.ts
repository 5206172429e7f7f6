// The mailboxes behind the Google and Microsoft stand-ins (google-stand-in.ts, microsoft-stand-in.ts):
// each known user's messages as RFC 822 text, their labels (Gmail: INBOX, SENT, UNREAD) or folder
// (Graph: inbox, sentitems), threads, a change log (Gmail's historyId, Graph's delta tokens), and
// the counts the providers' sending limits are enforced on. MIME is read with mailparser.
//
// Threading, as the providers document it:
// - Gmail (users.messages resource, threadId): a sent message joins a thread only when the request
//   names the threadId, the References / In-Reply-To headers point into it (RFC 2822) and the
//   Subject matches; otherwise it starts a thread of its own. A received message joins the thread its
//   References / In-Reply-To name when the Subject matches (Re:/Fwd: prefixes aside).
// - Exchange (conversationId): a message joins the conversation its References / In-Reply-To name.
import { randomBytes } from "node:crypto";
import { simpleParser } from "mailparser";

export interface StandInMessage {
  id: string;
  threadId: string;
  /** RFC 822, as stored (after the provider's own rewrites: From, Message-ID) */
  raw: string;
  /** the Message-ID header as stored, with its angle brackets */
  messageId: string;
  /** Gmail: INBOX, SENT, UNREAD, TRASH…; Graph: one folder, 'inbox' | 'sentitems' | 'deleteditems', and UNREAD */
  labels: Set<string>;
  internalDate: number;
  /** Gmail historyId / Graph change sequence of this message's last change */
  changeSeq: number;
  subject: string;
  from: string;
  recipients: string[];
  references: string[];
}

export interface Mime {
  messageId?: string;
  from: string[];
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  inReplyTo?: string;
  references: string[];
}

const addresses = (a: any): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o: any) =>
    (o.value ?? []).flatMap((v: any) => (v.group ? addresses({ value: v.group }) : [v.address])),
  );

/** The headers the stand-ins act on; null when the text is not a message (no header block). */
export async function parseMime(raw: string): Promise<Mime | null> {
  if (!/^[!-9;-~]+:/.test(raw)) return null;
  const p = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const refs = p.references ? (Array.isArray(p.references) ? p.references : p.references.split(/\s+/)) : [];
  return {
    messageId: p.messageId,
    from: addresses(p.from),
    to: addresses(p.to),
    cc: addresses(p.cc),
    bcc: addresses(p.bcc),
    subject: p.subject ?? "",
    inReplyTo: p.inReplyTo,
    references: refs.filter(Boolean),
  };
}

const split = (raw: string) => {
  const m = /\r?\n\r?\n/.exec(raw);
  return m ? { head: raw.slice(0, m.index), sep: m[0], body: raw.slice(m.index + m[0].length) } : null;
};

/** The raw message with header `name` set to `value` (replacing every occurrence, folded lines too). */
export function setHeader(raw: string, name: string, value: string): string {
  const parts = split(raw) ?? { head: raw, sep: "\r\n\r\n", body: "" };
  const nl = parts.head.includes("\r\n") ? "\r\n" : "\n";
  const lines = parts.head.split(/\r?\n/);
  const out: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (skipping && /^[ \t]/.test(line)) continue;
    skipping = line.toLowerCase().startsWith(`${name.toLowerCase()}:`);
    if (!skipping) out.push(line);
  }
  out.unshift(`${name}: ${value}`);
  return out.join(nl) + parts.sep + parts.body;
}

/** Every value of one header, unfolded. */
export function headerValues(raw: string, name: string): string[] {
  const head = (split(raw)?.head ?? raw).replace(/\r?\n[ \t]+/g, " ");
  const re = new RegExp(`^${name.replace(/[-]/g, "\\-")}:[ \\t]*(.*)$`, "gim");
  return [...head.matchAll(re)].map((m) => m[1].trim());
}

/** Every header in order, unfolded (Gmail's payload.headers, Graph's internetMessageHeaders). */
export function allHeaders(raw: string): Array<{ name: string; value: string }> {
  const head = (split(raw)?.head ?? raw).replace(/\r?\n[ \t]+/g, " ");
  return head
    .split(/\r?\n/)
    .map((l) => /^([^:\s]+):[ \t]*(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1], value: m[2] }));
}

export const bodyOf = (raw: string) => split(raw)?.body ?? "";

/** Subject without reply / forward prefixes, for the threading rules. */
export const baseSubject = (s: string) =>
  s
    .replace(/^(\s*(re|fw|fwd|aw|sv)\s*(\[\d+\])?\s*:\s*)+/i, "")
    .trim()
    .toLowerCase();

/** A deterministic stream in [0, 1) (mulberry32), for dropped answers. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mailbox {
  email: string;
  messages: StandInMessage[];
  /** the first change the log still holds (Gmail answers 404 for an older startHistoryId) */
  firstSeq: number;
  /** change log: the message whose change took this sequence number */
  log: Array<{ seq: number; id: string; kind: "added" | "changed" | "removed"; folder?: string }>;
  mutations: number;
  /** when each sent message went out and to how many recipients (the sending limits) */
  sends: Array<{ at: number; recipients: number }>;
}

export class MailStore {
  boxes = new Map<string, Mailbox>();
  private seq = 1000;
  constructor(
    readonly threading: "gmail" | "exchange",
    readonly newId: () => string = () => randomBytes(8).toString("hex"),
  ) {}

  box(email: string): Mailbox {
    const key = email.toLowerCase();
    let b = this.boxes.get(key);
    if (!b) {
      b = { email: key, messages: [], firstSeq: this.seq + 1, log: [], mutations: 0, sends: [] };
      this.boxes.set(key, b);
    }
    return b;
  }

  has(email: string) {
    return this.boxes.has(email.toLowerCase());
  }

  current(): number {
    return this.seq;
  }

  /** Records a change to a message: the next sequence number (a Gmail historyId). */
  touch(b: Mailbox, m: StandInMessage, kind: "added" | "changed" | "removed", folder?: string) {
    this.seq += 1;
    m.changeSeq = this.seq;
    b.log.push({ seq: this.seq, id: m.id, kind, folder });
  }

  /** The thread a message joins in this mailbox, or undefined for a thread of its own. */
  threadFor(b: Mailbox, mime: Mime, requested?: string): string | undefined {
    const refs = new Set([...mime.references, ...(mime.inReplyTo ? [mime.inReplyTo] : [])]);
    const parent = b.messages.find(
      (m) =>
        refs.has(m.messageId) &&
        (requested === undefined || m.threadId === requested) &&
        (this.threading === "exchange" || baseSubject(m.subject) === baseSubject(mime.subject)),
    );
    return parent?.threadId;
  }

  add(
    email: string,
    raw: string,
    mime: Mime,
    labels: string[],
    o: { at: number; threadId?: string; recipients?: number },
  ): StandInMessage {
    const b = this.box(email);
    const id = this.newId();
    const m: StandInMessage = {
      id,
      threadId: o.threadId ?? this.threadFor(b, mime) ?? (this.threading === "gmail" ? id : this.newId()),
      raw,
      messageId: mime.messageId ?? "",
      labels: new Set(labels),
      internalDate: o.at,
      changeSeq: 0,
      subject: mime.subject,
      from: mime.from[0] ?? "",
      recipients: [...mime.to, ...mime.cc, ...mime.bcc],
      references: mime.references,
    };
    b.messages.push(m);
    this.touch(
      b,
      m,
      "added",
      labels.find((l) => l === l.toLowerCase()),
    );
    return m;
  }

  find(email: string, id: string): StandInMessage | undefined {
    return this.boxes.get(email.toLowerCase())?.messages.find((m) => m.id === id);
  }

  /** Sends within the window ending now: how many messages, how many recipients. */
  sentWithin(email: string, now: number, windowMs: number) {
    const recent = this.box(email).sends.filter((s) => s.at > now - windowMs);
    return {
      messages: recent.length,
      recipients: recent.reduce((n, s) => n + s.recipients, 0),
      oldest: recent[0]?.at,
    };
  }
}

const addrs = (vs: string[]) =>
  vs
    .flatMap((v) => v.split(","))
    .map((s) => (/<([^>]+)>/.exec(s)?.[1] ?? s).trim())
    .filter((s) => s.includes("@"));

/** The same headers as parseMime, read synchronously from the header block (for deliverToInbox). */
export function headMime(raw: string): Mime {
  const one = (n: string) => headerValues(raw, n)[0];
  return {
    messageId: one("Message-ID"),
    from: addrs(headerValues(raw, "From")),
    to: addrs(headerValues(raw, "To")),
    cc: addrs(headerValues(raw, "Cc")),
    bcc: addrs(headerValues(raw, "Bcc")),
    subject: one("Subject") ?? "",
    inReplyTo: one("In-Reply-To"),
    references: headerValues(raw, "References").join(" ").split(/\s+/).filter(Boolean),
  };
}

/** The raw message with a Message-ID (one made up when it has none). */
export const withMessageId = (raw: string, domain: string) =>
  headerValues(raw, "Message-ID")[0]
    ? raw
    : setHeader(raw, "Message-ID", `<${randomBytes(12).toString("hex")}@${domain}>`);
