// Bounces without an RFC 3464 report: the plain-text notices Exim, qmail, Postfix, Sendmail,
// Exchange, Lotus Notes, Google Groups, mail.ru, Yahoo and many appliances write. Pure.
// A message is such a bounce when the signs agree: it comes from a mailer daemon (or postmaster,
// "Mail Delivery Subsystem"), or names failed recipients (X-Failed-Recipients), or has a bounce
// subject ("Undelivered Mail Returned to Sender", "failure notice", "Undeliverable: …"), and its
// body says a delivery failed or quotes an SMTP error. The report is read from the text before the
// enclosed original message: the recipient, the status (the enhanced code, or one derived from
// the SMTP reply code) and the diagnostic lines.
import type { InboundMessage } from "../parse-inbound.ts";
import { isOwnAddress } from "./own-addresses.ts";

export interface TextBounceRecipient {
  recipient: string | null;
  status: string | null;
  diagnostic: string | null;
}

export interface TextBounce {
  recipients: TextBounceRecipient[];
  /** the report part of the body, before the enclosed original */
  report: string;
  /** the message only said delivery is delayed, still being tried */
  delayed: boolean;
}

const DAEMON_LOCAL =
  /^(mailer[-_.]?daemon|mail[-_.]?daemon|post[-_.]?master|mail[-_.]?delivery[-_.]?(sub)?system|mdaemon|mailadmin|mail-?administrator|maildelivery|mail[-_.]?robot|bounce[sd]?|returned-?mail|nobody|mmdf|smtp[-_.]?gateway|mail-?system)(\+|$|[-_.])/i;
const DAEMON_NAME =
  /mail(er)?[- ]?daemon|mail delivery|postmaster|mail administrator|delivery (status )?(notification|system|subsystem)|microsoft outlook|mail system|returned mail|mail ?service|bounce|mailer|notes mail router|mail router|メール|mail-?robot/i;

export const BOUNCE_SUBJECT =
  /\bundeliver(able|ed)|\bnot (been )?deliver(ed|able)|\bnon[- ]?deliver|\breturned (mail|to sender|e-?mail)|\bmail delivery (failed|failure|error|problem|report|notification)|\bdelivery (status notification|failure|failed|report|problem|notification|error|has failed|delayed|incomplete|unsuccessful)|\bfailure (notice|delivery|notification)|\bcould not (be )?deliver|\bcouldn't be delivered|\bdelivery (to|of) .{0,200} failed|\bmail (system )?(error|failure)|\bmessage (not delivered|delivery failure|blocked|rejected|bounced)|\bbounce[sd]?\b|\bwarning: (could not send|message)|\bunable to deliver|\bnicht zustellbar|\bunzustellbar|\bnon remis|\bnon recapitabile|\bno entregado|\bno se pudo entregar|\bnon consegnato|\bfalha na entrega|\bniet bezorgd|\bonbestelbaar|\bpostmaster notify|\bmail could not be delivered|\berror sending message|\brejected:|\bsystem administrator|\breturned mail\b|\bfailed mail\b|\bmail failure\b|\bdsn\b|\b(delivery|mail) error\b|不達|エラー|不能|届きません|\bundelivered\b|\bnotificación de estado|\bnon-remis/i;

