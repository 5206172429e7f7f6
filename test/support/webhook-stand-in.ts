// Local stand-ins for the mail providers' webhooks (issue 35 item 5): each builds the payload a
// provider documents, signs it as the provider does (or forges it), and POSTs it over HTTP to
// Baton's receiving URL, as the provider would.
//   - Amazon SNS/SES: the SNS envelope (Type, MessageId, TopicArn, Message, Timestamp,
//     SignatureVersion 1 SHA1withRSA | 2 SHA256withRSA, Signature, SigningCertURL, SubscribeURL,
//     Token) around an SES Bounce or Complaint notification; the stand-in serves its own X.509
//     certificate (made with openssl) and a SubscribeURL, and counts what is fetched.
//   - SendGrid: an Event Webhook array (bounce, dropped, spamreport, …) signed with ECDSA P-256 over
//     timestamp + body (X-Twilio-Email-Event-Webhook-Signature / -Timestamp).
//   - Mailgun: { signature: {timestamp, token, signature: hex HMAC-SHA256}, "event-data" }.
//   - Postmark: Bounce / SpamComplaint records; Basic credentials and a path token on the URL.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { SnsTransport } from "../../src/inbox/webhook-ses.ts";

export interface Posted {
  status: number;
  body: any;
}

/** POSTs a body to a URL as a provider does (raw bytes, the provider's content type). */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Posted> {
  const r = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const text = await r.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: r.status, body: json };
}

// ---------------------------------------------------------------- Amazon SNS / SES

