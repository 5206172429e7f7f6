// Gmail-shaped inbound mail for the trust tests (issue 56 item 4, follow-up): what the sender's
// server sent, what Gmail's MX adds on arrival (Return-Path, its Received line, Received-SPF and
// its Authentication-Results below that line), the ARC set it seals over that (test keys, via
// mailauth's sealer), and its internal hops on top on the way to the mailbox. Also the Received
// line Dovecot's LMTP adds on final delivery. Test-only.
import { generateKeyPairSync } from "node:crypto";
import { sealMessage } from "mailauth/lib/arc/index.js";

/** An RSA key pair and the DKIM TXT record that publishes it (DKIM and ARC keys alike). */
export function testKey(): { privateKey: string; record: string } {
  const k = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey: k.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    record: `v=DKIM1; k=rsa; p=${k.publicKey.export({ type: "spki", format: "der" }).toString("base64")}`,
  };
}

/** The selector the tests' google.com ARC key is published under. */
export const GOOGLE_ARC_SELECTOR = "arc-20240605";

/** Gmail's verdict on a message its sender's own servers handed over (SPF and DMARC pass). */
export const spfPass = (from: string) =>
  `spf=pass (google.com: domain of ${from} designates 198.51.100.7 as permitted sender) smtp.mailfrom=${from}; dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=${from.split("@")[1]}`;

/** What Gmail's MX adds on top when the message arrives: its Authentication-Results below its Received. */
export function gmailArrived(message: string, from: string, ar = spfPass(from)): string {
  return [
    `Return-Path: <${from}>`,
    "Received: from mail.buyer.example (mail.buyer.example. [198.51.100.7]) by mx.google.com with ESMTPS id a1b2c3d4 for <rep@acme.test> (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); Mon, 02 Mar 2026 08:00:01 -0800 (PST)",
    `Received-SPF: pass (google.com: domain of ${from} designates 198.51.100.7 as permitted sender) client-ip=198.51.100.7;`,
    `Authentication-Results: mx.google.com; ${ar}`,
    message,
  ].join("\r\n");
}

/** An ARC set over the message, prepended, as a receiver seals it on receipt. */
export async function sealArc(
  message: string,
  o: {
    /** the ARC-Authentication-Results after "i=N; " */
    aar: string;
    privateKey: string;
    domain?: string;
    selector?: string;
    cv?: "none" | "pass" | "fail";
    signTime?: Date;
  },
): Promise<string> {
  const set = await sealMessage(Buffer.from(message), {
    signingDomain: o.domain ?? "google.com",
    selector: o.selector ?? GOOGLE_ARC_SELECTOR,
    privateKey: o.privateKey,
    authResults: o.aar,
    cv: o.cv ?? "none",
    signTime: o.signTime ?? new Date("2026-03-02T16:00:02Z"),
  });
  return set.toString() + message;
}

/** What Gmail adds after sealing, on the way to the mailbox: Delivered-To and its internal hops. */
export function gmailDelivered(message: string, to = "rep@acme.test"): string {
  return [
    `Delivered-To: ${to}`,
    "Received: by 2002:a05:7010:5c8f:b0:1a2:3b4c:5d6e with SMTP id q9csp123456mab; Mon, 02 Mar 2026 08:00:02 -0800 (PST)",
    "X-Received: by 2002:a17:90b:3e8a:b0:2c9:81a1:2f0e with SMTP id ox10mr1234567pjb.12.1772467202; Mon, 02 Mar 2026 08:00:02 -0800 (PST)",
    message,
  ].join("\r\n");
}

/** The Received line Dovecot's LMTP writes on final delivery (folded as Dovecot 2.3 folds it). */
export function dovecotLmtpReceived(host: string, from: string, to: string): string {
  return [
    `Received: from ${host}`,
    `\tby ${host} with LMTP`,
    "\tid 8BFcJQ0b5mU1AQAA7h0jMg",
    `\t(envelope-from <${from}>)`,
    `\tfor <${to}>; Mon, 02 Mar 2026 16:00:02 +0000`,
  ].join("\r\n");
}