const BODY_MARKER =
  /\b(could not|couldn't|cannot|can't|can not|was unable to|unable to|failed to|wasn't able to|was not able to|were unable to) (be )?deliver|\bnot (be |been |yet been )?delivered\b|\bwas(n't| not) delivered\b|\bundeliverable\b|\bdelivery (has |to the following recipients? )?failed|\bdelivery (failure|problem|incomplete)|\bpermanent (fatal )?error|\bfollowing (address|addresses|address\(es\)|recipients?)( had| has| have)? (failed|permanent|delivery errors|not|been|could not|was|were)|\bthis is the (mail system|qmail-send|dragonfly)|\bi'm (afraid|sorry)\b|\bsmtp error\b|\bremote (host|server|mail server) (said|returned|replied|responded)|\btranscript of session\b|\breturned to sender\b|\bmailer-daemon\b|\bmessage (could not|was not|has not been) (be )?(delivered|sent)|\bfailed recipient|\bdelivery status notification\b|\bfollowing (message|e-?mail) .{0,200}(undeliverable|could not|was not)|\bdid not reach\b|\bdelivery to .{0,200} (failed|has been delayed)|\bhas been delayed\b|\bwill (continue|keep) (to )?(try|trying|retry)|\bhost .{0,200} said:|\bmessage delivery failed\b|\bnot reach (the|some|all)|\bno (se )?ha podido|\bkonnte nicht zugestellt|\bn'a pas pu être (remis|distribué)|\bnon è stato possibile|\bniet (worden )?(bezorgd|afgeleverd)|\bnão (foi possível|pôde ser) entregue|\bproblem (delivering|with the delivery)|\berror delivering\b|\brejected (your|the) message\b|\bmessage (was )?(rejected|refused|blocked)\b|\bdelivery to the following\b|\bfailed permanently\b|\berror message below\b|\binvalid (user|recipient) address\b|\bas their mailbox is full\b|\bfailed addresses?\b|\bhad (permanent )?(fatal )?errors\b|\b[45][0-9][0-9][ -][245]\.\d{1,3}\.\d{1,3}\b|配信|送信できません|届きません|宛先不明|送信に失敗/i;

/** Where the enclosed original begins in a plain-text bounce: everything before is the report.
 *  Each marker reads one line: its leading dashes and blanks stay on the line (`[-=_*\s]*` crossed
 *  lines, so each line start read every blank line after it: 100 s on 50,000 newlines, issue 73
 *  item 4), and its trailing ones are read one way only. */
const ORIGINAL_START = [
  /^[-=_* \t]*this is a copy of (the|your) message/im,
  /^[-=_* \t]*below this line is a copy of the message/im,
  /^[-=_* \t]*(the )?(original|returned|undelivered|unsent|attached|rejected) (message|mail|e-?mail)( headers?)?( follows?| below| was| is)?[ \t]*(?:[-=_*:]+[ \t]*)?$/im,
  /^[-=_* \t]*(original|returned) message( headers)?/im,
  /^[-=_* \t]*original message follows/im,
  /^[ \t]*message headers follow\.?[ \t]*$/im,
  /^[-=_* \t]*(headers|header) of (the )?(original|returned|your) message/im,
  /^[-=_* \t]*(the )?original message header/im,
  /^[-=_* \t]*message header(s)? follows?/im,
  /^[-=_* \t]*returned (message|mail)[ \t]*(?:[-=_*]+[ \t]*)?$/im,
  /^[-=_* \t]*(original|returned|undelivered) (message|mail)[ \t]*[-=_*]/im,
  /^content-type: message\/rfc822/im,
  /^(received|return-path|x-received|dkim-signature|arc-seal): /im,
];

