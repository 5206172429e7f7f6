// The SQL side of the channel table (issue 59 item 2): every CHECK on a channel column in the
// current schema (db/schema.sql, which schema-file.test.ts holds to the migrated database) must say
// what CHANNEL_KINDS says, so a new kind is a migration the failure below spells out. A test, not a
// channel_kinds reference table with foreign keys: the checks cost nothing on the engine's hot
// inserts, channel_deliveries (sending kinds only) and the subject check need properties a key to
// a name cannot express, and a seeded table would need this same test to stay equal to the TS one.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { channelOf } from "../../src/channels/channel.ts";
import {
  CHANNEL_KINDS,
  CHANNELS,
  type ChannelName,
  channelLabel,
  hasSubject,
  isChannelName,
  isSendingChannel,
  SENDING_CHANNELS,
  TASK_OUTCOMES,
} from "../../src/channels/channel-kinds.ts";

const schema = readFileSync(new URL("../../db/schema.sql", import.meta.url), "utf8");

/** The literals a CHECK's text names, in order. */
const literals = (check: string) => [...check.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]);

/** Every `constraint <name> CHECK (...)` of db/schema.sql that compares a column `channel` with names
 *  (a check that only asks whether `channel` is null, such as engine_rep_tasks_touch_or_follow_up,
 *  names no channel). */
function channelChecks(sqlText: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sqlText.matchAll(/constraint (\w+) CHECK \((.*)\),?$/gm)) {
    if (/\bchannel\s*(=|<>)/.test(m[2] as string)) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

/** What each channel CHECK must allow, from the table. */
function expectedChecks(): Map<string, readonly string[]> {
  const subject = CHANNELS.filter((c) => CHANNEL_KINDS[c].subject);
  const expected = new Map<string, readonly string[]>([
    // the send ledger holds only what the engine sends itself
    ["channel_deliveries_channel_check", SENDING_CHANNELS],
    // a subject_template only on a channel with a subject
    ["campaign_sequences_subject_template_email", subject],
  ]);
  for (const table of [
    "campaign_replies",
    "campaign_sequences",
    "crm_activities",
    "engine_rep_tasks",
    "sales_send_queue",
    "staged_drafts",
  ])
    expected.set(`${table}_channel_check`, CHANNELS);
  return expected;
}

describe("the channel table and the SQL checks", () => {
  it("every channel CHECK in db/schema.sql allows exactly the channels CHANNEL_KINDS gives it", () => {
    const found = channelChecks(schema);
    const expected = expectedChecks();
    expect([...found.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, channels] of expected) {
      expect(
        literals(found.get(name) as string).sort(),
        `${name}: a migration must make it allow ${channels.join(", ")}`,
      ).toEqual([...channels].sort());
    }
  });

  it("engine_rep_tasks.kind allows the task channels' task kinds, the exec's personal send and a signal's follow-up", () => {
    const check = /constraint engine_rep_tasks_kind_check CHECK \((.*)\),?$/m.exec(schema)?.[1] ?? "";
    const taskKinds = CHANNELS.flatMap((c) => CHANNEL_KINDS[c].taskKind ?? []);
    // signal_follow_up (0640, issue 69): the Signals view's task for a person, with no channel or touch
    expect(literals(check).sort()).toEqual([...taskKinds, "personal_send", "signal_follow_up"].sort());
  });

  it("engine_rep_tasks.outcome allows the outcomes the task channels have (a call's)", () => {
    const check = /constraint engine_rep_tasks_outcome_check CHECK \((.*)\),?$/m.exec(schema)?.[1] ?? "";
    expect(literals(check).sort()).toEqual([...TASK_OUTCOMES].sort());
    expect(TASK_OUTCOMES).toEqual(["connected", "voicemail", "no_answer", "wrong_number", "bad_number"]);
  });

  it("the play cadence check (baton_play_cadence_error) names the channels", () => {
    const line = /not in \(([^)]*)\) or jsonb_typeof\(s -> 'channel'\)/.exec(schema)?.[1] ?? "";
    expect([...line.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort()).toEqual([...CHANNELS].sort());
  });

  it("a check that forgot a channel, or names one the table has not, is found", () => {
    const forgot = "  constraint staged_drafts_channel_check CHECK (channel = ANY (ARRAY['email'::text])),";
    expect(literals(channelChecks(forgot).get("staged_drafts_channel_check") as string)).not.toEqual(
      CHANNELS,
    );
    const extra = "  constraint fax_log_channel_check CHECK (channel = 'fax'::text),";
    expect([...channelChecks(extra).keys()].filter((k) => !expectedChecks().has(k))).toEqual([
      "fax_log_channel_check",
    ]);
  });
});

describe("the channel table's own rules", () => {
  it("a channel sends itself or opens a task of its kind, never both; its touch follows", () => {
    for (const c of CHANNELS) {
      const k = CHANNEL_KINDS[c];
      expect(k.taskKind === null, c).toBe(k.delivery === "sends");
      expect(k.touchAt, c).toBe(k.delivery === "sends" ? "sent" : "task_done");
      // only a channel that sends itself has a mailbox's daily limit or a thread to follow up in
      if (k.limit === "per_mailbox_daily" || k.threads) expect(k.delivery, c).toBe("sends");
    }
  });

  it("the predicates read the table, and an unknown or forged name is no channel", () => {
    expect(CHANNELS.filter(isSendingChannel)).toEqual(["email"]);
    expect(CHANNELS.filter(hasSubject)).toEqual(["email"]);
    for (const forged of ["fax", "", "__proto__", "toString", "EMAIL"]) {
      expect(isChannelName(forged), forged).toBe(false);
      expect(isSendingChannel(forged)).toBe(false);
      expect(hasSubject(forged)).toBe(false);
      expect(channelLabel(forged)).toBe(forged);
      expect(() => channelOf(forged)).toThrow(/unknown channel/);
    }
  });

  it("a Channel addresses the contact by its kind's column", () => {
    const contact = { email: "a@example.com", linkedin_url: "https://www.linkedin.com/in/a" };
    const to = (c: ChannelName) => channelOf(c).addressOf(contact);
    expect(to("email")).toBe("a@example.com");
    expect(to("linkedin")).toBe("https://www.linkedin.com/in/a");
    expect(channelOf("linkedin").addressOf({ email: "a@example.com" })).toBeNull();
  });
});
