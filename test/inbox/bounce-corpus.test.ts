// Issues 35 and 56 "Bounces read as well as the best parsers": classifyMail over Sisimai's public
// set of real bounce messages (read where it lies, never copied: test/support/corpora.ts), against
// the labels of go-sisimai's own tests, on a tuning half and a held-out half (halfOf). Fails, on
// either half, below 95% of labelled bounces read as bounces, below 90% agreement with Sisimai's
// hard-bounce flag, below 85% agreement on the class of the reason (hard, soft, the sender's
// fault); on any message of maildir/not read as a hard bounce,
// on a complaint not read as one; prints the confusion matrix and the misses by engine.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { BOUNCE_REASONS, type BounceReason } from "../../src/inbox/bounce/bounce-reasons.ts";
import { classifyMail, type MailClass } from "../../src/inbox/classify-mail.ts";
import { parseInbound } from "../../src/inbox/parse-inbound.ts";
import { corporaDir } from "../support/corpora.ts";
import { describeNeeds } from "../support/multi.ts";

interface Label {
  engine: string;
  recipients: { status: string; reason: string; hardBounce: boolean }[];
}

const at = new Date("2026-11-25T12:00:00Z");

/**
 * Issue 56 item 5: the corpus is split in two halves by engine family (the MTA or provider that
 * wrote the bounce, the label's `engine`), by a hash of its name, so the held-out half holds whole
 * engines the rules were not tuned on (as corpora the project does not have would). Rules are
 * tuned on the tuning half only; the held-out half is measured, never read for rules. The split
 * was fixed before any rule of issue 56 changed.
 */
function halfOf(engine: string): "tuning" | "held_out" {
  const h = createHash("sha256").update(`baton-56${engine.toLowerCase()}`).digest();
  return h[0]! % 2 === 1 ? "held_out" : "tuning";
}

function engines(labels: Record<string, Label>, half: "tuning" | "held_out"): number {
  return new Set(
    Object.values(labels)
      .map((l) => l.engine)
      .filter((e) => halfOf(e) === half),
  ).size;
}

interface Tally {
  bounces: number;
  detected: number;
  agree: number;
  sameReason: number;
  sameClass: number;
}
const emptyTally = (): Tally => ({ bounces: 0, detected: 0, agree: 0, sameReason: 0, sameClass: 0 });

/** Floors per half: detection ≥ 95% and hard/soft agreement ≥ 90% (issue 56's targets). */
const FLOORS = {
  tuning: { detected: 0.95, hard: 0.9, sameClass: 0.85 },
  held_out: { detected: 0.95, hard: 0.9, sameClass: 0.85 },
} as const;

/** What a label says the message is: Sisimai's reasons feedback, vacation and delivered are not bounces. */
function labelKind(l: Label): string {
  const reason = l.recipients[0]?.reason;
  if (reason === "feedback") return "complaint";
  if (reason === "vacation") return "auto_reply";
  if (reason === "delivered") return "delivery_report";
  return "bounce";
}

