// classifyMail on small hand-written messages: the cases that are easy to get wrong.
import { describe, expect, it } from "vitest";
import { classifyMail } from "./classify-mail.ts";
import { parseInbound } from "./parse-inbound.ts";

const at = new Date("2026-11-25T12:00:00Z");

function mail(headers: string, body: string): string {
  return `${headers.trim()}\r\nMessage-ID: <m-${Math.random().toString(36).slice(2)}@example.net>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\n${body.replace(/\r?\n/g, "\r\n")}`;
}

async function classify(raw: string) {
  return classifyMail(await parseInbound(raw), at);
}

const ORIGINAL = `------ This is a copy of the message, including all the headers. ------

Return-path: <rep@acme.test>
From: Rep <rep@acme.test>
To: dana@example.org
Subject: Quick question
Message-ID: <step1-abc@baton.dev>

Hi Dana`;

describe("classifyMail", () => {
  it("an Exim bounce with Auto-Submitted: auto-replied is a bounce, not an out-of-office", async () => {
    const c = await classify(
      mail(
        `From: Mail Delivery System <Mailer-Daemon@mx.acme.test>
To: rep@acme.test
Subject: Mail delivery failed: returning message to sender
Auto-Submitted: auto-replied
X-Failed-Recipients: dana@example.org`,
        `This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  dana@example.org
    host mx.example.org [192.0.2.1]
    SMTP error from remote mail server after RCPT TO:<dana@example.org>:
    550 5.1.1 <dana@example.org>: Recipient address rejected: User unknown

${ORIGINAL}`,
      ),
    );
    expect(c).toMatchObject({
      kind: "bounce",
      bounce: {
        recipient: "dana@example.org",
        status: "5.1.1",
        reason: "userunknown",
        hard: true,
        senderFault: false,
      },
      originalMessageId: "<step1-abc@baton.dev>",
    });
  });

  it("a qmail bounce names its recipient and the status in (#5.1.1)", async () => {
    const c = await classify(
      mail(
        `From: MAILER-DAEMON@mail.example.org
To: rep@acme.test
Subject: failure notice`,
        `Hi. This is the qmail-send program at mail.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<dana@example.org>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

Return-Path: <rep@acme.test>
To: dana@example.org
Message-ID: <step1-abc@baton.dev>`,
      ),
    );
    expect(c.bounce).toMatchObject({
      recipient: "dana@example.org",
      status: "5.1.1",
      reason: "userunknown",
      hard: true,
    });
  });

  it("a policy rejection (our IP on a blocklist) is the sender's fault: the address is kept", async () => {
    const c = await classify(
      mail(
        `From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: rep@acme.test
Subject: Delivery Status Notification (Failure)`,
        `Your message wasn't delivered to dana@example.org because the remote server rejected it.

The response was:
550 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org

${ORIGINAL}`,
      ),
    );
    expect(c.bounce).toMatchObject({
      recipient: "dana@example.org",
      reason: "blocked",
      hard: false,
      senderFault: true,
    });
  });

  it("DMARC rejections are authentication failures; a full mailbox is soft", async () => {
    const dmarc = await classify(
      mail(
        `From: MAILER-DAEMON <>
To: rep@acme.test
Subject: Undelivered Mail Returned to Sender`,
        `This is the mail system at host mx.acme.test.

<dana@example.org>: host gmail-smtp-in.l.google.com said: 550-5.7.26 Unauthenticated
    email from acme.test is not accepted due to domain's DMARC policy (in reply to end of DATA command)

${ORIGINAL}`,
      ),
    );
    expect(dmarc.bounce).toMatchObject({
      status: "5.7.26",
      reason: "authfailure",
      hard: false,
      senderFault: true,
    });
    const full = await classify(
      mail(
        `From: postmaster@example.org
To: rep@acme.test
Subject: Undeliverable: Quick question`,
        `Delivery has failed to these recipients or groups:

dana@example.org
The recipient's mailbox is full and can't accept messages now.

Diagnostic information for administrators:
Remote Server returned '552 5.2.2 Mailbox full'

${ORIGINAL}`,
      ),
    );
    expect(full.bounce).toMatchObject({
      recipient: "dana@example.org",
      reason: "mailboxfull",
      hard: false,
      senderFault: false,
    });
  });

  it("a person quoting a failed delivery in a reply is a reply", async () => {
    const c = await classify(
      mail(
        `From: Dana <dana@example.org>
To: rep@acme.test
Subject: Re: Quick question
In-Reply-To: <step1-abc@baton.dev>`,
        `Odd, my colleague said your first mail could not be delivered. Anyway, Tuesday works.`,
      ),
    );
    expect(c.kind).toBe("reply");
    const re = await classify(
      mail(
        `From: Dana <dana@example.org>
To: rep@acme.test
Subject: Re: Undeliverable: Quick question`,
        "Sorry, our server said your message could not be delivered to my colleague. Try her other address.",
      ),
    );
    expect(re.kind).toBe("reply");
  });

  it("a delivery report that says delivered is a delivery report; a read receipt is other", async () => {
    const report = (type: string, part: string) =>
      mail(
        `From: postmaster@example.org
To: rep@acme.test
Subject: Delivery report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=${type}; boundary="b1"`,
        `--b1
Content-Type: text/plain

Report.

--b1
${part}
--b1--
`,
      );
    const delivered = await classify(
      report(
        "delivery-status",
        `Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; dana@example.org
Action: delivered
Status: 2.0.0
`,
      ),
    );
    expect(delivered.kind).toBe("delivery_report");
    const receipt = await classify(
      report(
        "disposition-notification",
        `Content-Type: message/disposition-notification

Final-Recipient: rfc822; dana@example.org
Disposition: manual-action/MDN-sent-manually; displayed
`,
      ),
    );
    expect(receipt.kind).toBe("other");
  });

  it("an ARF report written into a text part is a complaint, the complainant from Original-Rcpt-To", async () => {
    const c = await classify(
      mail(
        `From: fbl@isp.example
To: abuse@acme.test
Subject: Abuse report`,
        `This is an email abuse report.

Feedback-Type: abuse
User-Agent: ISP-FBL/1.0
Version: 1
Original-Rcpt-To: <Dana@Example.org>

Message-ID: <step1-abc@baton.dev>
From: rep@acme.test
To: dana@example.org`,
      ),
    );
    expect(c).toMatchObject({
      kind: "complaint",
      complaint: { recipient: "dana@example.org", feedbackType: "abuse" },
      originalMessageId: "<step1-abc@baton.dev>",
    });
  });

  it("out-of-office subjects in seven languages are auto-replies without any header", async () => {
    for (const subject of [
      "Out of Office: Quick question",
      "Abwesenheitsnotiz: Quick question",
      "Réponse automatique : Quick question",
      "Respuesta automática: Quick question",
      "Afwezig: Quick question",
      "Risposta automatica: Quick question",
      "Resposta automática: Quick question",
    ]) {
      const c = await classify(
        mail(`From: Dana <dana@example.org>\nTo: rep@acme.test\nSubject: ${subject}`, "Danke."),
      );
      expect(`${subject}: ${c.kind}`).toBe(`${subject}: auto_reply`);
    }
    const body = await classify(
      mail(
        "From: Dana <dana@example.org>\nTo: rep@acme.test\nSubject: Re: Quick question",
        "Vielen Dank für Ihre Nachricht. Ich bin bis zum 3. Dezember nicht im Büro und habe keinen Zugriff auf meine E-Mails.",
      ),
    );
    expect(body.kind).toBe("auto_reply");
  });

  it("challenge-response mails are challenges, not replies, even with Auto-Submitted", async () => {
    const c = await classify(
      mail(
        `From: Dana <dana@example.org>
To: rep@acme.test
Subject: Please verify your email address
Auto-Submitted: auto-replied`,
        "I'm protected by SpamArrest. Please confirm you are a human by clicking the link below so your message is delivered.",
      ),
    );
    expect(c.kind).toBe("challenge");
  });

  it("an Amazon SES bounce notification mailed by SNS is a bounce", async () => {
    const json = JSON.stringify({
      notificationType: "Bounce",
      bounce: {
        bounceType: "Permanent",
        bounceSubType: "General",
        bouncedRecipients: [
          {
            emailAddress: "Dana@example.org",
            status: "5.1.1",
            diagnosticCode: "smtp; 550 5.1.1 user unknown",
          },
        ],
      },
      mail: { commonHeaders: { messageId: "<step1-abc@baton.dev>" } },
    });
    const c = await classify(
      mail("From: no-reply@sns.amazonaws.com\nTo: rep@acme.test\nSubject: AWS Notification Message", json),
    );
    expect(c).toMatchObject({
      kind: "bounce",
      bounce: { recipient: "dana@example.org", status: "5.1.1", reason: "userunknown", hard: true },
      originalMessageId: "<step1-abc@baton.dev>",
    });
  });

  // issue 56 item 5: hard or soft from the status and the reason together
  async function dsn(status: string, diagnostic: string, action = "failed") {
    return classify(
      mail(
        `From: Mail Delivery System <MAILER-DAEMON@mx.acme.test>
To: rep@acme.test
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b"`,
        `--b
Content-Type: text/plain

Your message could not be delivered.

--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.acme.test

Final-Recipient: rfc822; dana@example.org
Action: ${action}
Status: ${status}
Diagnostic-Code: smtp; ${diagnostic}

--b--
`,
      ),
    );
  }

  it("a user unknown is hard only when permanent; a disabled account is hard, a suspended one soft", async () => {
    const cases: [string, string, string, boolean, boolean][] = [
      [
        "5.1.1",
        "550 5.1.1 <dana@example.org>: Recipient address rejected: User unknown",
        "userunknown",
        true,
        false,
      ],
      [
        "4.1.1",
        "450 4.1.1 <dana@example.org>: Recipient address rejected: User unknown",
        "userunknown",
        false,
        false,
      ],
      ["5.1.2", "550 5.1.2 Host unknown: Domain name not found", "hostunknown", true, false],
      ["5.2.1", "550 5.2.1 The email account that you tried to reach is disabled.", "suspend", true, false],
      ["5.2.1", "550 5.2.1 The email account that you tried to reach is inactive.", "suspend", false, false],
      ["5.2.1", "550 5.2.1 Account temporarily locked", "suspend", false, false],
      ["5.2.2", "552 5.2.2 Mailbox full: quota exceeded", "mailboxfull", false, false],
      ["4.7.0", "421 4.7.0 Rate limit exceeded, try again later", "speeding", false, false],
      [
        "4.7.1",
        "450 4.7.1 <dana@example.org>: Recipient address rejected: Greylisted, try again",
        "greylisted",
        false,
        false,
      ],
      [
        "5.7.1",
        "550 5.7.1 You are not authorized to send mail on behalf of acme.test",
        "authfailure",
        false,
        true,
      ],
      [
        "5.7.26",
        "550 5.7.26 Unauthenticated email is not accepted due to DMARC policy",
        "authfailure",
        false,
        true,
      ],
      [
        "5.7.1",
        "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
        "blocked",
        false,
        true,
      ],
    ];
    for (const [status, diagnostic, reason, hard, senderFault] of cases) {
      const c = await dsn(status, diagnostic);
      expect({ diagnostic, ...c.bounce }).toMatchObject({ diagnostic, reason, hard, senderFault });
    }
  });

  it("list mail and the de-facto auto-reply headers are automatic; List-Unsubscribe on a threaded reply is not", async () => {
    const base = "From: Dana <dana@example.org>\nTo: rep@acme.test\nSubject: Re: Quick question";
    for (const [header, by] of [
      ["Precedence: junk", "Precedence: junk"],
      ["List-Id: <buyers.lists.example.org>", "List-Id"],
      ["X-Autogenerated: Reply", "x-autogenerated: Reply"],
    ]) {
      const c = await classify(mail(`${base}\n${header}`, "Thanks."));
      expect(c).toMatchObject({ kind: "auto_reply", autoBy: by });
    }
    const threaded = await classify(
      mail(`${base}\nIn-Reply-To: <step1-abc@baton.dev>\nList-Unsubscribe: <https://tool.example/u>`, "Yes."),
    );
    expect(threaded.kind).toBe("reply");
    // Outlook's X-Auto-Response-Suppress alone is no proof: CRMs write it on a person's mail too
    const suppress = await classify(mail(`${base}\nX-Auto-Response-Suppress: All`, "Sounds good."));
    expect(suppress.kind).toBe("reply");
  });

  it("a mailer daemon's bounce that says 'sender verification required' is a bounce, not a challenge", async () => {
    const c = await classify(
      mail(
        `From: Mail Delivery System <MAILER-DAEMON@mx.acme.test>
To: rep@acme.test
Subject: Undelivered Mail Returned to Sender`,
        `This is the mail system at host mx.acme.test.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<dana@example.org>: host mx.example.org[192.0.2.1] said: 550 5.7.1
    Sender verification required (in reply to RCPT TO command)
`,
      ),
    );
    expect(c.kind).toBe("bounce");
    expect(c.bounce?.recipient).toBe("dana@example.org");
  });
});
