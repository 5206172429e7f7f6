// Issue 73 item 3: agents never resume a stop, and which agents triage is a role. A reply that may
// ask to stop holds every live enrollment of the contact; an agent's exit (rejected), hand-off or
// referral on it used to resume the contact's other enrollment, the one the stop held. Now the agent
// is refused (REPLY_DECISION_FORBIDDEN) and both stay held until a person decides; a person's same
// decision resumes the other. So is an exit that would let the contact's queued enrollment go (it
// went active and drafted a touch days later). Only an agent with the reply_triage role triages: the plays' brain
// agent and an agent without the role are refused (FORBIDDEN_ROLE) before anything is read. Nor does
// an agent resume a held enrollment by hand (resume_enrollment), or end it with a positive exit
// (exit_enrollment: on_exit may enroll the person elsewhere): ENROLLMENT_HELD_FOR_PERSON, beside a
// person's resume and the agent's own pause and resume.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCampaignPorts } from "../../src/campaigns/index.ts";
import type { Classification, ReplyIntent } from "../../src/replies/classifier.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { defineSpecCampaigns, newContact, T0 } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

// "intent~confidence", "!" for a stop signal: "not_interested~0.5! leave me alone"
const fixed = {
  name: "fixed",
  async classify(text: string): Promise<Classification> {
    const [head] = text.split(" ");
    const [intent, conf] = head!.replace("!", "").split("~");
    return {
      intent: intent as ReplyIntent,
      returnDate: null,
      confidence: conf ? Number(conf) : 1,
      by: "fixed",
      stopSignal: head!.includes("!"),
    };
  },
};

beforeAll(async () => {
  setCampaignPorts({ classifier: fixed });
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "agstop");
  await defineSpecCampaigns(h.database.db, t.revops, T0);
});
afterAll(async () => {
  setCampaignPorts({});
  await h?.close();
});

