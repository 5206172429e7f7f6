// issue 41 item 2: Calendly and Cal.com tell Baton a meeting was booked (signed webhooks, from
// stand-ins that build the documented deliveries): the contact gets the meeting, the enrollment
// ends as converted with reason meeting_booked and follows on_exit (dreamborn: meeting → the exec's
// hand-off gate); a cancellation is recorded and reported, not undone. Forged, stale and replayed
// deliveries change nothing; the booking link's token matches the contact whatever address books.
// issue 56 item 4: a booking matched only by the address the invitee typed (anyone can type a
// contact's address into the public page) holds the contact's sends and waits for a person, who
// confirms it (the same exits as a signed booking) or dismisses it (the sends resume).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingLinkFor, bookingToken, readBookingToken } from "../../src/meetings/booking-link.ts";
import { defineSpecCampaigns, newContact, T0 } from "../campaigns/helpers.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { calcomDelivery, calendlyDelivery, type Delivery } from "../support/scheduling-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let t: Tenant;
let other: Tenant;
const calendlyKey = "calendly-signing-key-0123456789";
const calcomKey = "calcom-secret-0123456789";
let calendlyUrl = "";
let calcomUrl = "";
const start = new Date("2026-03-05T15:00:00Z");

beforeAll(async () => {
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "meet");
  other = await createTenant(h.database.db, "meet2");
  await defineSpecCampaigns(h.database.db, t.revops, T0);
  const add = async (provider: string, signing_key: string) => {
    const r = await h.app.inject({
      method: "POST",
      url: "/api/v1/meeting-webhooks",
      headers: t.revops.auth,
      payload: { provider, signing_key },
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain(signing_key);
    return new URL(r.json().url).pathname;
  };
  calendlyUrl = await add("calendly", calendlyKey);
  calcomUrl = await add("calcom", calcomKey);
}, 60_000);
afterAll(() => h.close());

const post = (url: string, d: Delivery) =>
  h.app.inject({ method: "POST", url, headers: d.headers, payload: d.body });

async function enrolled(slug: string) {
  const c = await newContact(h.database.db, t.clientId);
  const r = await h.app.inject({
    method: "POST",
    url: `/api/v1/campaigns/${slug}/enrollments`,
    headers: t.sales.auth,
    payload: { contact_id: c.contactId },
  });
  expect(r.statusCode).toBe(201);
  return c;
}
const enrollmentsOf = (contactId: string) =>
  h.database.db
    .selectFrom("campaign_contacts")
    .select(["id", "status", "exit_reason"])
    .where("client_id", "=", t.clientId)
    .where("contact_id", "=", contactId)
    .execute();
const eventsOf = (contactId: string, type: string) =>
  h.database.db
    .selectFrom("cadence_event_log")
    .select(["event_type", "details"])
    .where("client_id", "=", t.clientId)
    .where("contact_id", "=", contactId)
    .where("event_type", "=", type)
    .execute();

describe("a booked meeting", () => {
  it("Calendly, matched by address alone: the sends are held until a person confirms; then the dreamborn enrollment converts (meeting_booked) and goes to the exec's gate", async () => {
    const c = await enrolled("dreamborn");
    h.clock.now = new Date();
    const r = await post(
      calendlyUrl,
      calendlyDelivery(calendlyKey, "invitee.created", { email: c.email.toUpperCase(), start }),
    );
    expect(r.statusCode).toBe(200);
    const [e] = await enrollmentsOf(c.contactId);
    expect(r.json()).toMatchObject({
      outcome: "booked",
      contact_id: c.contactId,
      matched_by: "email",
      exits: [],
      review: "pending",
      held: [e.id],
    });
    // nothing converted, no hand-off: the enrollment is paused with no end date
    expect(e).toMatchObject({ status: "paused", exit_reason: null });
    expect(await eventsOf(c.contactId, "meeting_booked")).toHaveLength(0);
    const paused = await eventsOf(c.contactId, "paused");
    expect(paused).toHaveLength(1);
    const meetingId = r.json().meeting_id;
    // the queue: RevOps, sales leaders, admins and the exec read it; reps and agents do not decide
    const queue = await h.app.inject({
      method: "GET",
      url: "/api/v1/meetings/reviews",
      headers: t.exec.auth,
    });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          meeting_id: meetingId,
          review_status: "pending",
          contact_id: c.contactId,
          held: [{ enrollment_id: e.id, paused_until: null }],
        }),
      ]),
    );
    for (const who of [t.rep, t.exec, t.sales]) {
      const no = await h.app.inject({
        method: "POST",
        url: `/api/v1/meetings/${meetingId}/confirm`,
        headers: who.auth,
      });
      expect(no.statusCode).toBe(403);
    }
    const ok = await h.app.inject({
      method: "POST",
      url: `/api/v1/meetings/${meetingId}/confirm`,
      headers: t.revops.auth,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      review_status: "confirmed",
      exits: [expect.objectContaining({ status: "converted", next: "handoff" })],
    });
    expect(await enrollmentsOf(c.contactId)).toEqual([
      expect.objectContaining({ status: "converted", exit_reason: "meeting_booked" }),
    ]);
    const handoffs = await h.app.inject({
      method: "GET",
      url: "/api/v1/handoffs?status=open",
      headers: t.exec.auth,
    });
    expect(handoffs.json().items.some((x: { contact_id: string }) => x.contact_id === c.contactId)).toBe(
      true,
    );
    const booked = await eventsOf(c.contactId, "meeting_booked");
    expect(booked).toHaveLength(1);
    expect(booked[0].details).toMatchObject({ matched_by: "email", confirmed_by: t.revops.principalId });
    const again = await h.app.inject({
      method: "POST",
      url: `/api/v1/meetings/${meetingId}/dismiss`,
      headers: t.revops.auth,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("BOOKING_REVIEW_NOT_PENDING");
    const meetings = await h.app.inject({
      method: "GET",
      url: `/api/v1/contacts/${c.contactId}/meetings`,
      headers: t.rep.auth,
    });
    expect(meetings.json().items).toEqual([
      expect.objectContaining({
        provider: "calendly",
        status: "booked",
        title: "30 Minute Meeting",
        start_at: start.toISOString(),
        review_status: "confirmed",
      }),
    ]);
  });

  it("a stranger books the public page with a contact's address: dismissed, nothing converts and the sends resume", async () => {
    const c = await enrolled("dreamborn");
    const r = await post(
      calendlyUrl,
      calendlyDelivery(calendlyKey, "invitee.created", { email: c.email, name: "Mallory", start }),
    );
    expect(r.json()).toMatchObject({ matched_by: "email", review: "pending", exits: [] });
    const d = await h.app.inject({
      method: "POST",
      url: `/api/v1/meetings/${r.json().meeting_id}/dismiss`,
      headers: t.slm.auth,
    });
    expect(d.statusCode).toBe(200);
    expect(d.json()).toMatchObject({ review_status: "dismissed", exits: [], resumed: 1 });
    expect(await enrollmentsOf(c.contactId)).toEqual([
      expect.objectContaining({ status: "active", exit_reason: null }),
    ]);
    expect(await eventsOf(c.contactId, "meeting_booked")).toHaveLength(0);
    expect(await eventsOf(c.contactId, "resumed")).toHaveLength(1);
    const handoffs = await h.app.inject({
      method: "GET",
      url: "/api/v1/handoffs?status=open",
      headers: t.exec.auth,
    });
    expect(handoffs.json().items.some((x: { contact_id: string }) => x.contact_id === c.contactId)).toBe(
      false,
    );
  });

  it("Cal.com, matched by the booking link's token although another address booked", async () => {
    const c = await enrolled("b2bea_membership");
    const token = bookingToken(h.deps.config.secret, t.clientId, c.contactId);
    const r = await post(
      calcomUrl,
      calcomDelivery(calcomKey, "BOOKING_CREATED", { email: "assistant@elsewhere.example", start, token }),
    );
    expect(r.json()).toMatchObject({
      outcome: "booked",
      contact_id: c.contactId,
      matched_by: "token",
      review: null,
      held: [],
    });
    expect((await enrollmentsOf(c.contactId))[0]).toMatchObject({
      status: "converted",
      exit_reason: "meeting_booked",
    });
  });

  it("a replayed delivery changes nothing; a cancellation is recorded and reported, not undone", async () => {
    const c = await enrolled("dreamborn");
    const token = bookingToken(h.deps.config.secret, t.clientId, c.contactId);
    const booked = calcomDelivery(calcomKey, "BOOKING_CREATED", {
      email: c.email,
      start,
      id: "uid-replay-1",
      token,
    });
    expect((await post(calcomUrl, booked)).json().outcome).toBe("booked");
    expect((await post(calcomUrl, booked)).json().outcome).toBe("duplicate");
    expect(await eventsOf(c.contactId, "meeting_booked")).toHaveLength(1);
    const cancelled = calcomDelivery(calcomKey, "BOOKING_CANCELLED", {
      email: c.email,
      start,
      id: "uid-replay-1",
      reason: "conflict",
    });
    expect((await post(calcomUrl, cancelled)).json()).toMatchObject({
      outcome: "cancelled",
      contact_id: c.contactId,
    });
    expect((await post(calcomUrl, cancelled)).json().outcome).toBe("duplicate");
    const reported = await eventsOf(c.contactId, "meeting_cancelled");
    expect(reported).toHaveLength(1);
    expect(reported[0].details).toMatchObject({ reason: "conflict" });
    // not undone: the enrollment stays converted
    expect((await enrollmentsOf(c.contactId))[0]).toMatchObject({ status: "converted" });
    const m = await h.app.inject({
      method: "GET",
      url: `/api/v1/contacts/${c.contactId}/meetings`,
      headers: t.revops.auth,
    });
    expect(m.json().items[0]).toMatchObject({ status: "cancelled", cancel_reason: "conflict" });
  });

  it("a booking matched by address alone and cancelled before anyone decided: closed, the sends resume", async () => {
    const c = await enrolled("dreamborn");
    const booked = calcomDelivery(calcomKey, "BOOKING_CREATED", { email: c.email, start, id: "uid-held-1" });
    expect((await post(calcomUrl, booked)).json()).toMatchObject({ review: "pending" });
    expect((await enrollmentsOf(c.contactId))[0]).toMatchObject({ status: "paused" });
    const cancelled = calcomDelivery(calcomKey, "BOOKING_CANCELLED", {
      email: c.email,
      start,
      id: "uid-held-1",
    });
    expect((await post(calcomUrl, cancelled)).json()).toMatchObject({ outcome: "cancelled" });
    expect((await enrollmentsOf(c.contactId))[0]).toMatchObject({ status: "active" });
    const m = await h.app.inject({
      method: "GET",
      url: `/api/v1/contacts/${c.contactId}/meetings`,
      headers: t.revops.auth,
    });
    expect(m.json().items[0]).toMatchObject({ status: "cancelled", review_status: "dismissed" });
  });

  it("a booking matched by address alone, rescheduled before anyone decided: the new one holds what the old one held", async () => {
    const c = await enrolled("dreamborn");
    const [e] = await enrollmentsOf(c.contactId);
    const first = calcomDelivery(calcomKey, "BOOKING_CREATED", { email: c.email, start, id: "uid-move-1" });
    expect((await post(calcomUrl, first)).json()).toMatchObject({ review: "pending", held: [e.id] });
    const moved = await post(
      calcomUrl,
      calcomDelivery(calcomKey, "BOOKING_RESCHEDULED", {
        email: c.email,
        start: new Date(start.getTime() + 86_400_000),
        id: "uid-move-2",
        rescheduleUid: "uid-move-1",
      }),
    );
    expect(moved.json()).toMatchObject({ review: "pending", held: [e.id] });
    const pending = (
      await h.app.inject({ method: "GET", url: "/api/v1/meetings/reviews", headers: t.revops.auth })
    )
      .json()
      .items.filter((r: { contact_id: string }) => r.contact_id === c.contactId);
    expect(pending).toHaveLength(1);
    expect(pending[0].meeting_id).toBe(moved.json().meeting_id);
    const d = await h.app.inject({
      method: "POST",
      url: `/api/v1/meetings/${moved.json().meeting_id}/dismiss`,
      headers: t.admin.auth,
    });
    expect(d.json()).toMatchObject({ review_status: "dismissed", resumed: 1 });
    expect((await enrollmentsOf(c.contactId))[0]).toMatchObject({ status: "active" });
  });

  it("a Calendly reschedule: the old booking is cancelled quietly, the new one stands", async () => {
    const c = await enrolled("dreamborn");
    const first = `https://api.calendly.com/scheduled_events/x/invitees/${c.contactId}-1`;
    await post(
      calendlyUrl,
      calendlyDelivery(calendlyKey, "invitee.created", { email: c.email, start, id: first }),
    );
    await post(
      calendlyUrl,
      calendlyDelivery(calendlyKey, "invitee.canceled", {
        email: c.email,
        start,
        id: first,
        rescheduled: true,
      }),
    );
    const r = await post(
      calendlyUrl,
      calendlyDelivery(calendlyKey, "invitee.created", {
        email: c.email,
        start: new Date(start.getTime() + 86_400_000),
        oldInvitee: first,
      }),
    );
    expect(r.json().outcome).toBe("booked");
    expect(await eventsOf(c.contactId, "meeting_cancelled")).toHaveLength(0);
    const m = await h.app.inject({
      method: "GET",
      url: `/api/v1/contacts/${c.contactId}/meetings`,
      headers: t.revops.auth,
    });
    expect(
      m
        .json()
        .items.map((x: { status: string; cancel_reason: string | null }) => `${x.status}:${x.cancel_reason}`)
        .sort(),
    ).toEqual(["booked:null", "cancelled:rescheduled"]);
  });

  it("an invitee no contact has is kept unmatched and changes nothing", async () => {
    const r = await post(
      calendlyUrl,
      calendlyDelivery(calendlyKey, "invitee.created", { email: "stranger@nowhere.example", start }),
    );
    expect(r.json()).toMatchObject({ outcome: "booked", contact_id: null, matched_by: null, exits: [] });
  });
});

