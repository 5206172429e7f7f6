import { describe, expect, it } from "vitest";
import { commandOf, judgeBounce, reasonFromStatus, reasonFromText } from "./bounce-reasons.ts";

describe("bounce reasons", () => {
  it("reads the reason from the diagnostic before the status", () => {
    expect(
      judgeBounce({
        status: "5.1.1",
        diagnostic:
          "550 5.1.1 <a@b.example>: Recipient address rejected: User unknown in virtual mailbox table",
      }),
    ).toEqual({ reason: "userunknown", hard: true, senderFault: false });
    // a 5.x.x policy rejection is not a dead address
    expect(
      judgeBounce({
        status: "5.7.1",
        diagnostic: "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
      }),
    ).toMatchObject({ reason: "blocked", hard: false, senderFault: true });
    expect(judgeBounce({ status: "5.0.0", diagnostic: "550 5.2.2 mailbox full" })).toMatchObject({
      reason: "mailboxfull",
      hard: false,
      senderFault: false,
    });
    expect(
      judgeBounce({ status: "5.7.1", diagnostic: "550 5.7.1 Message rejected as spam by Content Filtering" }),
    ).toMatchObject({ reason: "spamdetected", senderFault: true });
    expect(
      judgeBounce({
        status: "5.7.25",
        diagnostic: "550 5.7.25 The IP address sending this message does not have a PTR record setup",
      }),
    ).toMatchObject({ reason: "requireptr", senderFault: true });
  });

  it("a 'user unknown' answered to DATA is a recipient's filter, believed at RCPT or with x.1.1", () => {
    expect(
      judgeBounce({
        status: "5.0.0",
        diagnostic: "550 Unknown user dana@example.jp",
        context: ">>> DATA\n<<< 550 Unknown user dana@example.jp",
      }),
    ).toMatchObject({ reason: "filtered", hard: false });
    expect(
      judgeBounce({
        status: "5.0.0",
        diagnostic: "550 Unknown user dana@example.jp (in reply to RCPT TO command)",
      }),
    ).toMatchObject({ reason: "userunknown", hard: true });
    expect(
      commandOf(">>> MAIL From:<a@b>\n<<< 250 ok\n>>> RCPT To:<c@d>\n<<< 550 no such user\n>>> DATA"),
    ).toBe("RCPT");
  });

  it("a rejected MAIL FROM is the sender's; a temporary DNS failure is not a dead host", () => {
    expect(
      judgeBounce({
        status: "5.0.0",
        diagnostic:
          "SMTP error from remote mail server after MAIL FROM:<rep@acme.test>: 553 sorry, your domain does not exist",
      }),
    ).toMatchObject({ reason: "rejected", senderFault: true });
    expect(
      judgeBounce({
        status: "4.0.0",
        diagnostic:
          "DNS Error: DNS type 'mx' lookup of example.jp responded with code NXDOMAIN Domain name not found: example.jp",
      }),
    ).toMatchObject({ reason: "networkerror", hard: false });
    expect(
      judgeBounce({
        status: "5.1.2",
        diagnostic:
          "Host or domain name not found. Name service error for name=example.invalid type=A: Host not found",
      }),
    ).toMatchObject({ reason: "hostunknown", hard: true });
  });

  it("a status alone still says something; nothing at all is undefined and soft", () => {
    expect(reasonFromStatus("5.1.6")).toBe("hasmoved");
    expect(reasonFromStatus("5.1.10")).toBe("notaccept");
    expect(reasonFromStatus("5.7.26")).toBe("authfailure");
    expect(reasonFromStatus("2.0.0")).toBeNull();
    expect(judgeBounce({ status: "4.1.10", diagnostic: null })).toMatchObject({
      reason: "notaccept",
      hard: false,
    });
    expect(judgeBounce({ status: null, diagnostic: null })).toEqual({
      reason: "undefined",
      hard: false,
      senderFault: false,
    });
    expect(judgeBounce({ status: null, diagnostic: null, action: "delayed" })).toMatchObject({
      reason: "expired",
      hard: false,
    });
    expect(reasonFromText("Final-Recipient: RFC822; a@b.example")).toBeNull();
  });
});
