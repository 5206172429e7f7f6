import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { touchLeavesWindow } from "../touch-window.ts";
import { localDate } from "./local-day.ts";
import { snapshot } from "./snapshot-builder.ts";
import { releaseTime, touchCapGate, touchesInWindow, touchesOnLocalDay } from "./touch-cap-gate.ts";

const H = 3600_000;
const D = 24 * H;
const at = (iso: string) => new Date(iso);
const now = at("2026-03-10T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("gate 3 touch caps", () => {
  it("passes below both caps", () => {
    expect(touchCapGate(snapshot({ touches: [ago(3 * D), ago(5 * D)] }), now).outcome).toBe("pass");
  });

  it("holds at 3 touches in (now-7d, now] until the oldest leaves the window", () => {
    const touches = [ago(6 * D), ago(4 * D), ago(2 * D)];
    const o = touchCapGate(snapshot({ touches }), now);
    expect(o).toMatchObject({
      gate: 3,
      outcome: "hold",
      reason: "touch_cap_exceeded",
      resolution: "weekly_cap",
    });
    expect(o.until?.toISOString()).toBe(new Date(touches[0].getTime() + 7 * D).toISOString());
  });

  it("window edge: a touch exactly 7 days old is out; 1 ms younger is in", () => {
    expect(touchesInWindow([ago(7 * D)], now)).toBe(0);
    expect(touchesInWindow([ago(7 * D - 1)], now)).toBe(1);
    expect(touchesInWindow([now], now)).toBe(1);
    const base = [ago(3 * D), ago(2 * D)];
    expect(touchCapGate(snapshot({ touches: [...base, ago(7 * D)] }), now).outcome).toBe("pass");
    expect(touchCapGate(snapshot({ touches: [...base, ago(7 * D - 1)] }), now).outcome).toBe("hold");
  });

  it("at the release instant the step passes", () => {
    const touches = [ago(6 * D), ago(4 * D), ago(2 * D)];
    const until = touchCapGate(snapshot({ touches }), now).until!;
    expect(touchCapGate(snapshot({ touches }), until).outcome).toBe("pass");
    expect(touchCapGate(snapshot({ touches }), new Date(until.getTime() - 1)).outcome).toBe("hold");
  });

  it("with more touches than the cap (a lowered cap), waits for enough of them to leave", () => {
    const touches = [ago(6 * D), ago(5 * D), ago(4 * D), ago(3 * D)];
    const o = touchCapGate(snapshot({ touches, config: { weeklyTouchCap: 2, dailyTouchCap: 5 } }), now);
    // count must drop below 2: the three oldest (6, 5, 4 days ago) must leave → 4 days ago + 7 d
    expect(o.until?.toISOString()).toBe(new Date(ago(4 * D).getTime() + 7 * D).toISOString());
  });

  it("daily cap: one touch today (contact's local day) holds until the next local midnight", () => {
    const o = touchCapGate(snapshot({ touches: [ago(2 * H)] }), now);
    expect(o).toMatchObject({ outcome: "hold", resolution: "daily_cap" });
    expect(o.until?.toISOString()).toBe("2026-03-11T00:00:00.000Z");
  });

  it("daily cap: a touch yesterday local time does not count, even 2 hours ago", () => {
    // 12:00Z is 01:00 in Tokyo... use a zone where 10:00Z is yesterday: Los Angeles at 00:30 local
    const t = at("2026-03-10T08:30:00Z"); // 01:30 PDT? LA is UTC-7 after 2026-03-08 → 01:30 local on 03-10
    const touch = at("2026-03-10T06:30:00Z"); // 23:30 local on 03-09
    expect(
      touchCapGate(snapshot({ touches: [touch], contact: { timeZone: "America/Los_Angeles" } }), t).outcome,
    ).toBe("pass");
    // the same two instants are the same UTC day: in UTC it holds
    expect(touchCapGate(snapshot({ touches: [touch] }), t).outcome).toBe("hold");
  });

  it("daily cap across a DST change: the 23-hour day ends at local midnight", () => {
    const t = at("2026-03-08T15:00:00Z"); // New York, spring-forward day
    const o = touchCapGate(
      snapshot({ touches: [at("2026-03-08T14:00:00Z")], contact: { timeZone: "America/New_York" } }),
      t,
    );
    expect(o.until?.toISOString()).toBe("2026-03-09T04:00:00.000Z");
  });

  it("when both caps bind, until is the first instant both pass", () => {
    // weekly releases at 2026-03-10T20:00Z, but that is still the day of today's touch (UTC) → next midnight
    const touches = [at("2026-03-03T20:00:00Z"), at("2026-03-06T10:00:00Z"), at("2026-03-10T09:00:00Z")];
    const s = snapshot({ touches });
    expect(releaseTime(s, now)?.toISOString()).toBe("2026-03-11T00:00:00.000Z");
    // in a zone where the weekly release falls on the next local day, the weekly time wins
    const s2 = snapshot({ touches, contact: { timeZone: "Asia/Tokyo" } }); // 20:00Z = 05:00 next day JST
    expect(releaseTime(s2, now)?.toISOString()).toBe("2026-03-10T20:00:00.000Z");
  });

  it("transactional sequences skip gate 3 (and their touches are never in the snapshot)", () => {
    const touches = [ago(1 * H), ago(2 * H), ago(3 * H)];
    expect(touchCapGate(snapshot({ sequenceType: "transactional", touches }), now)).toMatchObject({
      outcome: "pass",
      resolution: "transactional_exempt",
    });
  });

  it("a configurable cap: 5 per week, 2 per day", () => {
    const config = { weeklyTouchCap: 5, dailyTouchCap: 2 };
    expect(touchCapGate(snapshot({ touches: [ago(H), ago(3 * D), ago(4 * D)], config }), now).outcome).toBe(
      "pass",
    );
    expect(touchCapGate(snapshot({ touches: [ago(H), ago(2 * H)], config }), now).outcome).toBe("hold");
  });
});

