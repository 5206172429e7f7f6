// Issue 73 item 4: reply text cannot stall a queue. Each reader of a reply's text (the triage view's
// quote folding, stripping, the referral finder, the rules' whole reading, the return date, the
// language, the model's features, the words to a model, and the inbox's reading of a message: its
// kind, a bounce's report, an enclosed original's headers) is linear in the text's
// length, or cut at a stated limit (src/replies/read-limits.ts): ten times the text costs less than
// twenty times the time, on the shapes the review tried, beside a legitimate reply of the same
// size. Timings are ratios, never absolute times (the machine is shared); bench/hostile-text.ts
// prints the absolute figures before and after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCampaignPorts } from "../../src/campaigns/index.ts";
import { foldQuoted } from "../../src/campaigns/triage/fold-quoted.ts";
import { classifyMail } from "../../src/inbox/classify-mail.ts";
import { inlineEnclosed, parseInbound } from "../../src/inbox/parse-inbound.ts";
import type { Classification } from "../../src/replies/classifier.ts";
import { detectLanguage } from "../../src/replies/detect-language.ts";
import { instructionLike } from "../../src/replies/instruction-like.ts";
import { REPLY_READ_LIMIT } from "../../src/replies/read-limits.ts";
import { findReferral } from "../../src/replies/referral.ts";
import { replyFeatures } from "../../src/replies/reply-features.ts";
import { extractReturnDate } from "../../src/replies/return-date.ts";
import { readReply } from "../../src/replies/rule-classifier.ts";
import { stripReply } from "../../src/replies/strip-reply.ts";
import { defineSpecCampaigns, newContact, T0 } from "../campaigns/helpers.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { hostileMail } from "../support/hostile-mail.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

/** This process's CPU time in ms: a process on another core, or one that took this core, adds none. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * One call's time in ms by both clocks, the process's CPU and the wall: calls repeated until 10 ms of
 * CPU have passed (a tiny input is timed over many calls).
 */
function perCall(f: () => unknown): { cpu: number; wall: number } {
  let calls = 0;
  const cpu0 = cpuMs();
  const wall0 = performance.now();
  let took = 0;
  do {
    f();
    calls++;
    took = cpuMs() - cpu0;
  } while (took < 10);
  return { cpu: Math.max(took / calls, 0.001), wall: Math.max((performance.now() - wall0) / calls, 0.001) };
}

/**
 * How many times `large` costs `small`: the best of up to five rounds of each, the two in turn, so that
 * what slows one round falls on both sizes alike, by the clock that is less disturbed. Each clock
 * misreads in its own way on a busy 2-core machine: the wall counts the time another process held
 * the core (CI read 5.6x for a pair that reads 1.8x alone), and the CPU counts every thread of the
 * process, the collector's helpers on the other core among them (CPU alone once read 46x, in all
 * three attempts, for a step that reads 7x alone; the cause was not found). A
 * step that is quadratic reads 100x by both. The first rounds are not counted: the step's code is
 * still being compiled then (a file's first timing read 18.5x for the fold of a plain reply, 13x in
 * its second round, 5-7x once compiled): one uncounted round, and then a round that reads under
 * ENOUGH ends the measurement, while one that reads more (still compiling, or a disturbed round) is
 * followed by more. (CI also failed here on the fold of blank lines, which read 19.7x alone: an array
 * of 50,000 lines cost V8 more a line than one of 5,000; fold-quoted.ts now keeps where the lines
 * start in a typed array, 9.7x.)
 */
function ratio(large: () => unknown, small: () => unknown, rounds = 5): number {
  const l = { cpu: Number.POSITIVE_INFINITY, wall: Number.POSITIVE_INFINITY };
  const m = { ...l };
  perCall(large);
  perCall(small);
  const read = () => Math.min(l.cpu / m.cpu, l.wall / m.wall);
  for (let r = 0; r < rounds; r++) {
    for (const [best, f] of [
      [l, large],
      [m, small],
    ] as const) {
      const t = perCall(f);
      best.cpu = Math.min(best.cpu, t.cpu);
      best.wall = Math.min(best.wall, t.wall);
    }
    // under half the bound of 20x already: a quadratic step reads 100x, and no disturbance makes
    // it read five times less. The further rounds are for a step near the bound (the file took 56 s
    // of CI's time with every round counted, and the early answer)
    if (read() < ENOUGH) break;
  }
  return read();
}
/** A ratio under this needs no further rounds (half the bound of 20x). */
const ENOUGH = 10;

