// A prospect whose timeline tells a story (issue 37 item 5), shared by the timeline's API test and the
// browser test: two touches with their messages, a hold by the touch cap released a day later, a
// reply that exited the enrollment and opened a hand-off, and a hold on another enrollment still
// waiting. The event rows are inserted out of time order, as the demo's living history and imports
// append them, so that a timeline in insertion order would tell the story wrong.
import type { Kysely } from "kysely";
import type { DB } from "../../src/db/database.ts";

const DAY = 86_400_000;

export interface ProspectStory {
  contactId: string;
  campaignId: string;
  enrollmentId: string;
  /** the events in time order, as the timeline must show them */
  inOrder: string[];
  subjects: string[];
  bodies: string[];
  replyText: string;
}

export async function seedProspectStory(
  db: Kysely<DB>,
  clientId: string,
  now: Date,
  lineage: { playId: string; proposalId: string; accountId?: string | null },
): Promise<ProspectStory> {
  const at = (days: number) => new Date(now.getTime() - days * DAY);
  const contact = await db
    .insertInto("contacts")
    .values({
      client_id: clientId,
      account_id: lineage.accountId ?? null,
      full_name: "Dana Storey",
      email: `dana.storey.${now.getTime()}@example.test`,
      title: "Head of Operations",
    })
    .returning("contact_id")
    .executeTakeFirstOrThrow();
  const campaignId = await campaign(db, clientId, "Story: proof follow-up", lineage.playId);
  const otherCampaign = await campaign(db, clientId, "Story: webinar nurture", null);
  const enrollment = await db
    .insertInto("campaign_contacts")
    .values({
      client_id: clientId,
      contact_id: contact.contact_id,
      campaign_id: campaignId,
      status: "exited",
      current_step: 2,
      enrolled_at: at(12),
      exited_at: at(4),
      exit_reason: "meeting",
      sequence_type: "sales",
      play_id: lineage.playId,
      originating_proposal_id: lineage.proposalId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const nurture = await db
    .insertInto("campaign_contacts")
    .values({
      client_id: clientId,
      contact_id: contact.contact_id,
      campaign_id: otherCampaign,
      status: "active",
      current_step: 1,
      enrolled_at: at(2),
      sequence_type: "nurture",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const subjects = ["Your pricing review, Dana", "How Northwind cut returns by 18%"];
  const bodies = [
    "Hi Dana,\n\nYou looked at our Growth plan last week. Two numbers from teams your size: …",
    "Hi Dana,\n\nNorthwind's operations team cut returns by 18% in one quarter. The one-page case is attached.",
  ];
  const items: string[] = [];
  for (let i = 0; i < 2; i++) {
    const draft = await db
      .insertInto("staged_drafts")
      .values({
        client_id: clientId,
        channel: "email",
        to_id: contact.contact_id,
        subject: subjects[i],
        body: bodies[i],
        context: JSON.stringify({}),
        status: "approved",
        drafted_by: "template",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const item = await db
      .insertInto("sales_send_queue")
      .values({
        client_id: clientId,
        contact_id: contact.contact_id,
        campaign_id: campaignId,
        enrollment_id: enrollment.id,
        step_number: i + 1,
        channel: "email",
        staged_draft_id: draft.id,
        scheduled_at: at(10 - 3 * i),
        sent_at: at(10 - 3 * i),
        status: "sent",
        idempotency_key: `${enrollment.id}:${i + 1}`,
        play_id: lineage.playId,
        originating_proposal_id: lineage.proposalId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    items.push(item.id);
  }
  const replyText = "Thanks Dana here. Can we book a call on Thursday to go through the case?";
  const reply = await db
    .insertInto("campaign_replies")
    .values({
      client_id: clientId,
      contact_id: contact.contact_id,
      enrollment_id: enrollment.id,
      channel: "email",
      received_at: at(4),
      body: replyText,
      intent: "meeting",
      confidence: 0.92,
      classified_by: "rules",
      action: "exited",
      exit_reason: "meeting",
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  const base = {
    client_id: clientId,
    contact_id: contact.contact_id,
    account_id: lineage.accountId ?? null,
    campaign_id: campaignId,
    enrollment_id: enrollment.id,
    sequence_type: "sales" as const,
    play_id: lineage.playId,
    originating_proposal_id: lineage.proposalId,
  };
  const rows = {
    touch1: {
      ...base,
      occurred_at: at(10),
      event_type: "touch",
      coordinator_action: "allow",
      resolution: "sent",
      step_number: 1,
      channel: "email",
      send_item_id: items[0],
      details: JSON.stringify({ kind: "touch" }),
    },
    held: {
      ...base,
      occurred_at: at(8),
      event_type: "held",
      coordinator_action: "hold",
      gate: 3,
      suppressed_reason: "touch_cap_exceeded",
      release_at: at(7),
      step_number: 2,
      details: JSON.stringify({ kind: "step" }),
    },
    released: {
      ...base,
      occurred_at: at(7),
      event_type: "step_allowed",
      coordinator_action: "allow",
      step_number: 2,
      details: JSON.stringify({ kind: "step" }),
    },
    touch2: {
      ...base,
      occurred_at: at(7),
      event_type: "touch",
      coordinator_action: "allow",
      resolution: "sent",
      step_number: 2,
      channel: "email",
      send_item_id: items[1],
      details: JSON.stringify({ kind: "touch" }),
    },
    exit: {
      ...base,
      occurred_at: at(4),
      event_type: "exit",
      resolution: "meeting",
      step_number: 2,
      details: JSON.stringify({ reason: "meeting", notes: "inbound reply" }),
    },
    reply: {
      ...base,
      occurred_at: at(4),
      event_type: "reply",
      resolution: "exited",
      step_number: 2,
      details: JSON.stringify({
        reply_id: reply.id,
        intent: "meeting",
        action: "exited",
        exit_reason: "meeting",
      }),
    },
    handoff: {
      ...base,
      occurred_at: at(4),
      event_type: "handoff_created",
      resolution: "meeting",
      step_number: 2,
      details: JSON.stringify({ gate: "exec" }),
    },
    queued: {
      ...base,
      campaign_id: otherCampaign,
      enrollment_id: nurture.id,
      sequence_type: "nurture" as const,
      play_id: null,
      originating_proposal_id: null,
      occurred_at: at(1),
      event_type: "queued",
      coordinator_action: "queue",
      gate: 4,
      suppressed_reason: "conflict_resolved_queued",
      resolution: "T1_sales_wins",
      release_at: new Date(now.getTime() + 2 * DAY),
      step_number: 1,
      details: JSON.stringify({ kind: "activation" }),
    },
  } as const;
  // appended out of time order: the newest first, the oldest last
  const insertOrder = ["queued", "exit", "reply", "handoff", "released", "touch2", "held", "touch1"] as const;
  for (const k of insertOrder)
    await db
      .insertInto("cadence_event_log")
      .values(rows[k] as any)
      .execute();
  return {
    contactId: contact.contact_id,
    campaignId,
    enrollmentId: enrollment.id,
    // the reply before the exit and the hand-off it caused, though all three share their instant and
    // the log appended the reply last (issue 60 item 5)
    inOrder: ["touch", "held", "step_allowed", "touch", "reply", "exit", "handoff_created", "queued"],
    subjects,
    bodies,
    replyText,
  };
}

async function campaign(db: Kysely<DB>, clientId: string, name: string, playId: string | null) {
  const r = await db
    .insertInto("campaigns")
    .values({
      client_id: clientId,
      slug: `story_${name.replace(/\W+/g, "_").toLowerCase()}_${Math.random().toString(36).slice(2, 8)}`,
      name,
      type: "play",
      owner_role: "roles.sales",
      kind: playId ? "sales" : "nurture",
      status: "active",
      on_exit: "{}",
      play_id: playId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}
