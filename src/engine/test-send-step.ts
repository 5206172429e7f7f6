// "Send me a test" (issue 60 item 5): a step as it is being edited, rendered exactly as the edit
// preview renders it (previewEditedStep), emailed to the signed-in person's own address with the
// subject prefixed "[Test] ". It is not a touch: no event, no coordinator decision, no send item;
// only the channel's own at-most-once ledger (and, without SMTP, the dev outbox) sees it.

import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { hasSubject, isSendingChannel } from "../channels/contract.ts";
import type { EmailChannel } from "../channels/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import {
  type EditedStepPreviewRequest,
  previewEditedStep,
  requireStepEditor,
  type StepPreview,
} from "./preview-step.ts";

export const TEST_SEND_LIMIT = { max: 5, windowMs: 10 * 60_000 };

/**
 * Takes one test send for the person, or throws RATE_LIMITED with the seconds until one frees up:
 * at most `max` per person per window, counted in test_send_takes (0395) under the person's row lock,
 * so every process shares the one limit. The cap guards a person's own inbox, not the tenant's.
 */
export async function takeTestSend(
  db: Kysely<DB>,
  p: Principal,
  now: Date,
  cfg: { max: number; windowMs: number } = TEST_SEND_LIMIT,
): Promise<void> {
  const since = new Date(now.getTime() - cfg.windowMs);
  await db.transaction().execute(async (tx) => {
    // the person's row orders two takes of one person (two tabs, two servers)
    await tx
      .selectFrom("principals")
      .select("principal_id")
      .where("client_id", "=", p.clientId)
      .where("principal_id", "=", p.principalId)
      .forUpdate()
      .executeTakeFirst();
    await tx
      .deleteFrom("test_send_takes")
      .where("client_id", "=", p.clientId)
      .where("principal_id", "=", p.principalId)
      .where("taken_at", "<=", since)
      .execute();
    const recent = await tx
      .selectFrom("test_send_takes")
      .select("taken_at")
      .where("client_id", "=", p.clientId)
      .where("principal_id", "=", p.principalId)
      .orderBy("taken_at")
      .execute();
    if (recent.length >= cfg.max) {
      const frees = recent[recent.length - cfg.max].taken_at.getTime() + cfg.windowMs;
      throw new BatonError("RATE_LIMITED", {
        retry_after_s: Math.max(1, Math.ceil((frees - now.getTime()) / 1000)),
      });
    }
    await tx
      .insertInto("test_send_takes")
      .values({ client_id: p.clientId, principal_id: p.principalId, taken_at: now })
      .execute();
  });
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
    now: Date;
  },
): Promise<TestSendResult> {
  await requireStepEditor(db, p, q, "send a test of a step");
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
  await takeTestSend(db, p, deps.now);
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
