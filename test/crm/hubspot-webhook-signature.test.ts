// Issue 58: the v3 signature's URI is decoded as HubSpot's v3 instructions say before it is signed
// ("Validating requests", v3: the URL-encoded characters of its table, %3A %2F %3F %40 %21 %24 %27
// %28 %29 %2A %2C %3B, decoded; others kept). A delivery to a URL holding one of them, signed as
// HubSpot signs it, was refused when Baton signed the URI as it came; a forged one still is.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hubSpotSignedUri, verifyHubSpotSignature } from "../../src/crm/receive-hubspot-webhook.ts";
import type { BatonError } from "../../src/errors/baton-error.ts";

const SECRET = "hubspot-app-client-secret";
const now = new Date("2026-03-02T10:00:00Z");
const body = Buffer.from(
  '[{"portalId":62515,"objectId":1,"subscriptionType":"contact.deletion","occurredAt":1}]',
);
// the URL HubSpot was given, with an encoded ':' and '@' in its query (a tenant hint, say)
const uri = "https://baton.example/api/v1/inbound/crm/hubspot?via=ops%40acme%3Aeu&q=a%20b";

/** HubSpot's own computation: method + decoded URI + body + timestamp, HMAC-SHA256, base64. */
function hubspotSigns(signedUri: string, ts: number) {
  return createHmac("sha256", SECRET)
    .update(`POST${signedUri}${body.toString("utf8")}${ts}`)
    .digest("base64");
}

const delivery = (sig: string, ts = now.getTime()) => ({
  method: "POST",
  uri,
  rawBody: body,
  headers: { "x-hubspot-signature-v3": sig, "x-hubspot-request-timestamp": String(ts) },
});

const refusal = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return (e as BatonError).code;
  }
  return null;
};

describe("HubSpot v3 signature URI", () => {
  it("decodes only the characters of HubSpot's table", () => {
    expect(hubSpotSignedUri(uri)).toBe(
      "https://baton.example/api/v1/inbound/crm/hubspot?via=ops@acme:eu&q=a%20b",
    );
    expect(hubSpotSignedUri("/x%2f%3b%2C%25")).toBe("/x/;,%25");
  });

  it("accepts a delivery signed over the decoded URI, as HubSpot signs it", () => {
    const sig = hubspotSigns(
      "https://baton.example/api/v1/inbound/crm/hubspot?via=ops@acme:eu&q=a%20b",
      now.getTime(),
    );
    expect(refusal(() => verifyHubSpotSignature(SECRET, delivery(sig), now))).toBeNull();
  });

  it("broken beside: a signature over the URI as it came (the old reading) is refused, as is a forged one", () => {
    expect(
      refusal(() => verifyHubSpotSignature(SECRET, delivery(hubspotSigns(uri, now.getTime())), now)),
    ).toBe("WEBHOOK_SIGNATURE_INVALID");
    const forged = createHmac("sha256", "not-the-secret").update("x").digest("base64");
    expect(refusal(() => verifyHubSpotSignature(SECRET, delivery(forged), now))).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
  });
});
