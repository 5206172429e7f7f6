// A DKIM signature for the inbound tests that verifies (test-only). mailauth's signer, which the
// tests use to play a sender's server, folds its DKIM-Signature so that about one signature in 400
// fails mailauth's own verifier with "bad signature" (measured 2026-11-28: 1 of 400 signed by
// mailauth failed; 0 of 1,200 signed by nodemailer, Baton's own outbound signer, and verified by
// mailauth). A genuine test reply was then read as forged now and then, and the inbound suites
// failed one run in four or five (inbound-trust, inbound-forgery-e2e, inbound-auth). Here a signature
// is checked against its own key before the test uses it, and made again a second later (a new t=,
// so other bytes) until it verifies. What the tests assert is unchanged: a forger's key still fails
// against the published one, since the check is against the signing key itself.
import { createPublicKey } from "node:crypto";
import { dkimSign } from "mailauth/lib/dkim/sign.js";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";

type SignOptions = Parameters<typeof dkimSign>[1];

/** dkimSign's signatures (its answer's shape), made again with the next second's t= until they verify against their own keys. */
export async function dkimSignVerified(raw: string, options: SignOptions): Promise<{ signatures: string }> {
  const records = new Map(
    options.signatureData.map((s) => [
      `${s.selector}._domainkey.${s.signingDomain}`.toLowerCase(),
      `v=DKIM1; k=rsa; p=${createPublicKey(s.privateKey).export({ type: "spki", format: "der" }).toString("base64")}`,
    ]),
  );
  const resolver = async (name: string) => {
    const record = records.get(name.toLowerCase());
    if (!record) throw Object.assign(new Error(`no key at ${name}`), { code: "ENOTFOUND" });
    return [[record]];
  };
  const start = Date.now();
  for (let attempt = 0; attempt < 8; attempt++) {
    const signTime = new Date(start + attempt * 1000);
    const { signatures } = await dkimSign(raw, { ...options, signTime } as SignOptions);
    const check = await dkimVerify(Buffer.from(signatures + raw), { resolver });
    if (check.results.every((r) => r.status.result === "pass")) return { signatures };
  }
  throw new Error("mailauth's signer made 8 signatures in a row that do not verify");
}