describe("erasure", () => {
  it("erasing the contact erases the invitee's address, name and the meeting's title", async () => {
    const c = await enrolled("dreamborn");
    await post(
      calendlyUrl,
      calendlyDelivery(calendlyKey, "invitee.created", { email: c.email, name: "Priya Invitee", start }),
    );
    const r = await h.app.inject({
      method: "POST",
      url: `/api/v1/contacts/${c.contactId}/erase`,
      headers: t.revops.auth,
      payload: { request_reference: "TICKET-41" },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().removed.meetings).toBe(1);
    const rows = await h.database.db
      .selectFrom("meetings")
      .select(["invitee_email", "invitee_name", "title"])
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", c.contactId)
      .execute();
    expect(rows).toEqual([{ invitee_email: "[erased]", invitee_name: null, title: null }]);
  });
});

describe("forged deliveries change nothing", () => {
  it("a wrong key, a tampered body, a stale signature, another tenant's token, an unknown endpoint", async () => {
    const c = await enrolled("dreamborn");
    const wrong = calendlyDelivery("not-the-key-000000", "invitee.created", { email: c.email, start });
    expect((await post(calendlyUrl, wrong)).json().error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    const good = calcomDelivery(calcomKey, "BOOKING_CREATED", { email: c.email, start });
    const tampered = { ...good, body: good.body.replace(c.email, "someone@else.example") };
    expect((await post(calcomUrl, tampered)).statusCode).toBe(401);
    const unsigned = { headers: { "content-type": "application/json" }, body: good.body };
    expect((await post(calcomUrl, unsigned)).json().error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    const stale = calendlyDelivery(
      calendlyKey,
      "invitee.created",
      { email: c.email, start },
      new Date(Date.now() - 3_600_000),
    );
    expect((await post(calendlyUrl, stale)).json().error.code).toBe("WEBHOOK_TIMESTAMP_STALE");
    // the Calendly endpoint's URL with Cal.com's provider: no such endpoint
    expect((await post(calendlyUrl.replace("/calendly/", "/calcom/"), good)).json().error.code).toBe(
      "MEETING_WEBHOOK_NOT_FOUND",
    );
    // another tenant's token names nobody here; the address is not this tenant's either
    const foreign = bookingToken(h.deps.config.secret, other.clientId, c.contactId);
    expect(readBookingToken(h.deps.config.secret, t.clientId, foreign)).toBeNull();
    const r = await post(
      calcomUrl,
      calcomDelivery(calcomKey, "BOOKING_CREATED", { email: "x@y.example", start, token: foreign }),
    );
    expect(r.json()).toMatchObject({ contact_id: null });
    expect((await enrollmentsOf(c.contactId))[0]).toMatchObject({ status: "active" });
  });

  it("only admins and RevOps add endpoints; a rep sets a booking link, which must be https", async () => {
    const r = await h.app.inject({
      method: "POST",
      url: "/api/v1/meeting-webhooks",
      headers: t.rep.auth,
      payload: { provider: "calendly", signing_key: "whatever-key-123" },
    });
    expect(r.statusCode).toBe(403);
    const set = (url: string | null) =>
      h.app.inject({
        method: "PUT",
        url: "/api/v1/me/booking-link",
        headers: t.rep.auth,
        payload: { booking_url: url },
      });
    expect((await set("http://calendly.com/tara/30min")).json().error.code).toBe("BOOKING_URL_INVALID");
    expect((await set("https://calendly.com/tara/30min")).json()).toEqual({
      booking_url: "https://calendly.com/tara/30min",
    });
    const link = bookingLinkFor(
      "https://calendly.com/tara/30min",
      h.deps.config.secret,
      t.clientId,
      "00000000-0000-4000-8000-000000000001",
    );
    expect(new URL(link).searchParams.get("utm_content")).toMatch(/^bt1\./);
    expect(
      readBookingToken(h.deps.config.secret, t.clientId, new URL(link).searchParams.get("utm_content")),
    ).toBe("00000000-0000-4000-8000-000000000001");
    const cal = new URL(
      bookingLinkFor(
        "https://cal.com/tara/30min",
        h.deps.config.secret,
        t.clientId,
        "00000000-0000-4000-8000-000000000001",
      ),
    );
    expect(cal.searchParams.get("metadata[baton]")).toMatch(/^bt1\./);
    expect(
      (await h.app.inject({ method: "GET", url: "/api/v1/meeting-webhooks", headers: t.exec.auth })).json()
        .items,
    ).toHaveLength(2);
  });
});