async function classifyFile(file: string, crlf = false): Promise<MailClass> {
  let raw = fs.readFileSync(file);
  if (crlf) raw = Buffer.from(raw.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
  return classifyMail(await parseInbound(raw), at);
}

describeNeeds(
  ["corpora"],
  "Sisimai's bounce corpus",
  () => {
    const base = path.join(corporaDir() ?? "", "mail");
    const bsd = path.join(base, "sisimai-set-of-emails/maildir/bsd");
    const not = path.join(base, "sisimai-set-of-emails/maildir/not");
    let labels: Record<string, Label> = {};
    const results = new Map<string, MailClass>();

    beforeAll(async () => {
      labels = JSON.parse(fs.readFileSync(path.join(base, "sisimai-labels.json"), "utf8")).labels;
      for (const f of fs.readdirSync(bsd).filter((f) => f.endsWith(".eml"))) {
        results.set(f, await classifyFile(path.join(bsd, f)));
      }
    }, 120_000);

    it("reads ≥ 95% of the labelled bounces as bounces and agrees with ≥ 90% of Sisimai's hard-bounce flags, on each half", () => {
      const matrix = new Map<string, Map<string, number>>();
      const halves = { tuning: emptyTally(), held_out: emptyTally() };
      const missed: string[] = [];
      const disagreed: string[] = [];
      for (const [file, c] of results) {
        const label = labels[file];
        const want = label ? labelKind(label) : "unlabelled";
        const row = matrix.get(want) ?? new Map<string, number>();
        row.set(c.kind, (row.get(c.kind) ?? 0) + 1);
        matrix.set(want, row);
        if (!label || want !== "bounce") continue;
        const half = halfOf(label.engine);
        const t = halves[half];
        t.bounces++;
        if (c.kind !== "bounce") {
          missed.push(`${half} ${file} (${label.engine}, ${label.recipients[0]!.reason}) read as ${c.kind}`);
          continue;
        }
        t.detected++;
        const first = label.recipients[0]!;
        if (c.bounce!.reason === first.reason) t.sameReason++;
        if (BOUNCE_REASONS[first.reason as BounceReason] === BOUNCE_REASONS[c.bounce!.reason as BounceReason])
          t.sameClass++;
        if (c.bounce!.hard === first.hardBounce) t.agree++;
        else
          disagreed.push(
            `${half} ${file}: Sisimai ${first.reason}/${first.hardBounce ? "hard" : "not hard"}, ours ${c.bounce!.reason}/${c.bounce!.hard ? "hard" : "not hard"}`,
          );
      }
      const kinds = ["bounce", "complaint", "auto_reply", "delivery_report", "challenge", "reply", "other"];
      const pct = (n: number, d: number) => `${n}/${d} (${((100 * n) / d).toFixed(1)}%)`;
      const lines = [
        `label \\ ours     ${kinds.map((k) => k.padStart(16)).join("")}`,
        ...[...matrix].map(
          ([want, row]) =>
            `${want.padEnd(16)} ${kinds.map((k) => String(row.get(k) ?? 0).padStart(16)).join("")}`,
        ),
        "half       engines  detected            hard flag agrees    same class          same reason",
        ...(["tuning", "held_out"] as const).map((h) => {
          const t = halves[h];
          return `${h.padEnd(10)} ${String(engines(labels, h)).padStart(7)}  ${pct(t.detected, t.bounces).padEnd(18)}  ${pct(t.agree, t.detected).padEnd(18)}  ${pct(t.sameClass, t.detected).padEnd(18)}  ${pct(t.sameReason, t.detected)}`;
        }),
        ...missed.map((m) => `  missed: ${m}`),
        ...disagreed.map((d) => `  hard flag: ${d}`),
      ];
      console.log(lines.join("\n"));
      for (const h of ["tuning", "held_out"] as const) {
        const t = halves[h];
        expect(t.bounces, h).toBeGreaterThan(200);
        expect(t.detected / t.bounces, `${h}: bounces read as bounces`).toBeGreaterThanOrEqual(
          FLOORS[h].detected,
        );
        expect(t.agree / t.detected, `${h}: hard flag agrees`).toBeGreaterThanOrEqual(FLOORS[h].hard);
        // the sender's faults (blocked, DMARC, reputation …) must be told from the recipient's
        expect(t.sameClass / t.detected, `${h}: same class`).toBeGreaterThanOrEqual(FLOORS[h].sameClass);
      }
    });

    it("reads every labelled complaint as a complaint, and the auto-replies and delivery reports as such", () => {
      for (const [file, label] of Object.entries(labels)) {
        const kind = labelKind(label);
        if (kind === "bounce") continue;
        expect(`${file}: ${results.get(file)?.kind}`).toBe(`${file}: ${kind}`);
      }
      const complaints = [...results].filter(([, c]) => c.kind === "complaint");
      // a complainant is named where the report names one (some reports redact it)
      expect(complaints.filter(([, c]) => c.complaint?.recipient).length).toBeGreaterThanOrEqual(15);
    });

    it("takes no message of maildir/not for a bounce that would suppress anyone", async () => {
      for (const f of fs.readdirSync(not)) {
        const c = await classifyFile(path.join(not, f));
        if (f === "rb-issue-368-bug.eml") {
          // Sisimai files this one under not/ because no parser of its own reads it, but it is a
          // postmaster's notice that the mail was "rejected and discarded … reject reason:
          // Mailbox full": read as a soft bounce (mailbox full), which suppresses nobody
          expect(c).toMatchObject({ kind: "bounce", bounce: { reason: "mailboxfull", hard: false } });
        } else expect(`${f}: ${c.kind}`).toBe(`${f}: reply`);
      }
    });

    it("reads every message the same with CRLF line endings, as IMAP delivers them", async () => {
      const key = (c: MailClass) => ({
        kind: c.kind,
        bounces: c.bounces?.map((b) => [b.recipient, b.status, b.reason, b.hard, b.senderFault]),
        complaint: c.complaint,
        originalMessageId: c.originalMessageId,
      });
      for (const [f, lf] of results) {
        const crlf = await classifyFile(path.join(bsd, f), true);
        expect({ f, ...key(crlf) }).toEqual({ f, ...key(lf) });
      }
    });
  },
  180_000,
);