describe("touchesOnLocalDay", () => {
  // zones with DST at midnight (Santiago, Havana), a 30-minute DST (Lord Howe), a 45-minute offset
  const zones = [
    "UTC",
    "America/New_York",
    "America/Santiago",
    "America/Havana",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
  ];
  it("counts as formatting every touch's local date would (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.array(fc.integer({ min: -2 * D, max: 10 * D }), { maxLength: 12 }),
        (zone, t, offsets) => {
          const touches = offsets.map((o) => new Date(t - o));
          const day = localDate(new Date(t), zone);
          const expected = touches.filter((x) => x.getTime() <= t && localDate(x, zone) === day).length;
          expect(touchesOnLocalDay(touches, new Date(t), zone)).toBe(expected);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe("gate 3: a campaign's own weekly cap (issue 59 item 6)", () => {
  const caps = { weeklyTouchCap: 5, dailyTouchCap: 5 };
  const withCampaignCap = (cap: number, campaignTouches: Date[], touches = campaignTouches, window = null) =>
    snapshot({
      touches,
      config: caps,
      sendWindow: {
        window,
        timeZone: null,
        country: null,
        seed: "s",
        campaignCap: { cap, touches: campaignTouches },
      },
    });

  it("no campaign cap: the contact's caps alone decide, as before", () => {
    const touches = [ago(6 * D), ago(4 * D), ago(2 * D)];
    expect(touchCapGate(snapshot({ touches, config: caps }), now).outcome).toBe("pass");
    const noCap = snapshot({
      touches,
      config: caps,
      sendWindow: { window: null, timeZone: null, country: null, seed: "s", campaignCap: null },
    });
    expect(touchCapGate(noCap, now).outcome).toBe("pass");
  });

  it("under the campaign's cap: passes", () => {
    expect(touchCapGate(withCampaignCap(2, [ago(3 * D)]), now).outcome).toBe("pass");
    // a touch of the campaign that has left the window no longer counts
    expect(touchCapGate(withCampaignCap(1, [ago(7 * D)]), now).outcome).toBe("pass");
  });

  it("at the campaign's cap: held (deferred like the contact's cap) until its oldest touch leaves the window", () => {
    const mine = [ago(5 * D), ago(1 * D)];
    const o = touchCapGate(withCampaignCap(2, mine, [ago(6 * D), ...mine]), now);
    expect(o).toMatchObject({
      gate: 3,
      outcome: "hold",
      reason: "touch_cap_exceeded",
      resolution: "campaign_weekly_cap",
    });
    expect(o.until?.toISOString()).toBe(new Date(mine[0].getTime() + 7 * D).toISOString());
    expect(touchCapGate(withCampaignCap(2, mine, [ago(6 * D), ...mine]), o.until!).outcome).toBe("pass");
  });

  it("the contact's cap still applies, and its resolution wins when both are hit", () => {
    const mine = [ago(2 * D)];
    const all = [ago(6 * D), ago(5 * D), ago(4 * D), ago(3 * D), ...mine];
    expect(touchCapGate(withCampaignCap(1, mine, all), now)).toMatchObject({ resolution: "weekly_cap" });
  });

  it("transactional sequences are exempt from the campaign's cap too", () => {
    const s = { ...withCampaignCap(1, [ago(2 * D)]), sequenceType: "transactional" as const };
    expect(touchCapGate(s, now)).toMatchObject({ outcome: "pass", resolution: "transactional_exempt" });
  });
});

describe("gate 3: an account's weekly cap (issue 61 item 5)", () => {
  const caps = { weeklyTouchCap: 5, dailyTouchCap: 5 };
  // `accountTouches`: the touches to any contact of the account; `touches`: this contact's own
  const withAccountCap = (cap: number | null, accountTouches: Date[], touches: Date[] = []) =>
    snapshot({
      touches,
      config: caps,
      sendWindow: {
        window: null,
        timeZone: null,
        country: null,
        seed: "s",
        campaignCap: null,
        accountCap: cap === null ? null : { accountId: "acct", cap, touches: accountTouches },
      },
    });

  it("no account cap: the contact's caps alone decide", () => {
    const all = [ago(6 * D), ago(4 * D), ago(2 * D), ago(1 * D)];
    expect(touchCapGate(withAccountCap(null, all), now).outcome).toBe("pass");
  });

  it("under the account's cap: passes; a touch that left the window no longer counts", () => {
    expect(touchCapGate(withAccountCap(3, [ago(3 * D), ago(1 * D)]), now).outcome).toBe("pass");
    expect(touchCapGate(withAccountCap(1, [ago(7 * D)]), now).outcome).toBe("pass");
  });

  it("two contacts of one account share the cap: the other contact's touches hold this one", () => {
    // this contact has no touch of its own; the account's two went to a colleague
    const colleague = [ago(5 * D), ago(2 * D)];
    const o = touchCapGate(withAccountCap(2, colleague, []), now);
    expect(o).toMatchObject({
      gate: 3,
      outcome: "hold",
      reason: "account_cap_exceeded",
      resolution: "account_weekly_cap",
    });
    // held until the account's oldest counted touch leaves the window, then it passes
    expect(o.until?.toISOString()).toBe(new Date(colleague[0].getTime() + 7 * D).toISOString());
    expect(touchCapGate(withAccountCap(2, colleague, []), o.until!).outcome).toBe("pass");
  });

  it("at the cap with more touches than the cap: released when enough have left", () => {
    const t = [ago(6 * D), ago(5 * D), ago(4 * D)];
    const o = touchCapGate(withAccountCap(2, t), now);
    expect(o).toMatchObject({ reason: "account_cap_exceeded", resolution: "account_weekly_cap" });
    expect(o.until?.toISOString()).toBe(new Date(t[1].getTime() + 7 * D).toISOString());
  });

  it("the contact's cap still applies, and its resolution wins when both are hit", () => {
    const mine = [ago(6 * D), ago(5 * D), ago(4 * D), ago(3 * D), ago(2 * D)];
    // the contact's own cap names the hold: its reason and resolution, not the account's
    expect(touchCapGate(withAccountCap(1, mine, mine), now)).toMatchObject({
      reason: "touch_cap_exceeded",
      resolution: "weekly_cap",
    });
  });

  it("the release waits for the account's cap and the campaign's together", () => {
    const s = withAccountCap(1, [ago(2 * D)]);
    s.sendWindow!.campaignCap = { cap: 1, touches: [ago(3 * D)] };
    const o = touchCapGate(s, now);
    expect(o).toMatchObject({ reason: "touch_cap_exceeded", resolution: "campaign_weekly_cap" });
    expect(o.until?.toISOString()).toBe(touchLeavesWindow(ago(2 * D)).toISOString());
  });

  it("transactional sequences are exempt from the account's cap", () => {
    const s = { ...withAccountCap(1, [ago(2 * D)]), sequenceType: "transactional" as const };
    expect(touchCapGate(s, now)).toMatchObject({ outcome: "pass", resolution: "transactional_exempt" });
  });
});