/** The shapes of the review, each of about `n` characters; a legitimate reply of the same size first. */
const SHAPES: Record<string, (n: number) => string> = {
  "a long legitimate reply": (n) =>
    "Thanks, that sounds good. Let us talk next week.\n".repeat(Math.ceil(n / 49)),
  "quoted lines to the end but one": (n) =>
    `ok\n${Array.from({ length: Math.ceil(n / 4) }, () => "> x").join("\n")}\nend`,
  "capital letters": (n) => "A".repeat(n),
  "capitalised words": (n) => "Ab ".repeat(Math.ceil(n / 3)),
  "repeated pointers": (n) => "try ".repeat(Math.ceil(n / 4)),
  "accented capitals": (n) => "É".repeat(n),
  // found by reading every pattern of src/replies, src/campaigns/triage and src/inbox for
  // backtracking (issue 73 item 4): `\s*` that crosses lines at each line start, a run of an
  // address's characters read again from each of its characters, a block read again per line
  "blank lines": (n) => "\n".repeat(n),
  "blank lines of one space": (n) => " \n".repeat(Math.ceil(n / 2)),
  "an address's characters, no @": (n) => "a-".repeat(Math.ceil(n / 2)),
  "empty Message-ID lines": (n) => "Message-ID:\n".repeat(Math.ceil(n / 12)),
  "a bounce's reason words, no verdict": (n) => "spf dkim ".repeat(Math.ceil(n / 9)),
  "a Message-ID, then a line of tabs": (n) => `Message-ID: <a@b.example>\n${"\t".repeat(n)}`,
};

const STEPS: Record<string, (text: string) => unknown> = {
  fold: (t) => foldQuoted(t),
  strip: (t) => stripReply(t),
  referral: (t) => findReferral(t),
  "the rules' reading": (t) => readReply(t, T0),
  "the return date": (t) => extractReturnDate(t, T0),
  "the language": (t) => detectLanguage(t),
  "the model's features": (t) => replyFeatures(t),
  "words to a model": (t) => instructionLike(t),
  "the mail's kind (a reply)": (t) => classifyMail(hostileMail(t), T0),
  "the mail's kind (a bounce)": (t) => classifyMail(hostileMail(t, true), T0),
  "an enclosed original's headers": (t) => inlineEnclosed(t),
};

describe("hostile reply text, the pure steps", () => {
  for (const [shape, make] of Object.entries(SHAPES)) {
    it(`${shape}: 10x the text costs < 20x the time in every step`, () => {
      const small = make(REPLY_READ_LIMIT / 10);
      const large = make(REPLY_READ_LIMIT);
      for (const [step, f] of Object.entries(STEPS)) {
        f(small); // compiled once, before timing
        // a generous guard, not a speed bound: 100 ms is the aim at the limit, and a quadratic step
        // took from 4 s to 100 s here (it is not timed again)
        const s = performance.now();
        f(large);
        const once = performance.now() - s;
        expect.soft(once, `${step} on ${shape}, once`).toBeLessThan(2_000);
        if (once >= 2_000) continue;
        // up to three measurements, the first under the bound counts: a quadratic step (100x for 10x
        // the text) fails all three, while a loaded machine once read 27x for a linear one (CI's
        // rehearsal at load 10; a collection landing in the large text's rounds)
        let times = Number.POSITIVE_INFINITY;
        for (let attempt = 0; attempt < 3 && times >= 20; attempt++)
          times = Math.min(
            times,
            ratio(
              () => f(large),
              () => f(small),
            ),
          );
        expect.soft(times, `${step} on ${shape}`).toBeLessThan(20);
      }
    }, 120_000);
  }

  it("a 1 MB text is read within the limit: the view shows the first 50,000 characters and says the rest", () => {
    const mb = "hello there friend. ".repeat(50_000);
    const folded = foldQuoted(mb);
    expect(folded.own_text.length).toBeLessThan(REPLY_READ_LIMIT + 100);
    expect(folded.own_text).toMatch(/\[950,000 more characters not shown\]$/);
    // cut: 20x the text, about the same time
    const cut = mb.slice(0, REPLY_READ_LIMIT);
    expect(
      ratio(
        () => foldQuoted(mb),
        () => foldQuoted(cut),
      ),
    ).toBeLessThan(20);
    expect(
      ratio(
        () => readReply(mb, T0),
        () => readReply(cut, T0),
      ),
    ).toBeLessThan(20);
  });

  it("a 1 MB inbound mail is parsed whole (what the ingester stores) and read as its first 50,000 characters", async () => {
    const raw = (body: string) =>
      Buffer.from(
        "From: Ana <ana@x.example>\r\nTo: rep@acme.example\r\nSubject: Re: hello\r\n" +
          "Message-ID: <r1@x.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
          body.replace(/\n/g, "\r\n"),
      );
    const line = "Thanks, we will talk next week.\n";
    const mb = await parseInbound(raw(line.repeat(Math.ceil(1_000_000 / line.length))));
    const small = await parseInbound(raw(line.repeat(Math.ceil(REPLY_READ_LIMIT / 2 / line.length))));
    expect(mb.text.length).toBeGreaterThan(900_000); // whole: processReply stores m.text as it is
    expect(classifyMail(mb, T0).kind).toBe("reply");
    // read within the limit: 40x the text of a 25,000-character mail, about twice its time (a
    // regression guard: on this plain text main's whole read was linear already; the hostile shapes
    // above are the ones that failed before)
    classifyMail(small, T0);
    expect(
      ratio(
        () => classifyMail(mb, T0),
        () => classifyMail(small, T0),
      ),
    ).toBeLessThan(20);
  }, 60_000);

  it("still folds and finds what a person writes", () => {
    expect(foldQuoted("Sure, Tuesday works.\n\n> Hi Ana,\n> would Tuesday work?")).toEqual({
      own_text: "Sure, Tuesday works.",
      quoted_text: "> Hi Ana,\n> would Tuesday work?",
    });
    expect(foldQuoted("Yes\n> quoted\nnot quoted").quoted_text).toBeNull();
    expect(findReferral("I am not the right person. Sarah Chen handles this now.")).toMatchObject({
      name: "Sarah Chen",
    });
    expect(findReferral("Please talk to my colleague Ana Lopez.")).toMatchObject({ name: "Ana Lopez" });
    expect(findReferral("Zuständig ist Herr Becker.")?.name).toBe("Becker");
  });
});

