// Why a message bounced, in Sisimai's reason vocabulary (the names its public corpus is labelled
// with), and what it means for the address: hard (dead: suppress it), soft (try later) or the
// sender's fault (policy, reputation, authentication, content: keep the address, flag the sending
// mailbox), decided from the reason and the status together in hard-or-soft.ts. Pure. The reason is read from the diagnostic text first (the phrases MTAs and
// mailbox providers write), then from the enhanced status code (RFC 3463), as Sisimai does; the
// phrase lists here are our own, written against the messages the corpus holds.

import { BOUNCE_REASONS, type BounceReason, bounceClassOf } from "./hard-or-soft.ts";

export { BOUNCE_REASONS, type BounceReason };

/** Phrases per reason, tried in this order: the first that matches decides. Sender-side and
 *  specific phrases come before the broad ones ("rejected", "does not exist"). */
// Two phrases with words between them are read within 200 characters (`.{0,200}`, not `.*`): the
// text is one line once its blanks are folded, and `.*` after each "spf" read to its end (0.5 s on a
// 50 kB report of "spf spf …", issue 73 item 4).
const PHRASES: [BounceReason, RegExp][] = [
  // greylisting is "try again later", whatever the status class says (issue 56)
  ["greylisted", /\bgr[ae]y ?list(ed|ing)?\b/],
  [
    "userunknown",
    /\brecipient address rejected: access denied\b|\bnot listed in (the )?(domino )?directory\b|\binvalid final delivery userid\b|\bthis user doesn't have a .{1,80} account\b|\binvalid recipient\b/,
  ],
  [
    "rejected",
    /\bmay not have permission to post\b|\bgroups\.google\.com\b|\bsend mail as\b|\b(sender|from|envelope[- ]from|mail from)(:| address| domain)?( address)? (rejected|refused|denied|not (allowed|permitted|accepted))|\bsender verif\w* failed|\bdomain of sender address\b|\bsender domain (must exist|not found|does not exist|is (invalid|unknown))|\binvalid sender\b|\bsender address (is )?(invalid|unknown)|\bunverified sender|\byour (e-?mail )?address has been (blocked|blacklisted|rejected)|\bsender is (on|in) (the )?(user's |recipient's )?block ?list|\bsender (blocked|is blocked|not allowed)|\bmail from .{0,200} (rejected|refused)|\bunroutable sender|\breject(ed)? sender\b|\bbad sender\b|\bsender (is )?not authori[sz]ed|\bsender address verification\b/,
  ],
  ["toomanyconn", /\b(connection|ip) frequency limited\b/],
  [
    "mailboxfull",
    /\bmailbox exceeds\b|\bmail ?box (is )?(currently )?(full|over ?quota|exceeded)|\bmailbox has exceeded\b|\bover ?quota\b|\bquota (exceeded|exceed|full|violation)|\bexceed(s|ed)? (the |their |his |her |its )?(mailbox |storage |disk )?quota|\bmail ?folder is full\b|\bexceeded (its |the )?storage allocation|\binsufficient (disk |mailbox )?(space|storage)|\bnot enough (storage|space)|\b(disk|mailbox|storage) quota\b|\bmail ?box size limit|\bfull mail ?box|\baccount is full\b|\buser('s)? (mail ?box|disk space) is full\b|\bmailbox full\b|\bis over (the |his |her |their )?quota\b|\bmailbox_full\b|\bquota_exceeded\b|\bmailbox is over\b|\bno (more )?space (left )?(in|on)\b|\bstorage limit|\bsize of (the )?mailbox\b/,
  ],
  [
    "mesgtoobig",
    /\bline limit exceeded\b|\bmessage (is )?(too (big|large)|size exceeds|length exceeds|exceeds (the )?(fixed |maximum )?(message )?size)|\b(message|mail) size (limit )?exceed|\bexceeds? (the )?(maximum|max)?\s*(allowed )?(message )?size|\bsize (limit )?exceeded\b|\btoo large\b|\bmessage too long\b|\bmessagetoolarge\b/,
  ],
  ["exceedlimit", /\bheader (size )?exceeds|\bexceeds? (the )?(recipient'?s? )?(size )?limit\b/],
  [
    "suspend",
    /\b(recipient|recipient's|destinataire)( account| mailbox)? is blocked\b|\baccount is blocked\b|\b(mail ?box|account|user|address|recipient)( has been| is| was)? (currently |temporarily |permanently )?(disabled|suspended|deactivated|inactive|locked|frozen|on hold|blocked for inactivity)|\b(disabled|suspended|inactive|deactivated) (mail ?box|account|user|recipient)\b|\baccount (has )?expired\b|\bno longer (active|in use|valid)\b|\bmail receiving disabled\b|\bdiscontinued\b|\bmailbox unavailable: account disabled|\buser is terminated\b|\bthis account is not allowed\b|\baccountdisabled\b|\btemporar(il)?y locked\b|\brecipient(\W+address)? rejected: inactive\b/,
  ],
  [
    "hasmoved",
    /\bhas been (replaced|moved) by\b|\b(address|recipient|user) has (moved|changed)\b|\bno longer at this address\b|\bmoved to\b.{0,200}@/,
  ],
  [
    "norelaying",
    /\bemail address is not verified\b|\bidentities failed the check\b|\brelay(ing)? (access )?(denied|not permitted|prohibited|not allowed|disallowed|refused)|\b(not|unable) (permitted |allowed )?to relay|\bwe do not relay\b|\bnot a gateway\b|\brelay(ing)? (is )?not (allowed|permitted)|\bno relaying\b|\brelay not permitted/,
  ],
  [
    "authfailure",
    /\b(spf|dkim|dmarc)\b.{0,200}\b(fail|failed|failure|reject|rejection|invalid|policy|violat|not (pass|aligned|valid)|does not pass|check)|\b(fail|failed|failure|reject\w*|did not pass|not (pass|aligned)) .{0,200}\b(spf|dkim|dmarc)\b|\bunauthenticated (e-?mail|message|sender)|\bsender policy framework\b|\bnot authori[sz]ed to send (on behalf|mail|from)\b|\bdmarcrejection\b|\bsender (authentication|verification) failed|\bauthentication (checks? )?failed\b|\bmessage (was )?not authenticated\b/,
  ],
  [
    "badreputation",
    /\buser complaints\b|\bunexpected volume\b|\b(poor|bad|low|negative) (ip |domain |sender |sending )?reputation\b|\breputation (of|is|score)\b|\bip reputation\b|\bsender reputation\b|\bunusual rate of unsolicited|\bdue to (your |the )?reputation\b/,
  ],
  [
    "requireptr",
    /\bmismatches client ip\b|\breverse (dns|lookup|hostname|host name|dns lookup)|\bptr (record|lookup|resource)|\bno ptr\b|\bcannot find your (reverse )?host ?name\b|\bcannot resolve your (address|hostname)\b|\bhost ?name (does not|doesn't|did not) (match|resolve)|\brdns\b|\bip name lookup failed\b|\bclient host rejected: (cannot|can't) find\b|\bunresolvable (address|host)|\bno reverse\b|\bnot have a (valid )?ptr\b|\bforward[- ]confirmed\b|\bmissing ptr\b/,
  ],
  ["virusdetected", /\bvirus|\bmalware\b|\binfected\b|\bworm\b|\btrojan\b|\bmalicious (content|attachment)/],
  [
    "spamdetected",
    /\bofr_506\b|\bspam(?!haus|cop|cannibal)\b|\bjunk ?mail\b|\bunsolicited\b|\bbulk (e-?mail|mail)\b|\bspam score\b|\bscored as\b|\bclassified as (spam|junk)|\blooks like (spam|junk)|\bcontent (was )?(rejected|blocked|filtered)|\bmessage content rejected\b|\bmessage (was )?(identified|detected|flagged) as\b|\bcontentrejected\b/,
  ],
  [
    "blocked",
    /\bservice refuse|\bnot accepting connections\b|\bmy name was rejected\b|\binvalid ip for sending\b|\bblack ?list|\bblock ?list|\bblocked\b|\bspamhaus\b|\bspamcop\b|\b(dns|r)?bl\b|\bdnsbl\b|\bsorbs\b|\bbarracudacentral\b|(?<!not )\blisted (at|in|on|by)\b|\bbanned\b|\bclient host (\[[^\]]*\] )?(blocked|rejected)|\bconnection (refused|rejected|denied) (from|by|due)|\b(ip|network) (address )?(is )?(not allowed|denied|refused|rejected)|\byour (ip|host|server|network)\b.{0,200}\b(rejected|refused|denied|not allowed)|\baccess denied\b|\bnot allowed to send\b|\brefused to talk\b|\bdenied by policy\b|\bblocking\b|\bmail server ip\b|\brejected due to (high|excessive)\b/,
  ],
  [
    "notcompliantrfc",
    /\brfc ?(5322|2822|1035|5321)\b|\brfc ?822 (compliant|complian|format|standard|violation)|\bnot (rfc[- ]?)?compliant\b|\bduplicate (header|message-id)|\bmultiple .{0,200} headers?\b|\b(headers?|message) (are |is )?not (properly|valid|rfc)|\bmissing (required )?(date |from |message-id )?headers?\b|\bbare (lf|linefeed)s?\b|\bmalformed (header|message)|\binvalid (header|message-id)\b/,
  ],
  [
    "contenterror",
    /\bcontent (error|not accepted)\b|\binvalid (mime|content|character)|\bmessage content\b|\bheader error\b|\bimproper (mime|content)|\bline too long\b|\b8-?bit\b|\bmessage (body|content) (is )?(invalid|not allowed)|\bunsupported (content|media)|\battachment(s)? (not allowed|rejected|blocked)|\bcontains (an )?(invalid|illegal|prohibited)/,
  ],
  [
    "userunknown",
    /\b(user|recipient|mailbox|addressee|account|local ?part|address|alias)s? (is |was )?(unknown|not (found|known|exist|existent)|does ?n[o']t exist|doesn't exist|unavailable|invalid|not valid)|\bunknown (user|recipient|mailbox|account|address|local[- ]?part|alias|e-?mail)\b|\bno such (user|recipient|mailbox|account|address|person|local user)\b|\b(user|recipient|mailbox|account|address|e-?mail address|addressee)( name)? (does not|doesn't|did not|doesnt) exist|\binvalid (recipient|mailbox|user|address|e-?mail address)\b|\bnot a valid (recipient|mailbox|user|e-?mail|address)|\bno mail ?box here\b|\bunrouteable address\b|\bnot our customer\b|\bis not a known user\b|\brecipientnotfound\b|\brecipient not found\b|\bmailbox not found\b|\bno mailbox\b|\bno account\b|\bnonexistent\b|\bnon-existent (user|mailbox|recipient|address)\b|\bdoes not have (a|an) .{0,200} account\b|\bdoesn't have (a|an) .{0,200} account\b|\bbad destination (mailbox|e-?mail) address\b|\buser not listed\b|\b(mailbox|user|recipient) (name )?not allowed\b|\bno such (e-?mail|mail ?box)\b|\buser_unknown\b|\buser doesn't\b|\bunknown or illegal alias\b|\b(recipient|address|user) (is )?not (in|on) (the )?(valid|allowed)|\bno valid recipients?\b|\bmailbox does not exist\b|\bno longer exists?\b/,
  ],
  [
    "hostunknown",
    /\bhost (or domain name )?(unknown|not found)|\b(host|domain) [a-z0-9.-]+\.[a-z]{2,}\.? (not found|unknown|does not exist)\b|\bunknown (host|domain)|\bdomain (name )?(not found|does not exist|doesn't exist|unknown|is not (valid|found))|\bno such (domain|host)\b|\bunrouteable (mail )?domain\b|\bname service error\b|\bhost not found\b|\bnxdomain\b|\bdns error: domain name not found\b|\bdomain name not found\b|\billegal host\/domain\b|\bmx records? (point|pointing) to non-existent\b|\bnon-?existent (domain|host)\b|\bcannot (be )?resolve(d)? (the )?(domain|host)|\bno (such )?dns\b|\bdomain is not reachable\b/,
  ],
  [
    "notaccept",
    /\b(does not|doesn't|do not) accept (e-?)?mail\b|\bnull mx\b|\bnot accepting (e-?)?mail\b|\bno mx (record|host)?|\baccepts no mail\b|\bdoes not receive (e-?)?mail|\bindicated no smtp service\b/,
  ],
  [
    "filtered",
    /\bfiltered\b|\bfilter\b|\brefuses? to accept\b|\brejected by (the )?recipient|\brecipient('s)? (preferences|settings|rules)\b|\bdue to (the )?recipient('s)? (policy|settings)/,
  ],
  [
    "policyviolation",
    /\bprotocol violation\b|\bpolicy (violation|reasons?|restriction|rejection)|\bviolat\w* (our |the |local |site )?(e-?mail )?(policy|policies|terms)|\b(local|security|content|site|mail) policy\b|\bprohibited\b|\bnot permitted by policy\b|\bagainst (our|the) policy\b/,
  ],
  [
    "failedstarttls",
    /\bstarttls\b|\btls (is )?(required|failed|handshake|negotiation)|\bencryption (is )?required\b/,
  ],
  [
    "securityerror",
    /\bsecurity\b|\bauthentication (is )?required\b|\bnot authenticated\b|\bmust authenticate\b|\bsubmission requires\b/,
  ],
  ["speeding", /\bsent to too many recipients\b|\btoo many recipients this hour\b/],
  [
    "toomanyconn",
    /\btoo many (connections|concurrent|simultaneous|sessions|recipients)|\bconnection limit\b|\bmax(imum)? (number of )?connections?\b/,
  ],
  [
    "speeding",
    /\brate (limit|limited|exceeded)|\breceiving mail at a rate\b|\btoo many (messages|mails|e-?mails)\b|\bslow down\b|\btry again (later|slower)\b.{0,200}\brate|\bthrottl/,
  ],
  [
    "expired",
    /\b(delivery|retry) (time|timeout) (expired|exceeded)|\bretry timeout exceeded\b|\bmessage expired\b|\bexpired\b|\bgiving up\b|\bgave up\b|\bcould not be delivered (within|for)\b|\bqueued (for|too long)|\bhas not (yet )?been delivered\b|\bnot (yet )?been delivered\b|\bdelayed\b|\bwill (continue|keep) (to )?(try|trying|retry)|\bdelivery attempts will continue\b|\btoo long in (the )?queue|\bretry time (not reached|exceeded)/,
  ],
  [
    "networkerror",
    /\bconnection (refused|reset|timed out|lost|closed)|\b(could|can)( not|'t|not) (connect|establish|open connection)|\bnetwork (is )?unreachable\b|\bno route to host\b|\bunable to connect\b|\blost connection\b|\btimed? ?out\b|\bmail loop|\bloops back\b|\btoo many hops\b|\bhop count\b|\bdns (timeout|failure|error|lookup)|\btemporary (dns|lookup)|\bnameserver\b|\bno answer from host\b|\bbad connection\b|\brouting loop\b/,
  ],
  [
    "systemfull",
    /\binsufficient system (storage|resources)|\bsystem (is )?full\b|\bmail system full\b|\bout of (disk )?(space|storage)\b/,
  ],
  [
    "systemerror",
    /\bsystem (error|failure|problem)|\bserver (error|failure|problem)|\binternal (error|server error|failure)|\blocal (error|configuration error)|\bmail system (error|problem)|\bconfiguration error\b|\btemporary (failure|error|problem)|\bservice (temporarily )?unavailable\b|\btemporarily (unavailable|deferred)|\btry (again )?later\b|\bresources temporarily\b/,
  ],
  [
    "mailererror",
    /\bmailer error\b|\bcommand (died|failed|not found)|\bprocmail\b|\bx-unix\b|\bexit(ed)? (with |status |code )|\bpipe to\b|\bchild status\b|\bunknown mailer\b|\bprogram (error|failed)/,
  ],
  // broad phrases of an unknown recipient, after every more precise reason
  [
    "userunknown",
    /\baddress rejected\b|\bmailbox unavailable\b|\bcould(n't| not) be found\b|\bdoes not exist\b|\bis not a valid\b|\binvalid address\b/,
  ],
  [
    "syntaxerror",
    /\bcommand parameter not implemented\b|\bimproper sequence\b|\bsequence of commands\b|\bmalformed address\b|\bsyntax error\b|\b(command )?unrecogni[sz]ed( command)?\b|\bbad sequence of commands\b/,
  ],
];

/** The reason the diagnostic text names, or null when no phrase matches. */
export function reasonFromText(text: string | null | undefined): BounceReason | null {
  if (!text) return null;
  const t = text.toLowerCase().replace(/\s+/g, " ");
  for (const [reason, re] of PHRASES) if (re.test(t)) return reason;
  return null;
}

/** The reason an enhanced status code implies (RFC 3463 subjects and details; 5.7.x as the big
 *  providers use them), or null when the code says nothing specific. */
export function reasonFromStatus(status: string | null | undefined): BounceReason | null {
  if (!status) return null;
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(status);
  if (!m) return null;
  const [, cls, subject, detail] = m;
  if (cls === "2") return null;
  const sd = `${subject}.${detail}`;
  const table: Record<string, BounceReason> = {
    "1.1": "userunknown",
    "1.2": "hostunknown",
    "1.3": "userunknown",
    "1.4": "userunknown",
    "1.5": "userunknown",
    "1.6": "hasmoved",
    "1.7": "rejected",
    "1.8": "rejected",
    "1.10": "notaccept",
    "2.1": "suspend",
    "2.2": "mailboxfull",
    "2.3": "exceedlimit",
    "2.4": "systemerror",
    "3.1": "systemfull",
    "3.2": "notaccept",
    "3.3": "systemerror",
    "3.4": "mesgtoobig",
    "3.5": "systemerror",
    "4.1": "networkerror",
    "4.2": "networkerror",
    "4.3": "systemerror",
    "4.4": "hostunknown",
    "4.5": "networkerror",
    "4.6": "networkerror",
    "4.7": "expired",
    "5.3": "toomanyconn",
    "5.4": "syntaxerror",
    "6.0": "contenterror",
    "6.1": "contenterror",
    "7.0": "securityerror",
    "7.1": "blocked",
    "7.7": "securityerror",
    "7.9": "securityerror",
    "7.13": "suspend",
    "7.23": "authfailure",
    "7.24": "authfailure",
    "7.25": "requireptr",
    "7.26": "authfailure",
    "7.27": "notaccept",
    "7.509": "authfailure",
    "7.510": "securityerror",
    "7.606": "blocked",
    "7.650": "badreputation",
  };
  const r = table[sd];
  if (r) return r;
  if (subject === "6") return "contenterror";
  if (subject === "7") return "securityerror";
  return null;
}

export type SmtpCommand = "CONN" | "HELO" | "MAIL" | "RCPT" | "DATA";

const COMMANDS: [SmtpCommand, RegExp][] = [
  [
    "MAIL",
    /\b(after|in reply to|in response to) mail from\b|>>> mail from\b|smtp command\W+mail\b|\bdid not like our mail from\b/gi,
  ],
  [
    "RCPT",
    /\b(after|in reply to|in response to) rcpt( to)?\b|>>> rcpt\b|smtp command\W+rcpt\b|\[rcpt_to\]|\bdid not like our rcpt\b/gi,
  ],
  [
    "DATA",
    /\b(after|in reply to|in response to|during)( the)?( end of)? (data|message data)\b|>>> data\b|\bfinal data\b|smtp command\W+data\b|\bend of data\b|\bafter (the )?data (command|phase)\b/gi,
  ],
  ["HELO", /\b(after|in reply to) (e?hlo|helo)\b|>>> e?hlo\b/gi],
  ["CONN", /\b(after|in reply to) (the )?initial connection\b|\bgreeting\b/gi],
];

/** The SMTP command a diagnostic says the error answered (in a transcript, the last one sent
 *  before the first error reply). */
export function commandOf(text: string | null | undefined): SmtpCommand | null {
  if (!text) return null;
  const found: { command: SmtpCommand; index: number }[] = [];
  for (const [command, re] of COMMANDS)
    for (const m of text.matchAll(re)) found.push({ command, index: m.index ?? 0 });
  if (found.length === 0) return null;
  found.sort((a, b) => a.index - b.index);
  const error = /<<<\s*[45]\d\d/.exec(text);
  if (error) {
    const before = found.filter((f) => f.index < error.index);
    if (before.length > 0) return before[before.length - 1]!.command;
  }
  return found[0]!.command;
}

export interface BounceVerdict {
  reason: BounceReason;
  hard: boolean;
  senderFault: boolean;
}

/** Statuses that say more than a text's "user unknown". */
const STATUS_OVER_TEXT = new Set<BounceReason>([
  "authfailure",
  "requireptr",
  "badreputation",
  "mailboxfull",
  "suspend",
  "mesgtoobig",
  "exceedlimit",
]);

/** Words no filter hides behind: the mailbox does not exist, whatever command was answered. */
const UNKNOWN_FOR_SURE =
  /\binvalid recipient\b|\bthis user doesn't have a .{1,80} account\b|\brecipientnotfound\b/;

/** Reasons a text names that outweigh a status of x.1.1 ("user unknown"). */
const OVER_USERUNKNOWN = new Set<BounceReason>([
  "greylisted",
  "mailboxfull",
  "mesgtoobig",
  "exceedlimit",
  "suspend",
  "hasmoved",
  "norelaying",
  "authfailure",
  "blocked",
  "rejected",
  "notaccept",
  "mailererror",
  "speeding",
  "toomanyconn",
]);

/**
 * The reason of one text, given the status and the command: a text saying "user unknown" is
 * believed when the status says so too (x.1.1) or the server answered the RCPT command; after
 * DATA, or with no command and no such status, a "user unknown" is a recipient-side filter
 * dressed as one (Japanese carriers answer so to mail their users filter), as Sisimai reads it.
 */
function reasonOf(
  text: string | null | undefined,
  statusReason: BounceReason | null,
  command: SmtpCommand | null,
  temporary: boolean,
): BounceReason | null {
  let r = reasonFromText(text);
  if (statusReason === "hasmoved") return "hasmoved";
  // a DNS answer that may change ("try again", a 4.x.x status) is a network error, not a dead
  // host; but a permanent status that itself says the host is unroutable (5.1.2, 5.4.4: the
  // reporter gave up on that answer) keeps it dead (issue 56: the reason and the status together)
  if (
    r === "hostunknown" &&
    (temporary ||
      (statusReason !== "hostunknown" &&
        /host not found, try again|name server reply|servfail/i.test(text ?? "")))
  )
    r = "networkerror";
  if (command === "MAIL" && (r === null || r === "userunknown" || r === "hostunknown" || r === "filtered"))
    return text ? "rejected" : null;
  if (r === "userunknown") {
    // "550 : User unknown", no address: what au/docomo answer for mail their user's filter refused
    if (text && /\b5\d\d\s*:\s*user unknown/i.test(text)) return "filtered";
    if (statusReason === "userunknown" || command === "RCPT") return "userunknown";
    // a status more precise than the words ("5.7.26 Recipient address rejected: …")
    if (statusReason && STATUS_OVER_TEXT.has(statusReason)) return statusReason;
    if (command === "DATA" && !(text && UNKNOWN_FOR_SURE.test(text.toLowerCase()))) return "filtered";
    return "userunknown";
  }
  if (r && statusReason === "userunknown" && !OVER_USERUNKNOWN.has(r) && r !== "filtered")
    return "userunknown";
  // x.2.3: the message is too big for this recipient's limit, not for every server
  if (r === "mesgtoobig" && statusReason === "exceedlimit") return "exceedlimit";
  return r;
}

/** Reason from the text, else from the status; whether the address is dead or the fault is ours. */
export function judgeBounce(input: {
  status: string | null;
  diagnostic: string | null;
  /** more text to read when the diagnostic names nothing (the body of a plain-text bounce) */
  context?: string | null;
  action?: string | null;
}): BounceVerdict {
  const status = input.status;
  const diagnostic = input.diagnostic;
  const temporary = Boolean(status?.startsWith("4") || input.action === "delayed");
  const statusReason = reasonFromStatus(status);
  const command = commandOf(diagnostic) ?? commandOf(input.context);
  let reason: BounceReason;
  if (diagnostic && /^\s*x-unix;/i.test(diagnostic)) reason = "mailererror";
  else
    reason =
      reasonOf(diagnostic, statusReason, command, temporary) ??
      statusReason ??
      reasonOf(input.context, statusReason, command, temporary) ??
      (input.action === "delayed" ? "expired" : null) ??
      (diagnostic ? "onhold" : "undefined");
  const cls = bounceClassOf(reason, {
    status,
    action: input.action ?? null,
    text: [diagnostic, input.context].filter(Boolean).join(" "),
  });
  return { reason, hard: cls === "hard", senderFault: cls === "sender" };
}