// a run starts where the previous character cannot be part of it: linear on hostile text
const EMAIL_G =
  /<?(?<![a-z0-9!#$%&'*+/=?^_`{|}~.-])([a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)>?/gi;
const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?!\.?\d)/;
const REPLY_CODE = /(?<![\d.\-#:/])([45][0-5][0-9])(?=[ -]|$)/m;

export function isDaemonSender(m: Pick<InboundMessage, "from" | "fromName" | "headers">): boolean {
  const local = m.from?.split("@")[0] ?? "";
  if (local && DAEMON_LOCAL.test(local)) return true;
  if (m.fromName && DAEMON_NAME.test(m.fromName)) return true;
  // "From: MAILER-DAEMON <>" leaves no address
  const raw = m.headers?.get("from") ?? "";
  return /mailer[- ]?daemon|postmaster|mail delivery/i.test(raw);
}

/** The report part of a plain-text bounce: the body before the enclosed original. */
export function reportPart(text: string): string {
  let cut = text.length;
  for (const re of ORIGINAL_START) {
    const m = re.exec(text);
    // a marker in the first lines is the bounce's own header quote, not the original
    if (m && m.index > 20 && m.index < cut) cut = m.index;
  }
  return text.slice(0, cut);
}

/** Enhanced status of a diagnostic, else one derived from its SMTP reply code (550 → 5.0.0). */
export function statusOf(diagnostic: string | null | undefined): string | null {
  if (!diagnostic) return null;
  const e = ENHANCED.exec(diagnostic);
  if (e && e[1] !== "2") return `${e[1]}.${e[2]}.${e[3]}`;
  const r = REPLY_CODE.exec(diagnostic);
  if (r) {
    const code = r[1]!;
    const derived: Record<string, string> = {
      "552": "5.2.2",
      "553": "5.1.3",
      "554": "5.0.0",
    };
    return derived[code] ?? `${code[0]}.0.0`;
  }
  return null;
}

const NOT_RECIPIENT =
  /^(mailer[-_.]?daemon|postmaster|mail[-_.]?daemon|abuse|hostmaster|webmaster|root|noreply|no-reply|support|help|mail-?robot)([-+_.@]|$)/i;

/** Words before an address that make it the sender, i.e. ours ("Hello <rep@acme.test>,", "your
 *  message from", "MAIL FROM:<…>"): an AOL bounce greeted our mailbox and was read as failing it
 *  (issue 56). */
const SENDER_CONTEXT =
  /(\b(hello|hi|dear)|\b(mail|envelope|message|mail sent) from|\bsender( address)?|\bsent by|\breturn-path|\boriginator)\W{0,4}<?$/i;

function addressesIn(s: string): { address: string; index: number }[] {
  const out: { address: string; index: number }[] = [];
  for (const m of s.matchAll(EMAIL_G)) {
    const a = m[1]!.toLowerCase().replace(/^[.'-]+|[.'-]+$/g, "");
    // Message-IDs and "id …@host" in Received lines are not addresses
    const before = s.slice(Math.max(0, (m.index ?? 0) - 16), m.index).toLowerCase();
    if (/(message-id|msgid|\bid)[:\s=]*<?$/.test(before)) continue;
    out.push({ address: a, index: m.index ?? 0 });
  }
  return out;
}

/** Lines that hold one recipient's diagnostic: from its first mention, the next few lines, up to
 *  the line that names another recipient. */
export function diagnosticFrom(report: string, index: number, others: string[] = []): string {
  const start = report.lastIndexOf("\n", index) + 1;
  const lines = report.slice(start).split(/\r?\n/);
  const kept: string[] = [];
  for (const l of lines) {
    const t = l.trim();
    if (kept.length > 0 && t === "" && kept.join(" ").length > 40) break;
    if (
      kept.length > 0 &&
      others.some((o) =>
        t
          .toLowerCase()
          .replace(/^["'<*\s-]+/, "")
          .startsWith(o),
      )
    )
      break;
    if (t) kept.push(t);
    if (kept.join(" ").length > 600 || kept.length >= 12) break;
  }
  return kept.join(" ").replace(/\s+/g, " ").slice(0, 600);
}

/** Reads a plain-text bounce; null when the message is not one. `own` holds the tenant's own
 *  addresses (own-addresses.ts), which are never a failed recipient (issue 56). */
export function readTextBounce(m: InboundMessage, own: Set<string> = new Set()): TextBounce | null {
  const headers = m.headers ?? new Map<string, string>();
  const named = (headers.get("x-failed-recipients") ?? "")
    .split(/[,\s]+/)
    .map((a) => a.replace(/[<>]/g, "").toLowerCase())
    .filter((a) => a.includes("@"));
  const failed = named.filter((a) => !isOwnAddress(a, own));
  const daemon = isDaemonSender(m);
  // "Re: Undeliverable: …" from a person is a person talking about a bounce
  const subject = BOUNCE_SUBJECT.test(m.subject) && (daemon || !/^\s*(re|aw|sv|antw|r)\s*:/i.test(m.subject));
  const text = m.text ?? "";
  const report = reportPart(text);
  const marker = BODY_MARKER.test(report) || BODY_MARKER.test(m.subject);
  const nullSender = /^<\s*>$/.test((headers.get("return-path") ?? "").trim());
  const bounce =
    named.length > 0 ||
    ((daemon || subject) && marker) ||
    (daemon && subject) ||
    (nullSender && marker && (ENHANCED.test(report) || Boolean(m.enclosed)));
  if (!bounce) return null;

  const skip = new Set(
    [m.from, addressOf(headers.get("to")), m.enclosed?.from].filter((x): x is string => Boolean(x)),
  );
  const ours = (a: string) => isOwnAddress(a, own);
  const found = addressesIn(report)
    .filter(
      (x) =>
        !skip.has(x.address) &&
        !ours(x.address) &&
        !NOT_RECIPIENT.test(x.address) &&
        !SENDER_CONTEXT.test(report.slice(Math.max(0, x.index - 40), x.index)),
    )
    // an address the report says it tried ("RCPT TO: a@b") before any other it mentions
    .map((x) => ({ ...x, rcpt: /rcpt to:?\s*<?$/i.test(report.slice(Math.max(0, x.index - 12), x.index)) }))
    .sort((a, b) => Number(b.rcpt) - Number(a.rcpt));
  const recipients: TextBounceRecipient[] = [];
  const seen = new Set<string>();
  const all = [...failed, ...found.map((x) => x.address)];
  const add = (address: string | null, index: number) => {
    if (address && seen.has(address)) return;
    if (address) seen.add(address);
    const others = all.filter((a) => a !== address);
    const diagnostic =
      index >= 0 ? diagnosticFrom(report, index, others) : report.replace(/\s+/g, " ").trim().slice(0, 600);
    recipients.push({ recipient: address, status: statusOf(diagnostic) ?? statusOf(report), diagnostic });
  };
  for (const a of failed) {
    const at = report.toLowerCase().indexOf(a);
    add(a, at);
  }
  if (recipients.length === 0) {
    for (const x of found) add(x.address, x.index);
  }
  // a report about a mail to ourselves names the address the skip list holds ("<rep@acme.test>:")
  if (recipients.length === 0) {
    for (const x of addressesIn(report)) {
      if (
        x.address !== m.from &&
        !ours(x.address) &&
        !NOT_RECIPIENT.test(x.address) &&
        /^\s*<?$/.test(lineBefore(report, x.index))
      )
        add(x.address, x.index);
    }
  }
  if (recipients.length === 0) {
    const to = m.enclosed?.to ?? addressOf(/^To:[ \t]*(.+)$/im.exec(text.slice(report.length))?.[1]);
    add(to && !ours(to) ? to : null, -1);
  }
  const delayed =
    /\b(delayed|will (continue|keep) (to )?(try|trying|retry)|not yet been delivered|warning:)/i.test(
      `${m.subject}\n${report}`,
    ) && !/\b(permanent|gave up|giving up|failed permanently)/i.test(report);
  return { recipients, report, delayed };
}

/** The text of the line before an index ("  <" for "  <a@b>:"). */
function lineBefore(s: string, index: number): string {
  return s.slice(s.lastIndexOf("\n", index - 1) + 1, index);
}

function addressOf(v: string | undefined): string | null {
  if (!v) return null;
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(v) ?? /(?<![^\s<>"])[^\s<>"]+@[^\s<>"]+/.exec(v);
  return m ? (m[1] ?? m[0]).toLowerCase() : null;
}
