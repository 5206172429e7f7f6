// SendGrid's signed Event Webhook, verified with Node's own ECDSA (OpenSSL): the real request
// beside the forged ones (issue 71 item 5). SendGrid's package @sendgrid/eventwebhook 8.0.0 was
// measured on these same cases (docs/mailboxes.md, "Provider webhooks"): the same verdict on each,
// 16 times slower (pure-JavaScript ECDSA, starkbank-ecdsa), so the check stays on node:crypto.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import "../runtime/errors.ts";
import { verifySendgrid } from "./webhook-sendgrid.ts";

const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const other = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const key = (publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64");
const now = new Date("2026-11-28T12:00:00Z");
const ts = String(now.getTime() / 1000);
const body = Buffer.from(
  `${JSON.stringify([{ email: "a@x.io", event: "bounce", reason: "550 Müller" }])}\r\n`,
);
const sign = (t: string, b: Buffer, k = privateKey) =>
  crypto
    .sign("sha256", Buffer.concat([Buffer.from(t), b]), { key: k, dsaEncoding: "der" })
    .toString("base64");

// P-256's group order: a signature's r and s lie in [1, n-1]
const N = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const int = (x: bigint) => {
  let b = Buffer.from(
    x
      .toString(16)
      .padStart(2, "0")
      .replace(/^(.(..)*)$/, "0$1"),
    "hex",
  );
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return Buffer.concat([Buffer.from([2, b.length]), b]);
};
const der = (r: bigint, s: bigint) => {
  const c = Buffer.concat([int(r), int(s)]);
  return Buffer.concat([Buffer.from([0x30, c.length]), c]).toString("base64");
};
function rs(sig: string): [bigint, bigint] {
  const b = Buffer.from(sig, "base64");
  const rl = b[3];
  const r = BigInt(`0x${b.subarray(4, 4 + rl).toString("hex")}`);
  const s = BigInt(`0x${b.subarray(6 + rl, 6 + rl + b[5 + rl]).toString("hex")}`);
  return [r, s];
}

const good = sign(ts, body);
const [r, s] = rs(good);
const verdict = (sig: string | undefined, t: string | undefined, b: Buffer, at = now) => {
  try {
    verifySendgrid(key, sig, t, b, at, 300);
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe("verifySendgrid: the real request beside the forged", () => {
  it("accepts the real request, and the same signature's other valid form (s and n - s)", () => {
    expect(verdict(good, ts, body)).toBe("ok");
    expect(verdict(der(r, N - s), ts, body)).toBe("ok");
  });
  it.each([
    ["a changed body", () => [good, ts, Buffer.from(body.toString().replace("a@x.io", "b@x.io"))]],
    ["a changed timestamp", () => [good, String(Number(ts) + 1), body]],
    ["another key's signature", () => [sign(ts, body, other.privateKey), ts, body]],
    ["another message's signature", () => [sign(ts, Buffer.from("[]")), ts, body]],
    ["r = s = 0", () => [der(0n, 0n), ts, body]],
    ["r + n (out of range)", () => [der(r + N, s), ts, body]],
    ["s + n (out of range)", () => [der(r, s + N), ts, body]],
    ["r = s = n", () => [der(N, N), ts, body]],
    [
      "a byte after the DER",
      () => [Buffer.concat([Buffer.from(good, "base64"), Buffer.from([0])]).toString("base64"), ts, body],
    ],
    ["not base64", () => ["!!!", ts, body]],
    ["no signature", () => [undefined, ts, body]],
    ["no timestamp", () => [good, undefined, body]],
  ] as [string, () => [string | undefined, string | undefined, Buffer]][])("refuses %s", (_, make) => {
    const [sig, t, b] = make();
    expect(verdict(sig, t, b)).toBe("WEBHOOK_SIGNATURE_INVALID");
  });
  it("refuses a real signature replayed after max_age_s", () => {
    expect(verdict(good, ts, body, new Date(now.getTime() + 301_000))).toBe("WEBHOOK_TIMESTAMP_STALE");
  });
});
