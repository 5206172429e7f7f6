// Amazon SES event notifications (pure): the JSON SES publishes through SNS, as a mail from SNS
// carries it in its body (and as the provider webhook will hand it over). Bounce, Complaint and
// Delivery events, read into the same shapes as a bounce message or an ARF report.

export interface SesBounce {
  kind: "bounce";
  recipients: { recipient: string | null; status: string | null; diagnostic: string | null }[];
  /** Permanent, Transient, Undetermined */
  bounceType: string;
  /** General, NoEmail, Suppressed, OnAccountSuppressionList, MailboxFull, MessageTooLarge, ContentRejected, AttachmentRejected */
  bounceSubType: string;
  originalMessageId: string | null;
}
export interface SesComplaint {
  kind: "complaint";
  recipient: string | null;
  feedbackType: string;
  originalMessageId: string | null;
}
export interface SesDelivery {
  kind: "delivery";
  originalMessageId: string | null;
}
export type SesNotification = SesBounce | SesComplaint | SesDelivery;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

/** The first balanced JSON object in a text, parsed; null when there is none. */
export function firstJsonObject(text: string): Json | null {
  for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        try {
          return JSON.parse(text.slice(start, i + 1)) as Json;
        } catch {
          break;
        }
      }
    }
  }
  return null;
}

/** The Message-ID header of the mail SES reports on (ours), when SES included the headers. */
function messageIdOf(mail: Json): string | null {
  const common = obj(mail.commonHeaders);
  const fromCommon = str(common.messageId);
  if (fromCommon) return fromCommon.startsWith("<") ? fromCommon : `<${fromCommon}>`;
  const headers = Array.isArray(mail.headers) ? mail.headers : [];
  for (const h of headers) {
    const o = obj(h);
    if (String(o.name).toLowerCase() === "message-id") {
      const v = str(o.value);
      if (v) return v.startsWith("<") ? v : `<${v}>`;
    }
  }
  return null;
}

/** The fields of a notification whose JSON was cut short (a truncated mail body), read one by one. */
function salvage(text: string): Json | null {
  const t = text.replace(/\\"/g, '"').replace(/\r?\n[ \t]?/g, "");
  const field = (name: string) => new RegExp(`"${name}"\\s*:\\s*"([^"]*)"`).exec(t)?.[1] ?? null;
  const type = field("notificationType") ?? field("eventType");
  if (!type) return null;
  const recipient = {
    emailAddress: field("emailAddress"),
    status: field("status"),
    diagnosticCode: field("diagnosticCode"),
  };
  return {
    notificationType: type,
    bounce: {
      bounceType: field("bounceType"),
      bounceSubType: field("bounceSubType"),
      bouncedRecipients: [recipient],
    },
    complaint: { complaintFeedbackType: field("complaintFeedbackType"), complainedRecipients: [recipient] },
  };
}

/** Reads an SES notification, bare or wrapped in an SNS envelope ({"Type": "Notification", "Message": "…"}). */
export function readSesNotification(input: Json | string): SesNotification | null {
  // a mail body may wrap the JSON's long lines (a break, sometimes with one space, inside a string)
  let n: Json | null =
    typeof input === "string"
      ? (firstJsonObject(input) ?? firstJsonObject(input.replace(/\r?\n[ \t]?/g, "")))
      : input;
  if (n && typeof n.Message === "string") n = firstJsonObject(n.Message);
  // a cut-short outer object leaves only an inner one ({"name": "From", …}) parseable
  if (!(n?.notificationType || n?.eventType) && typeof input === "string") n = salvage(input);
  if (!n) return null;
  const type = str(n.notificationType) ?? str(n.eventType);
  const originalMessageId = messageIdOf(obj(n.mail));
  if (type === "Bounce") {
    const b = obj(n.bounce);
    const list = Array.isArray(b.bouncedRecipients) ? b.bouncedRecipients : [];
    return {
      kind: "bounce",
      bounceType: str(b.bounceType) ?? "Undetermined",
      bounceSubType: str(b.bounceSubType) ?? "General",
      originalMessageId,
      recipients: list.map((r) => {
        const o = obj(r);
        return {
          recipient: str(o.emailAddress)?.toLowerCase() ?? null,
          status: str(o.status),
          diagnostic: str(o.diagnosticCode),
        };
      }),
    };
  }
  if (type === "Complaint") {
    const c = obj(n.complaint);
    const first = obj(Array.isArray(c.complainedRecipients) ? c.complainedRecipients[0] : null);
    return {
      kind: "complaint",
      recipient: str(first.emailAddress)?.toLowerCase() ?? null,
      feedbackType: str(c.complaintFeedbackType) ?? "abuse",
      originalMessageId,
    };
  }
  if (type === "Delivery") return { kind: "delivery", originalMessageId };
  return null;
}