const call = (method: "GET" | "POST", url: string, auth: { authorization: string }, payload?: unknown) =>
  h.app.inject({
    method,
    url,
    headers: auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** A contact in two campaigns, and a reply to the first that waits in triage (a stop signal when `stop`). */
async function twoHeld(stop: boolean) {
  const { contactId } = await newContact(h.database.db, t.clientId);
  const a = await call("POST", "/api/v1/campaigns/b2bea_membership_close/enrollments", t.sales.auth, {
    contact_id: contactId,
  });
  expect(a.statusCode, a.body).toBe(201);
  const b = await call("POST", "/api/v1/campaigns/b2bea_world/enrollments", t.revops.auth, {
    contact_id: contactId,
  });
  expect(["enrolled", "queued"], b.body).toContain(b.json().outcome);
  await h.database.db
    .updateTable("campaign_contacts")
    .set({ status: "active" })
    .where("client_id", "=", t.clientId)
    .where("contact_id", "=", contactId)
    .where("status", "=", "queued")
    .execute();
  const r = await call("POST", "/api/v1/replies", t.agt301.auth, {
    contact_id: contactId,
    enrollment_id: a.json().enrollment_id,
    text: stop ? "not_interested~0.5! take me off whatever this is" : "not_interested~0.5 not now",
    received_at: T0.toISOString(),
  });
  expect(r.json(), r.body).toMatchObject({ triage: "pending" });
  return {
    replyId: r.json().reply_id as string,
    answered: a.json().enrollment_id as string,
    other: b.json().enrollment_id as string,
  };
}

const statusOf = async (id: string) =>
  (
    await h.database.db
      .selectFrom("campaign_contacts")
      .select(["status", "hold_reason"])
      .where("client_id", "=", t.clientId)
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).status;

describe("agents never resume a stop", () => {
  for (const [name, body] of [
    ["exit rejected", { decision: "exit", exit_reason: "rejected" }],
    ["handoff", { decision: "handoff" }],
    ["referral", { decision: "referral", referral: { name: "Sam Other", email: "sam@other.test" } }],
  ] as const) {
    it(`${name}: the agent is refused and both enrollments stay held; a person's ${name} resumes the other`, async () => {
      const x = await twoHeld(true);
      const view = await call("GET", `/api/v1/replies/triage/${x.replyId}`, t.sales.auth);
      expect(view.json().held_enrollment_ids.sort()).toEqual([x.answered, x.other].sort());
      const choice = view.json().choices.find((c: { decision: string }) => c.decision === body.decision);
      expect(choice.allowed).toBe(false);
      const agent = await call("POST", `/api/v1/replies/triage/${x.replyId}/decide`, t.sales.auth, body);
      expect(agent.statusCode, agent.body).toBe(403);
      expect(agent.json().error.code).toBe("REPLY_DECISION_FORBIDDEN");
      expect(await statusOf(x.other)).toBe("paused");
      expect(await statusOf(x.answered)).toBe("paused");
      const person = await call("POST", `/api/v1/replies/triage/${x.replyId}/decide`, t.revops.auth, body);
      expect(person.statusCode, person.body).toBe(200);
      expect(person.json().effects.resumed).toEqual([x.other]);
      expect(await statusOf(x.other)).toBe("active");
    });
  }

  it("an exit that would let the contact's queued enrollment go is refused to the agent; alone, the agent's exit is taken", async () => {
    // the contact's world enrollment waits (queued) behind the close one; the stop holds the close one
    const { contactId } = await newContact(h.database.db, t.clientId);
    const a = await call("POST", "/api/v1/campaigns/b2bea_membership_close/enrollments", t.sales.auth, {
      contact_id: contactId,
    });
    await h.database.db
      .updateTable("campaign_contacts")
      .set({ status: "active" })
      .where("client_id", "=", t.clientId)
      .where("id", "=", a.json().enrollment_id)
      .execute();
    const b = await call("POST", "/api/v1/campaigns/b2bea_world/enrollments", t.revops.auth, {
      contact_id: contactId,
    });
    expect(b.json().outcome, b.body).toBe("queued");
    const stop = async (enrollmentId: string) => {
      const r = await call("POST", "/api/v1/replies", t.agt301.auth, {
        contact_id: contactId,
        enrollment_id: enrollmentId,
        text: "not_interested~0.5! take me off whatever this is",
        received_at: T0.toISOString(),
      });
      expect(r.json(), r.body).toMatchObject({ triage: "pending" });
      return r.json().reply_id as string;
    };
    const replyId = await stop(a.json().enrollment_id);
    const exit = { decision: "exit", exit_reason: "rejected" };
    const agent = await call("POST", `/api/v1/replies/triage/${replyId}/decide`, t.sales.auth, exit);
    expect(agent.statusCode, agent.body).toBe(403);
    expect(agent.json().error.code).toBe("REPLY_DECISION_FORBIDDEN");
    expect(await statusOf(a.json().enrollment_id)).toBe("paused");
    expect(await statusOf(b.json().enrollment_id)).toBe("queued");
    // a person ends the queued one: the agent's exit of the answered one is taken then
    const ended = await call("POST", `/api/v1/enrollments/${b.json().enrollment_id}/exit`, t.revops.auth, {
      reason: "disqualified",
    });
    expect(ended.statusCode, ended.body).toBe(200);
    const taken = await call("POST", `/api/v1/replies/triage/${replyId}/decide`, t.sales.auth, exit);
    expect(taken.statusCode, taken.body).toBe(200);
    expect(await statusOf(a.json().enrollment_id)).toBe("rejected");
  });

  it("the agent's exit rejected on a reply with no stop signal is taken", async () => {
    const x = await twoHeld(false);
    const agent = await call("POST", `/api/v1/replies/triage/${x.replyId}/decide`, t.sales.auth, {
      decision: "exit",
      exit_reason: "rejected",
    });
    expect(agent.statusCode, agent.body).toBe(200);
    expect(await statusOf(x.answered)).toBe("rejected");
  });

  it("the agent's opt_out on a stop is taken: it resumes nothing", async () => {
    const x = await twoHeld(true);
    const agent = await call("POST", `/api/v1/replies/triage/${x.replyId}/decide`, t.sales.auth, {
      decision: "opt_out",
    });
    expect(agent.statusCode, agent.body).toBe(200);
    expect(await statusOf(x.other)).toBe("opted_out");
  });
});

describe("no agent resumes a held enrollment by hand", () => {
  // resume_enrollment and exit_enrollment (MCP) call the same domain functions as these routes
  const resume = (id: string, who: { authorization: string }) =>
    call("POST", `/api/v1/enrollments/${id}/resume`, who, { reason: "the reply looked fine" });
  const exit = (id: string, who: { authorization: string }, reason: string) =>
    call("POST", `/api/v1/enrollments/${id}/exit`, who, { reason });

  it("an agent's resume of the enrollment a stop holds is refused (the brain agent too); a person's resumes it", async () => {
    const x = await twoHeld(true);
    for (const who of [t.sales, t.agt301, t.agt901]) {
      const r = await resume(x.other, who.auth);
      expect(r.statusCode, r.body).toBe(403);
      expect(r.json().error.code).toBe("ENROLLMENT_HELD_FOR_PERSON");
      expect(await statusOf(x.other)).toBe("paused");
    }
    const person = await resume(x.other, t.revops.auth);
    expect(person.statusCode, person.body).toBe(200);
    expect(await statusOf(x.other)).toBe("active");
  });

  it("an agent's positive exit of a held enrollment is refused (on_exit may enroll the person elsewhere); its negative exit is taken", async () => {
    const x = await twoHeld(true);
    const positive = await exit(x.other, t.sales.auth, "converted");
    expect(positive.statusCode, positive.body).toBe(403);
    expect(positive.json().error.code).toBe("ENROLLMENT_HELD_FOR_PERSON");
    expect(await statusOf(x.other)).toBe("paused");
    const negative = await exit(x.other, t.sales.auth, "rejected");
    expect(negative.statusCode, negative.body).toBe(200);
    expect(await statusOf(x.other)).toBe("rejected");
  });

  it("an agent resumes an enrollment it paused itself (no reply holds it)", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const e = await call("POST", "/api/v1/campaigns/b2bea_membership_close/enrollments", t.sales.auth, {
      contact_id: contactId,
    });
    expect(e.statusCode, e.body).toBe(201);
    const id = e.json().enrollment_id as string;
    await h.database.db
      .updateTable("campaign_contacts")
      .set({ status: "active" })
      .where("client_id", "=", t.clientId)
      .where("id", "=", id)
      .execute();
    const paused = await call("POST", `/api/v1/enrollments/${id}/pause`, t.sales.auth, {
      reason: "the account asked for a week",
    });
    expect(paused.statusCode, paused.body).toBe(200);
    const r = await resume(id, t.sales.auth);
    expect(r.statusCode, r.body).toBe(200);
    expect(await statusOf(id)).toBe("active");
  });
});

describe("which agents triage is a role", () => {
  it("the brain agent and an agent without the role are refused; the sales agent with it lists", async () => {
    for (const who of [t.agt901, t.agt304]) {
      const list = await call("GET", "/api/v1/replies/triage", who.auth);
      expect(list.statusCode, list.body).toBe(403);
      expect(list.json().error.code).toBe("FORBIDDEN_ROLE");
      const decide = await call(
        "POST",
        "/api/v1/replies/triage/00000000-0000-0000-0000-000000000000/decide",
        who.auth,
        { decision: "continue" },
      );
      expect(decide.statusCode).toBe(403);
    }
    const ok = await call("GET", "/api/v1/replies/triage", t.sales.auth);
    expect(ok.statusCode).toBe(200);
  });
});
