// issue 71 item 4, "a trace of one engine step from claim to SMTP acceptance, received by the test's
// OTLP receiver": tracing on through the standard OTEL_* variables, one due step of an auto-sent
// email campaign, a real SMTP server accepting it, and the spans decoded from the OTLP/HTTP
// protobuf export: the pass, the tenant's step transaction (the claim), the coordinator's decision,
// the send and the SMTP delivery, linked parent to child in one trace, with the tenant and the ids
// as attributes and nothing personal anywhere (no address, name, company, subject or body).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import { SmtpEmailChannel } from "../../src/channels/smtp-email-channel.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { startTracing, type Tracing } from "../../src/runtime/tracing.ts";
import { addContact, engineDeps } from "../engine/engine-harness.ts";
import { testDatabase } from "../support/db.ts";
import {
  type OtlpReceiver,
  type OtlpValue,
  type ReceivedSpan,
  startOtlpReceiver,
} from "../support/otlp-receiver.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-05-04T09:00:00Z");
const NAME = "Dana Tracewell";
const COMPANY = "Quillfeather Analytics";

/** Every string an export carried: span and event attributes, the resource, span and event names. */
function strings(spans: ReceivedSpan[]): string[] {
  const flat = (v: OtlpValue): string[] => (Array.isArray(v) ? v.flatMap(flat) : [String(v)]);
  return spans.flatMap((s) => [
    s.name,
    s.status.message,
    ...Object.values(s.attributes).flatMap(flat),
    ...Object.values(s.resource).flatMap(flat),
    ...s.events.flatMap((e) => [e.name, ...Object.values(e.attributes).flatMap(flat)]),
  ]);
}

describe("a trace of one engine step, claim to SMTP acceptance, over OTLP", () => {
  let database: Database;
  let smtp: TestSmtp;
  let otlp: OtlpReceiver;
  let channel: SmtpEmailChannel;
  let deps: EngineDeps;
  let t: Tenant;
  let tracing: Tracing | null = null;
  let enrollmentId: string;
  let contactId: string;
  beforeAll(async () => {
    database = await testDatabase();
    smtp = await startTestSmtp();
    otlp = await startOtlpReceiver();
    const config = { ...loadConfig({}), publicUrl: "https://baton.example" };
    channel = new SmtpEmailChannel(database.db, { ...config, smtp: smtp.config("jane@acme.example") });
    deps = await engineDeps(database, { email: channel });
    t = await createTenant(database.db, "otl");
    await createCampaign(
      database.db,
      t.revops,
      {
        slug: "trace_intro",
        name: "Trace",
        type: "nurture",
        owner_role: "roles.marketing",
        kind: "nurture",
        approval_policy: "auto_send",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "Open.",
          },
        ],
      },
      T0,
    );
    contactId = await addContact(database.db, t.clientId, NAME, { company: COMPANY });
    const e = await enrollContact(database.db, t.exec, { campaign: "trace_intro", contactId }, T0);
    enrollmentId = e.enrollment_id as string;
  });
  afterAll(async () => {
    await tracing?.shutdown();
    channel.close();
    await smtp.close();
    await otlp.close();
    await database.close();
  });

  it("exports pass → steps → decision and pass → send → SMTP delivery in one trace, with ids and nothing personal", async () => {
    // the operator's variables, read as the process reads them (loadConfig)
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_SERVICE_NAME: "baton-test" });
    expect(config.tracing).toEqual({
      url: `${otlp.url}/v1/traces`,
      protocol: "http/protobuf",
      serviceName: "baton-test",
    });
    tracing = await startTracing(config, "engine");
    const pass = await runEngineOnce(deps, T0, { workerId: "w-trace", batch: 10 });
    expect(pass.claimed).toBe(1);
    expect(pass.sends.sent).toBe(1);
    // an idle pass afterwards: nothing due, not exported
    const idle = await runEngineOnce(deps, T0, { workerId: "w-trace", batch: 10 });
    expect(idle.claimed).toBe(0);
    await tracing?.shutdown();
    tracing = null;

    expect(smtp.messages).toHaveLength(1);
    expect(otlp.contentTypes.every((c) => c === "application/x-protobuf")).toBe(true);
    const spans = otlp.spans;
    const named = (n: string) => spans.filter((s) => s.name === n);
    // one pass exported: the busy one
    expect(named("baton.engine.pass")).toHaveLength(1);
    const [root] = named("baton.engine.pass");
    expect(root.parentSpanId).toBe("");
    expect(root.attributes["baton.worker_id"]).toBe("w-trace");
    expect(root.attributes["baton.engine.busy"]).toBe(true);
    expect(root.resource["service.name"]).toBe("baton-test");
    expect(root.resource["baton.process"]).toBe("engine");
    const childOf = (parent: ReceivedSpan, name: string) => {
      const c = spans.filter((s) => s.parentSpanId === parent.spanId && s.name === name);
      expect(c, `${name} under ${parent.name}`).toHaveLength(1);
      expect(c[0].traceId).toBe(root.traceId);
      return c[0];
    };

    // the claim: the tenant's step transaction, one event for the step
    const steps = childOf(root, "baton.engine.steps");
    expect(steps.attributes["baton.tenant_id"]).toBe(t.clientId);
    expect(steps.attributes["baton.count"]).toBe(1);
    expect(steps.events).toHaveLength(1);
    const step = steps.events[0].attributes;
    expect(step["baton.enrollment_id"]).toBe(enrollmentId);
    expect(step["baton.outcome"]).toBe("executed");
    expect(step["baton.step"]).toBe(1);
    const sendItemId = step["baton.send_item_id"];
    expect(sendItemId).toMatch(/^[0-9a-f-]{36}$/);

    // the coordinator allowed it, inside the claim's transaction
    const decision = childOf(steps, "baton.coordinator.decide");
    expect(decision.attributes).toMatchObject({
      "baton.kind": "step",
      "baton.tenant_id": t.clientId,
      "baton.count": 1,
      "baton.decisions.allow": 1,
      "baton.decisions.block": 0,
    });

    // the send phase: the item, gated again at send time, then SMTP's acceptance
    const send = childOf(root, "baton.engine.send");
    expect(send.attributes).toMatchObject({
      "baton.tenant_id": t.clientId,
      "baton.send_item_id": sendItemId,
      "baton.enrollment_id": enrollmentId,
      "baton.outcome": "sent",
    });
    const delivery = childOf(send, "baton.email.deliver");
    expect(delivery.kind).toBe(3); // CLIENT
    expect(delivery.attributes).toMatchObject({
      "baton.transport": "smtp",
      "baton.tenant_id": t.clientId,
      "baton.send_item_id": sendItemId,
      "baton.outcome": "sent",
    });
    expect(delivery.status.code).not.toBe(2);
    const atSend = spans.filter(
      (s) => s.name === "baton.coordinator.decide" && s.attributes["baton.kind"] === "send",
    );
    expect(atSend).toHaveLength(1);
    expect(atSend[0].traceId).toBe(root.traceId);

    // nothing personal in any attribute, event or name: the address, the name, the company, the
    // subject and the body's words the contact received
    const m = smtp.messages[0];
    const subject = m.headers.subject ?? "";
    expect(subject.length).toBeGreaterThan(3);
    const personal = [
      m.to[0],
      "example.test",
      "jane@acme.example",
      ...NAME.split(" "),
      ...COMPANY.split(" "),
      subject,
    ];
    const seen = strings(spans);
    for (const value of seen) {
      expect(value).not.toContain("@");
      for (const p of personal) expect(value.toLowerCase(), p).not.toContain(p.toLowerCase());
    }
  });
});
