// The providers' bounce types in Baton's words (pure): hard, soft or the sender's fault.
import { describe, expect, it } from "vitest";
import { verdictOf } from "./mail-event.ts";
import { mailgunEvents } from "./webhook-mailgun.ts";
import { postmarkOriginalId, postmarkVerdict } from "./webhook-postmark.ts";
import { sendgridVerdict } from "./webhook-sendgrid.ts";
import { type SnsMessage, sesVerdict, snsStringToSign } from "./webhook-ses.ts";

const v = (reason: string, hard: boolean, senderFault: boolean) => ({ reason, hard, senderFault });

describe("verdicts from words", () => {
  it.each([
    ["5.1.1", "550 5.1.1 <x@y> User unknown", v("userunknown", true, false)],
    ["5.7.1", "550 5.7.1 Message rejected as spam", v("spamdetected", false, true)],
    [
      "5.7.26",
      "550 5.7.26 Unauthenticated email is not accepted due to DMARC policy",
      v("authfailure", false, true),
    ],
    [
      "5.7.1",
      "554 5.7.1 Service unavailable; Client host [1.2.3.4] blocked using zen.spamhaus.org",
      v("badreputation", false, true),
    ],
    ["4.2.2", "452 4.2.2 The email account is over quota", v("mailboxfull", false, false)],
    ["5.2.1", "550 5.2.1 The email account that you tried to reach is disabled", v("suspend", false, false)],
    ["5.0.0", "550 something else entirely", v("rejected", true, false)],
    [null, "connection timed out", v("networkerror", false, false)],
    [null, "", v("undefined", false, false)],
  ])("%s %s", (status, words, want) => {
    expect(verdictOf(status, words)).toEqual(want);
  });
});

describe("each provider's types", () => {
  it("SES", () => {
    expect(sesVerdict("Permanent", "General", "5.1.1", "smtp; 550 5.1.1 user unknown")).toEqual(
      v("userunknown", true, false),
    );
    expect(sesVerdict("Permanent", "General", "5.7.1", "smtp; 554 5.7.1 blocked by policy")).toEqual(
      v("blocked", false, true),
    );
    expect(sesVerdict("Permanent", "Suppressed", null, null)).toEqual(v("suppressed", true, false));
    expect(sesVerdict("Permanent", "OnAccountSuppressionList", null, null)).toEqual(
      v("suppressed", true, false),
    );
    expect(sesVerdict("Transient", "MailboxFull", null, null)).toEqual(v("mailboxfull", false, false));
    expect(sesVerdict("Transient", "General", "5.1.1", "user unknown")).toEqual(
      v("userunknown", false, false),
    );
    expect(sesVerdict("Transient", "ContentRejected", null, null)).toEqual(v("contenterror", false, true));
    expect(sesVerdict("Undetermined", "Undetermined", null, null)).toEqual(v("undefined", false, false));
  });

  it("SendGrid", () => {
    expect(sendgridVerdict("bounce", "bounce", "Invalid Address", "5.1.1", "550 no such user")).toEqual(
      v("userunknown", true, false),
    );
    expect(sendgridVerdict("bounce", "blocked", "Reputation", "5.7.1", "550 5.7.1 rejected")).toEqual(
      v("blocked", false, true),
    );
    expect(sendgridVerdict("bounce", "bounce", "Reputation", "5.7.1", "x")).toEqual(
      v("badreputation", false, true),
    );
    expect(sendgridVerdict("bounce", "bounce", "Mailbox Unavailable", "5.2.2", "mailbox full")).toEqual(
      v("mailboxfull", false, false),
    );
    expect(sendgridVerdict("dropped", "", "", null, "Bounced Address")).toEqual(v("suppressed", true, false));
    expect(sendgridVerdict("dropped", "", "", null, "Invalid SMTPAPI header")).toEqual(
      v("mailererror", false, true),
    );
  });

  it("Postmark", () => {
    expect(postmarkVerdict("HardBounce", null, "")).toEqual(v("userunknown", true, false));
    expect(postmarkVerdict("SoftBounce", "5.1.1", "user unknown")).toEqual(v("userunknown", false, false));
    expect(postmarkVerdict("Blocked", null, "")).toEqual(v("blocked", false, true));
    expect(postmarkVerdict("DMARCPolicy", null, "")).toEqual(v("authfailure", false, true));
    expect(postmarkVerdict("AutoResponder", null, "")).toBeNull();
    const content = "Message-ID: <bounce@mx>\r\n\r\nStatus: 5.1.1\r\n\r\nMessage-ID: <ours@acme.test>\r\n";
    expect(postmarkOriginalId({ Content: content })).toBe("<ours@acme.test>");
    expect(postmarkOriginalId({ Metadata: { "baton-message-id": "m@acme.test" }, Content: content })).toBe(
      "<m@acme.test>",
    );
  });

  it("Mailgun: temporary is never hard; suppress-* reasons are; other events are ignored", () => {
    const body = (data: Record<string, unknown>) => ({
      "event-data": { id: "e1", recipient: "A@B.test", ...data },
    });
    const temp = mailgunEvents(
      body({
        event: "failed",
        severity: "temporary",
        "delivery-status": { code: 550, message: "5.1.1 user unknown" },
      }),
    );
    expect(temp.events[0]).toMatchObject({
      kind: "bounce",
      recipient: "a@b.test",
      bounce: { hard: false, reason: "userunknown" },
    });
    const sup = mailgunEvents(
      body({
        event: "failed",
        severity: "permanent",
        reason: "suppress-bounce",
        "delivery-status": { code: 605 },
      }),
    );
    expect(sup.events[0]).toMatchObject({ bounce: { hard: true, reason: "suppressed", status: null } });
    expect(mailgunEvents(body({ event: "delivered" }))).toEqual({ events: [], ignored: 1 });
  });
});

describe("SNS string to sign (AWS: Verifying the signatures of Amazon SNS messages)", () => {
  const base = {
    MessageId: "m1",
    TopicArn: "arn:aws:sns:us-east-1:123456789012:t",
    Message: "hello",
    Timestamp: "2026-01-01T00:00:00.000Z",
    SignatureVersion: "2",
    Signature: "",
    SigningCertURL: "",
  };
  it("Notification: Subject only when present", () => {
    expect(snsStringToSign({ ...base, Type: "Notification" } as SnsMessage)).toBe(
      "Message\nhello\nMessageId\nm1\nTimestamp\n2026-01-01T00:00:00.000Z\nTopicArn\narn:aws:sns:us-east-1:123456789012:t\nType\nNotification\n",
    );
    expect(snsStringToSign({ ...base, Type: "Notification", Subject: "s" } as SnsMessage)).toContain(
      "MessageId\nm1\nSubject\ns\nTimestamp",
    );
  });
  it("SubscriptionConfirmation: SubscribeURL and Token", () => {
    const s = snsStringToSign({
      ...base,
      Type: "SubscriptionConfirmation",
      SubscribeURL: "u",
      Token: "k",
    } as SnsMessage);
    expect(s).toBe(
      "Message\nhello\nMessageId\nm1\nSubscribeURL\nu\nTimestamp\n2026-01-01T00:00:00.000Z\nToken\nk\nTopicArn\narn:aws:sns:us-east-1:123456789012:t\nType\nSubscriptionConfirmation\n",
    );
  });
});