describe("hostile reply text, the triage queue over HTTP", () => {
  let h: TestApp;
  let t: Tenant;
  const fixed = {
    name: "fixed",
    async classify(): Promise<Classification> {
      return { intent: "other", returnDate: null, confidence: 0.2, by: "fixed" };
    },
  };

  beforeAll(async () => {
    setCampaignPorts({ classifier: fixed });
    h = await testApp();
    h.clock.now = T0;
    t = await createTenant(h.database.db, "hostile");
    await defineSpecCampaigns(h.database.db, t.revops, T0);
  });
  afterAll(async () => {
    setCampaignPorts({});
    await h?.close();
  });

  async function waiting(text: string): Promise<string> {
    const { contactId } = await newContact(h.database.db, t.clientId);
    await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns/b2bea_membership_close/enrollments",
      headers: t.sales.auth,
      payload: { contact_id: contactId, goal: "awareness" },
    });
    const r = await h.app.inject({
      method: "POST",
      url: "/api/v1/replies",
      headers: t.agt301.auth,
      payload: { contact_id: contactId, text, received_at: T0.toISOString() },
    });
    expect(r.json(), r.body).toMatchObject({ triage: "pending" });
    return r.json().reply_id;
  }

  /** One GET's time in ms by the process's CPU (the app and its embedded database run in it) and the wall. */
  async function timeOf(url: string): Promise<{ cpu: number; wall: number }> {
    const cpu0 = cpuMs();
    const wall0 = performance.now();
    const r = await h.app.inject({ method: "GET", url, headers: t.revops.auth });
    const took = { cpu: cpuMs() - cpu0, wall: performance.now() - wall0 };
    expect(r.statusCode, r.body).toBe(200);
    return took;
  }

  /** How many times `url` costs `base`: the best of five GETs of each, the two in turn, as ratio() reads. */
  async function costs(url: string, base: string): Promise<number> {
    const a = { cpu: Number.POSITIVE_INFINITY, wall: Number.POSITIVE_INFINITY };
    const b = { ...a };
    for (let i = 0; i < 5; i++) {
      for (const [best, u] of [
        [a, url],
        [b, base],
      ] as const) {
        const took = await timeOf(u);
        best.cpu = Math.min(best.cpu, took.cpu);
        best.wall = Math.min(best.wall, took.wall);
      }
    }
    return Math.min(a.cpu / Math.max(b.cpu, 0.001), a.wall / Math.max(b.wall, 0.001));
  }

  it("a reply of 12,500 quoted lines (the API's limit) costs the view and the list about what a plain one does; a 1 MB one is stored whole and shown cut", async () => {
    const plain = await waiting("Who are you? ".repeat(3_800));
    const quoted = await waiting(`ok\n${Array.from({ length: 12_400 }, () => "> x").join("\n")}\nend`);
    const plainView = `/api/v1/replies/triage/${plain}`;
    expect(await costs(`/api/v1/replies/triage/${quoted}`, plainView)).toBeLessThan(5);
    // a 1 MB inbound message, stored whole (the mailbox ingester stores what it got)
    const mb = await waiting("placeholder");
    const body = `Maybe.\n${"> quoted line of the original\n".repeat(35_000)}`;
    await h.database.db.updateTable("campaign_replies").set({ body }).where("id", "=", mb).execute();
    const stored = await h.database.db
      .selectFrom("campaign_replies")
      .select("body")
      .where("id", "=", mb)
      .executeTakeFirstOrThrow();
    expect(stored.body.length).toBe(body.length);
    expect(await costs(`/api/v1/replies/triage/${mb}`, plainView)).toBeLessThan(5);
    const one = await h.app.inject({
      method: "GET",
      url: `/api/v1/replies/triage/${mb}`,
      headers: t.revops.auth,
    });
    expect(one.json().own_text).toBe("Maybe.");
    expect(one.json().quoted_text.length).toBeLessThan(REPLY_READ_LIMIT + 100);
    expect(one.json().quoted_text).toMatch(/more characters not shown\]$/);
    expect(await costs("/api/v1/replies/triage", plainView)).toBeLessThan(10);
  }, 120_000);
});