/** A key and a self-signed X.509 certificate of the stand-in's own (openssl). */
export function makeCertificate(cn = "sns.stand-in.test"): { keyPem: string; certPem: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sns-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        `/CN=${cn}`,
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    return {
      keyPem: fs.readFileSync(path.join(dir, "key.pem"), "utf8"),
      certPem: fs.readFileSync(path.join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface SnsStandIn {
  /** where the certificate is served (http on loopback: the test's transport allows it) */
  certUrl: string;
  subscribeUrl: (token: string) => string;
  /** the transport Baton uses in the test: this stand-in's host only, fetched for real */
  transport: SnsTransport;
  certFetches: number;
  subscribeCalls: string[];
  /** signs an SNS message with the stand-in's key (or another key: a forgery) */
  sign(m: Record<string, string>, version?: "1" | "2", keyPem?: string): Record<string, string>;
  close(): Promise<void>;
}

const SIGNED = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: [
    "Message",
    "MessageId",
    "SubscribeURL",
    "Timestamp",
    "Token",
    "TopicArn",
    "Type",
  ],
} as Record<string, string[]>;

export async function startSnsStandIn(): Promise<SnsStandIn> {
  const { keyPem, certPem } = makeCertificate();
  const state = { certFetches: 0, subscribeCalls: [] as string[] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/SimpleNotificationService-standin.pem") {
      state.certFetches++;
      res.writeHead(200, { "content-type": "application/x-pem-file" }).end(certPem);
    } else if (url.pathname === "/" && url.searchParams.get("Action") === "ConfirmSubscription") {
      state.subscribeCalls.push(url.searchParams.get("Token") ?? "");
      res.writeHead(200, { "content-type": "text/xml" }).end("<ConfirmSubscriptionResponse/>");
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const standIn: SnsStandIn = {
    certUrl: `${base}/SimpleNotificationService-standin.pem`,
    subscribeUrl: (token) => `${base}/?Action=ConfirmSubscription&TopicArn=x&Token=${token}`,
    transport: {
      // the stand-in's origin plays sns.<region>.amazonaws.com
      allowed: (url) => url.origin === base,
      async get(url) {
        const r = await fetch(url);
        return { status: r.status, body: await r.text() };
      },
    },
    get certFetches() {
      return state.certFetches;
    },
    get subscribeCalls() {
      return state.subscribeCalls;
    },
    sign(m, version = "2", key = keyPem) {
      let s = "";
      for (const f of SIGNED[m.Type!]!) if (m[f] !== undefined) s += `${f}\n${m[f]}\n`;
      const signature = crypto
        .sign(version === "1" ? "sha1" : "sha256", Buffer.from(s, "utf8"), key)
        .toString("base64");
      return { ...m, SignatureVersion: version, Signature: signature };
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  return standIn;
}

/** An SNS Notification envelope around an SES notification (unsigned; sign it with the stand-in). */
export function snsNotification(
  topicArn: string,
  certUrl: string,
  message: unknown,
  messageId = crypto.randomUUID(),
): Record<string, string> {
  return {
    Type: "Notification",
    MessageId: messageId,
    TopicArn: topicArn,
    Message: JSON.stringify(message),
    Timestamp: new Date().toISOString(),
    SigningCertURL: certUrl,
    UnsubscribeURL: `${certUrl}?Action=Unsubscribe`,
  };
}

export function snsSubscriptionConfirmation(
  topicArn: string,
  certUrl: string,
  subscribeUrl: string,
  token: string,
): Record<string, string> {
  return {
    Type: "SubscriptionConfirmation",
    MessageId: crypto.randomUUID(),
    Token: token,
    TopicArn: topicArn,
    Message: `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: subscribeUrl,
    Timestamp: new Date().toISOString(),
    SigningCertURL: certUrl,
  };
}

function sesMail(to: string, messageId: string) {
  return {
    timestamp: "2026-04-20T10:00:01.000Z",
    source: "rep@acme.test",
    sourceArn: "arn:aws:ses:us-east-1:123456789012:identity/acme.test",
    sendingAccountId: "123456789012",
    messageId: `0100018f${crypto.randomBytes(8).toString("hex")}-ses`,
    destination: [to],
    headersTruncated: false,
    headers: [
      { name: "From", value: "rep@acme.test" },
      { name: "To", value: to },
      { name: "Message-ID", value: messageId },
    ],
    commonHeaders: { from: ["rep@acme.test"], to: [to], messageId, subject: "Hello" },
  };
}

/** SES "Bounce" notification (SES Developer Guide, notification contents). */
export function sesBounce(
  to: string,
  messageId: string,
  bounceType: "Permanent" | "Transient" | "Undetermined",
  bounceSubType: string,
  diagnosticCode = "smtp; 550 5.1.1 user unknown",
) {
  return {
    notificationType: "Bounce",
    bounce: {
      feedbackId: `0100018f-${crypto.randomUUID()}-000000`,
      bounceType,
      bounceSubType,
      bouncedRecipients: [
        {
          emailAddress: to,
          action: "failed",
          status: /\b\d\.\d+\.\d+\b/.exec(diagnosticCode)?.[0],
          diagnosticCode,
        },
      ],
      timestamp: "2026-04-20T10:00:05.000Z",
      reportingMTA: "dsn; a8-1.smtp-out.amazonses.com",
    },
    mail: sesMail(to, messageId),
  };
}

/** SES "Complaint" notification. */
export function sesComplaint(to: string, messageId: string, feedbackType = "abuse") {
  return {
    notificationType: "Complaint",
    complaint: {
      feedbackId: `0100018f-${crypto.randomUUID()}-000000`,
      complaintSubType: null,
      complainedRecipients: [{ emailAddress: to }],
      timestamp: "2026-04-20T11:00:00.000Z",
      userAgent: "Yahoo!-Mail-Feedback/2.0",
      complaintFeedbackType: feedbackType,
      arrivalDate: "2026-04-20T10:59:00.000Z",
    },
    mail: sesMail(to, messageId),
  };
}

// ---------------------------------------------------------------- Mailgun

/** Mailgun's webhook body: the signature over timestamp + token, and the event-data. */
export function mailgunBody(
  signingKey: string,
  eventData: Record<string, unknown>,
  opts: { timestamp?: number; token?: string } = {},
): string {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const token = opts.token ?? crypto.randomBytes(25).toString("hex");
  const signature = crypto
    .createHmac("sha256", signingKey)
    .update(timestamp + token)
    .digest("hex");
  return JSON.stringify({ signature: { timestamp, token, signature }, "event-data": eventData });
}

/** event-data of a "failed" event (severity permanent | temporary). */
export function mailgunFailed(
  to: string,
  messageId: string,
  severity: "permanent" | "temporary",
  opts: { reason?: string; code?: number; message?: string; description?: string } = {},
) {
  return {
    event: "failed",
    id: crypto.randomBytes(11).toString("base64url"),
    timestamp: Date.now() / 1000,
    severity,
    reason: opts.reason ?? "bounce",
    "log-level": severity === "permanent" ? "error" : "warn",
    recipient: to,
    "recipient-domain": to.split("@")[1],
    envelope: { transport: "smtp", sender: "rep@acme.test", targets: to },
    "delivery-status": {
      "attempt-no": 1,
      code: opts.code ?? 550,
      message: opts.message ?? "5.1.1 The email account that you tried to reach does not exist.",
      description: opts.description ?? "",
      "session-seconds": 0.4,
    },
    message: {
      headers: { to, "message-id": messageId.replace(/^<|>$/g, ""), from: "rep@acme.test", subject: "Hello" },
      attachments: [],
      size: 1234,
    },
    flags: { "is-routed": false, "is-authenticated": true, "is-system-test": false, "is-test-mode": false },
  };
}

export function mailgunComplained(to: string, messageId: string) {
  return {
    event: "complained",
    id: crypto.randomBytes(11).toString("base64url"),
    timestamp: Date.now() / 1000,
    "log-level": "warn",
    recipient: to,
    message: {
      headers: { to, "message-id": messageId.replace(/^<|>$/g, ""), from: "rep@acme.test", subject: "Hello" },
    },
  };
}

// ---------------------------------------------------------------- SendGrid

/** An ECDSA P-256 key pair; `verificationKey` is what SendGrid shows (base64 DER SPKI). */
export function sendgridKeys(): { privateKey: crypto.KeyObject; verificationKey: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return {
    privateKey,
    verificationKey: (publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64"),
  };
}

/** The signature headers SendGrid sends with a body (ECDSA over timestamp + body, base64 DER). */
export function sendgridHeaders(
  privateKey: crypto.KeyObject,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = crypto
    .sign("sha256", Buffer.from(`${timestamp}${body}`, "utf8"), privateKey)
    .toString("base64");
  return {
    "x-twilio-email-event-webhook-signature": signature,
    "x-twilio-email-event-webhook-timestamp": String(timestamp),
  };
}

function sendgridBase(to: string, messageId: string, event: string) {
  return {
    email: to,
    timestamp: Math.floor(Date.now() / 1000),
    "smtp-id": messageId,
    event,
    category: ["outreach"],
    sg_event_id: crypto.randomBytes(16).toString("base64url"),
    sg_message_id: `${crypto.randomBytes(11).toString("base64url")}.filterdrecv-1-1`,
  };
}

export function sendgridBounce(
  to: string,
  messageId: string,
  opts: { type?: "bounce" | "blocked"; classification?: string; status?: string; reason?: string } = {},
) {
  return {
    ...sendgridBase(to, messageId, "bounce"),
    type: opts.type ?? "bounce",
    bounce_classification: opts.classification ?? "Invalid Address",
    status: opts.status ?? "5.1.1",
    reason: opts.reason ?? "550 5.1.1 The email account that you tried to reach does not exist.",
    tls: 1,
  };
}

export function sendgridDropped(to: string, messageId: string, reason = "Bounced Address") {
  return { ...sendgridBase(to, messageId, "dropped"), reason };
}

export function sendgridSpamReport(to: string, messageId: string) {
  return sendgridBase(to, messageId, "spamreport");
}

export function sendgridDelivered(to: string, messageId: string) {
  return { ...sendgridBase(to, messageId, "delivered"), response: "250 OK" };
}

// ---------------------------------------------------------------- Postmark

let postmarkIds = 4_323_372_036_854_000;

/** A Bounce webhook record; the original Message-ID travels in Content (the returned headers). */
export function postmarkBounce(
  to: string,
  messageId: string,
  type: string,
  details = "smtp;550 5.1.1 unknown user",
) {
  const id = postmarkIds++;
  return {
    RecordType: "Bounce",
    ID: id,
    Type: type,
    TypeCode: type === "HardBounce" ? 1 : type === "SoftBounce" ? 4096 : 100006,
    Name: type,
    Tag: "outreach",
    MessageID: crypto.randomUUID(),
    Metadata: {},
    ServerID: 23,
    MessageStream: "outbound",
    Description: "The server was unable to deliver your message.",
    Details: details,
    Email: to,
    From: "rep@acme.test",
    BouncedAt: new Date().toISOString(),
    DumpAvailable: true,
    Inactive: type === "HardBounce",
    CanActivate: true,
    Subject: "Hello",
    Content: [
      "Return-Path: <>",
      `Message-ID: <bounce-${id}@mx.example.test>`,
      "Content-Type: multipart/report; report-type=delivery-status",
      "",
      `Final-Recipient: rfc822; ${to}`,
      "Status: 5.1.1",
      "",
      "Content-Type: text/rfc822-headers",
      "",
      "From: rep@acme.test",
      `To: ${to}`,
      `Message-ID: ${messageId}`,
      "",
    ].join("\r\n"),
  };
}

export function postmarkSpamComplaint(to: string, messageId: string) {
  return {
    ...postmarkBounce(to, messageId, "SpamComplaint", ""),
    RecordType: "SpamComplaint",
    TypeCode: 100001,
    Name: "Spam complaint",
    Description: "The subscriber explicitly marked this message as spam.",
  };
}

export function basicAuth(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` };
}
