// Gmail-shaped inbound mail for the trust tests (issue 56 item 4, follow-up): what the sender's
// server sent, what Gmail's MX adds on arrival (Return-Path, its Received line, Received-SPF and
// its Authentication-Results below that line), the ARC set it seals over that (test keys, via
// mailauth's sealer), and its internal hops on top on the way to the mailbox. Also the Received
// line Dovecot's LMTP adds on final delivery. Test-only.
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { arc, sealMessage } from "mailauth/lib/arc/index.js";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";

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
  const domain = o.domain ?? "google.com";
  const selector = o.selector ?? GOOGLE_ARC_SELECTOR;
  const start = (o.signTime ?? new Date("2026-03-02T16:00:02Z")).getTime();
  // mailauth's signer makes about one signature in 400 that its own verifier refuses (see
  // dkim-test-sign.ts): a seal meant to verify (cv none or pass) is checked against its own key and
  // made again a second later until it does
  const record = `v=DKIM1; k=rsa; p=${createPublicKey(o.privateKey).export({ type: "spki", format: "der" }).toString("base64")}`;
  for (let attempt = 0; ; attempt++) {
    const set = await sealMessage(Buffer.from(message), {
      signingDomain: domain,
      selector,
      privateKey: o.privateKey,
      authResults: o.aar,
      cv: o.cv ?? "none",
      signTime: new Date(start + attempt * 1000),
    });
    const sealed = set.toString() + message;
    if (o.cv === "fail" || attempt >= 7) return sealed;
    const own = `${selector}._domainkey.${domain}`.toLowerCase();
    const resolver = async (name: string) => {
      if (name.toLowerCase() !== own)
        throw Object.assign(new Error(`no key at ${name}`), { code: "ENOTFOUND" });
      return [[record]];
    };
    const read = await dkimVerify(Buffer.from(sealed), { resolver });
    if ((o.cv ?? "none") === "pass") return sealed; // an earlier set's keys are not known here
    if ((await arc(read.arc ?? { chain: false }, { resolver })).status.result === "pass") return sealed;
  }
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
