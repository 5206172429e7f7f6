// "Send me a test" (issue 60 item 5): a step as it is being edited, rendered exactly as the edit
// preview renders it (previewEditedStep), emailed to the signed-in person's own address with the
// subject prefixed "[Test] ". It is not a touch: no event, no coordinator decision, no send item;
// only the channel's own at-most-once ledger (and, without SMTP, the dev outbox) sees it.

import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { EmailChannel } from "../channels/channel.ts";
import { hasSubject, isSendingChannel } from "../channels/channel-kinds.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import {
  EDIT_PREVIEW_ROLES,
  type EditedStepPreviewRequest,
  previewEditedStep,
  type StepPreview,
} from "./preview-step.ts";

export const TEST_SEND_LIMIT = { max: 5, windowMs: 10 * 60_000 };

/**
 * At most `max` test sends per person per window. In process (a note: N servers allow N times the
 * limit): the database's rate_limit_buckets hold one bucket per principal, the API's own, and a
 * second bucket would need a migration. The cap guards a person's own inbox, not the tenant's.
 */
export class TestSendLimiter {
  private readonly sent = new Map<string, number[]>();
  constructor(private readonly cfg = TEST_SEND_LIMIT) {}

  /** Takes one send for the person, or throws RATE_LIMITED with the seconds until one frees up. */
  take(p: Principal, now: Date): void {
    const key = `${p.clientId}:${p.principalId}`;
    const since = now.getTime() - this.cfg.windowMs;
    const recent = (this.sent.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.cfg.max) {
      const retry = Math.max(1, Math.ceil((recent[0] - since) / 1000));
      this.sent.set(key, recent);
      throw new BatonError("RATE_LIMITED", { retry_after_s: retry });
    }
    recent.push(now.getTime());
    this.sent.set(key, recent);
  }
}

export interface TestSendResult {
  to: string;
  subject: string;
  message_id: string;
  preview: StepPreview;
}

function invalid(path: string, message: string): BatonError {
  return new BatonError("VALIDATION_FAILED", { errors: [{ path, message }] });
}

/** Renders the edited step for the contact and sends it to the signed-in person alone. */
export async function testSendEditedStep(
  db: Kysely<DB>,
  p: Principal,
  q: EditedStepPreviewRequest,
  deps: {
    engine: { senderName: string; bookingSecret?: string };
    channel: EmailChannel;
    limiter: TestSendLimiter;
    now: Date;
  },
): Promise<TestSendResult> {
  requireRole(p, "send a test of a step", ...EDIT_PREVIEW_ROLES);
  if (!isSendingChannel(q.step.channel) || !hasSubject(q.step.channel)) {
    throw invalid("/step/channel", `a test send is for email steps; a ${q.step.channel} step is not emailed`);
  }
  // the variant and the contact (404 outside the tenant) are the preview's own
  const preview = await previewEditedStep(db, p, q, deps.engine);
  const me = await db
    .selectFrom("principals")
    .select("email")
    .where("client_id", "=", p.clientId)
    .where("principal_id", "=", p.principalId)
    .executeTakeFirst();
  const to = me?.email?.trim();
  if (!to) throw invalid("/", "you have no email address on your profile to send a test to");
  deps.limiter.take(p, deps.now);
  const subject = `[Test] ${preview.subject ?? ""}`;
  const r = await deps.channel.send(
    {
      clientId: p.clientId,
      to,
      subject,
      text: preview.body,
      headers: {},
      idempotencyKey: `test-send:${randomUUID()}`,
      // a person's test to themselves: no List-Unsubscribe (there is no list to leave)
      transactional: true,
    },
    deps.now,
  );
  if (r.status !== "sent") throw new Error(`the test send was not sent: ${r.status}`);
  return { to, subject, message_id: r.messageId, preview };
}
