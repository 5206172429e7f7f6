// Each agent role's whole job through the official MCP SDK client (issue 38), shared by the stdio
// and the HTTP test: the same calls must work the same way over both transports. Every result is
// checked against its tool's output schema (assertOutput), and each role is refused a tool it may
// not use, with the registry's code and a next_action.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect } from "vitest";
import { playDraft } from "./mcp-fixtures.ts";
import { SALES_CAMPAIGN } from "./outreach-setup.ts";
import { NURTURE_CAMPAIGN, type RoleWorld } from "./role-world.ts";
import { assertOutput } from "./tool-outputs.ts";

export { NURTURE_CAMPAIGN, type RoleWorld, seedRoleWorld } from "./role-world.ts";

/** A tool call that must succeed; its structuredContent, checked against the output schema. */
export async function call(c: Client, name: string, args: Record<string, unknown> = {}): Promise<any> {
  const r = await c.callTool({ name, arguments: args });
  if (r.isError) throw new Error(`${name} refused: ${JSON.stringify(r.structuredContent)}`);
  assertOutput(name, r.structuredContent);
  expect(JSON.parse((r.content as { text: string }[])[0].text)).toEqual(r.structuredContent);
  return r.structuredContent;
}

/** A tool call that must be refused with code; the refusal matches the output schema too. */
export async function refused(c: Client, name: string, args: Record<string, unknown>, code: string) {
  const r = await c.callTool({ name, arguments: args });
  expect(r.isError, `${name} should be refused`).toBe(true);
  assertOutput(name, r.structuredContent);
  const { error } = r.structuredContent as { error: Record<string, unknown> };
  expect(error.code).toBe(code);
  expect(error.next_action).toBeTruthy();
  return error;
}

async function discover(c: Client) {
  const { tools } = await c.listTools(); // also gives the SDK client the output schemas it checks
  for (const tool of tools) {
    expect(tool.description, tool.name).toBeTruthy();
    expect(tool.outputSchema?.type, tool.name).toBe("object");
  }
  return tools.map((x) => x.name);
}

/** Brain agents (AGT-901/902): read the figures, draft, revise own draft, follow its fate. */
export async function brainJob(c: Client, w: RoleWorld): Promise<void> {
  expect(await discover(c)).toEqual(expect.arrayContaining(["draft_play", "revise_draft", "cohort_view"]));
  expect((await call(c, "whoami")).agent_id).toBe("AGT-901");
  const { prompts } = await c.listPrompts();
  expect(prompts.map((p) => p.name)).toContain("draft_play_for_segment");
  const prompt = await c.getPrompt({ name: "draft_play_for_segment", arguments: { segment: "mcp_seg" } });
  expect((prompt.messages[0].content as { text: string }).text).toMatch(/segment_caps_and_active_plays/);
  const segments = await c.readResource({ uri: "baton://segments" });
  const segs = JSON.parse((segments.contents[0] as { text: string }).text);
  expect(segs.segments.map((s: { segment: string }) => s.segment)).toContain("mcp_seg");

  const caps = await call(c, "segment_caps_and_active_plays", { segment: "mcp_seg" });
  expect(caps.touch_caps.weekly_touch_cap).toBeGreaterThan(0);
  const cohort = await call(c, "cohort_view", { quarter: w.quarter });
  expect(cohort.quarter).toBe(w.quarter);
  expect((await call(c, "list_retrospectives")).items).toEqual([]);
  expect((await call(c, "agent_calibration")).rows).toBeInstanceOf(Array);
  const funnel = await call(c, "campaign_funnel", { campaign: SALES_CAMPAIGN });
  expect(funnel.scope.kind).toBe("campaign");

  const play = await call(c, "draft_play", {
    ...playDraft({ name: "Role play" }),
    idempotency_key: "role-brain-1",
  });
  expect(play).toMatchObject({ state: "draft", writer_agent_id: "AGT-901" });
  const revised = await call(c, "revise_draft", {
    play_id: play.play_id,
    name: "Role play, revised",
    hypothesis: "Revisits within 7 days convert when a proof point follows within a day.",
  });
  expect(revised).toMatchObject({ play_id: play.play_id, name: "Role play, revised", state: "draft" });
  const mine = await call(c, "list_my_drafts", { limit: 10 });
  expect(mine.items.map((p: { play_id: string }) => p.play_id)).toContain(play.play_id);
  expect(mine).toHaveProperty("next_cursor");
  const read = await call(c, "get_play", { play_id: play.play_id });
  expect(read.play.name).toBe("Role play, revised");
  expect(read.history[0].event).toBeTruthy();
  const lineage = await call(c, "plays_by_proposal", { proposal_id: play.originating_proposal_id });
  expect(lineage.items.map((p: { play_id: string }) => p.play_id)).toContain(play.play_id);
  expect((await call(c, "play_funnel", { play_id: play.play_id })).scope.kind).toBe("play");

  // research (issue 69): a buying signal the brain found, with its evidence; a company nobody has yet waits
  const types = await call(c, "list_signal_types");
  expect(types.items.map((x: { name: string }) => x.name)).toContain("funding_round");
  const signal = await call(c, "record_signal", {
    type: "funding_round",
    domain: "research-target.example",
    occurred_at: "2026-01-15T00:00:00Z",
    evidence_url: "https://news.example.com/research-target-series-a",
    idempotency_key: "role-brain-signal",
  });
  expect(signal).toMatchObject({ resolved: "waiting", contacts_changed: [] });
  expect(["recorded", "duplicate"]).toContain(signal.status);
  // what is warming, to ground the next draft: the recent signals and the trends per segment
  const recent = await call(c, "list_signals", { days: 30 });
  expect(Array.isArray(recent.items)).toBe(true);
  const trends = await call(c, "signal_trends", { days: 14 });
  expect(trends.days).toBe(14);
  expect(trends.next_cursor).toBeUndefined();

  // a person's approval, asked through MCP (issue 71): the link to the page, then the state to poll
  const asked = await call(c, "request_play_approval", { play_id: play.play_id });
  expect(asked).toMatchObject({ input_required: true, approval_request: { status: "pending" } });
  const polled = await call(c, "get_approval_request", { request_id: asked.approval_request.request_id });
  expect(polled.approval_request.url).toMatch(/\/approvals\/agent\//);

  // a person approves plays; the refusal says who
  const error = await refused(c, "approve_play", { play_id: play.play_id }, "FORBIDDEN_ROLE");
  expect(error.facts).toMatchObject({ principal: "agent AGT-901" });
}

/** Sales and BDR agents: campaigns, enroll, draft and submit touches, replies, enrollment control. */
export async function salesJob(c: Client, w: RoleWorld): Promise<void> {
  expect(await discover(c)).toEqual(expect.arrayContaining(["list_drafting_tasks", "classify_reply"]));
  const campaigns = await call(c, "list_campaigns");
  expect(campaigns.items.map((x: { slug: string }) => x.slug)).toContain(SALES_CAMPAIGN);
  expect(campaigns.next_cursor).toBeNull();
  const campaign = await call(c, "get_campaign", { campaign: SALES_CAMPAIGN });
  expect(campaign.steps[0]).toMatchObject({ step_number: 1, channel: "email" });
  const res = await c.readResource({ uri: `baton://campaigns/${SALES_CAMPAIGN}` });
  expect(JSON.parse((res.contents[0] as { text: string }).text).slug).toBe(SALES_CAMPAIGN);
  const prompt = await c.getPrompt({ name: "work_drafting_tasks", arguments: {} });
  expect((prompt.messages[0].content as { text: string }).text).toMatch(/lease_drafting_task/);

  // find the prospect and the company by name (issue 58)
  const found = await call(c, "find_contacts", { q: "robin" });
  expect(found.items.map((x: { contact_id: string }) => x.contact_id)).toEqual([w.robin]);
  const accounts = await call(c, "find_accounts", { q: "TIER", limit: 1 });
  expect(accounts.items).toMatchObject([{ name: "Tier One Co", icp_tier: "T1", contacts: 1 }]);
  expect(accounts.next_cursor).toBeNull();
  // ask first, then enroll: the preview writes nothing and agrees with the real decision
  const preview = await call(c, "preview_decision", { contact_id: w.robin, campaign: SALES_CAMPAIGN });
  const enrolled = await call(c, "request_enrollment", {
    campaign: SALES_CAMPAIGN,
    contact_id: w.robin,
    idempotency_key: "role-sales-enroll",
  });
  expect(enrolled.decision.action).toBe(preview.action);
  expect(enrolled.decision.event_id).toBeTypeOf("number");

  expect((await call(c, "get_enrollment", { enrollment_id: w.enrollmentId })).status).toBe("active");
  const list = await call(c, "list_enrollments", { campaign: SALES_CAMPAIGN });
  expect(list.items.length).toBeGreaterThanOrEqual(1);

  const tasks = await call(c, "list_drafting_tasks");
  const task = tasks.items.find((x: { enrollment_id: string }) => x.enrollment_id === w.enrollmentId);
  expect(task, JSON.stringify(tasks)).toBeTruthy();
  expect((await call(c, "lease_drafting_task", { task_id: task.id })).leased_by_agent_id).toBe("AGT-401");
  const staged = await call(c, "submit_draft", {
    task_id: task.id,
    subject: "Your pricing visit",
    body: "Hi Dana, you looked at pricing last week: here is how a peer cut ramp time by a third.",
    idempotency_key: "role-sales-submit",
  });
  expect(staged.status).toBe("pending");
  // issue 58: revised before approval, by the agent that drafted it
  const revised = await call(c, "revise_staged_draft", {
    draft_id: staged.id,
    body: "Hi Dana, you looked at pricing last week: a peer cut ramp time by a third. Worth 15 minutes?",
  });
  expect(revised).toMatchObject({ id: staged.id, status: "pending", subject: "Your pricing visit" });
  expect(revised.body).toMatch(/Worth 15 minutes/);
  const drafts = await call(c, "list_staged_drafts", { status: "pending" });
  expect(drafts.items.map((d: { id: string }) => d.id)).toEqual([staged.id]);
  expect((await call(c, "get_staged_draft", { draft_id: staged.id })).drafted_by).toBe("AGT-401");

  // pause and resume by hand, with reasons
  const paused = await call(c, "pause_enrollment", {
    enrollment_id: w.enrollmentId,
    reason: "Dana asked to talk after her board meeting",
  });
  expect(paused.status).toBe("paused");
  const resumed = await call(c, "resume_enrollment", {
    enrollment_id: w.enrollmentId,
    reason: "Board meeting over",
  });
  expect(resumed.status).toBe("active");

  // classify first (writes nothing), then report
  const text = "I am out of the office until Monday with limited access to email.";
  const cls = await call(c, "classify_reply", { text });
  expect(cls.intent).toBe("out_of_office");
  expect(cls.if_reported).toMatch(/pause/);
  // issue 56: a reply Baton cannot read alone holds the enrollment and waits; the agent clears it
  const unsure = await call(c, "report_reply", {
    contact_id: w.dana,
    text: "Who are you?",
    received_at: new Date().toISOString(),
    idempotency_key: "role-sales-unsure",
  });
  expect(unsure).toMatchObject({ action: "held", triage: "pending" });
  expect((await call(c, "count_reply_triage")).pending).toBeGreaterThanOrEqual(1);
  const queue = await call(c, "list_reply_triage", { contact_id: w.dana });
  expect(queue.items.map((x: { reply_id: string }) => x.reply_id)).toEqual([unsure.reply_id]);
  const one = await call(c, "get_reply_triage", { reply_id: unsure.reply_id });
  expect(one.choices.find((x: { decision: string }) => x.decision === "continue").allowed).toBe(true);
  const decided = await call(c, "decide_reply", { reply_id: unsure.reply_id, decision: "continue" });
  expect(decided.effects.resumed).toEqual([w.enrollmentId]);
  // the same decision again is the stored outcome
  const again = await call(c, "decide_replies", { reply_ids: [unsure.reply_id], decision: "continue" });
  expect(again.results).toMatchObject([{ ok: true }]);
  // a class's automation is a person's call: the agent asks, RevOps or an admin decides (issue 71)
  const change = await call(c, "request_automation_change", {
    intent: "not_interested",
    language: "en",
    action: "close",
    reason: "its readings disagree with the replies I see",
  });
  expect(change).toMatchObject({ input_required: true, approval_request: { kind: "automation_change" } });

  const reply = await call(c, "report_reply", {
    contact_id: w.dana,
    text: "Not interested, thanks.",
    received_at: new Date().toISOString(),
    idempotency_key: "role-sales-reply",
  });
  expect(reply).toMatchObject({ intent: "not_interested", action: "exited" });
  const timeline = await call(c, "prospect_timeline", { contact_id: w.dana });
  expect(timeline.items.map((e: { event_type: string }) => e.event_type)).toEqual(
    expect.arrayContaining(["activated", "paused", "exit"]),
  );

  if (enrolled.enrollment_id) {
    const exited = await call(c, "exit_enrollment", {
      enrollment_id: enrolled.enrollment_id,
      reason: "rejected",
    });
    expect(exited.enrollment_id).toBe(enrolled.enrollment_id);
  }
  const out = await call(c, "opt_out_contact", { contact_id: w.morgan, flag: "unsubscribe" });
  expect(out.already_opted_out).toBe(false);

  // only brain agents draft plays
  await refused(c, "draft_play", playDraft(), "PLAY_WRITE_FORBIDDEN");
}

/** The exec (a person's token): the hand-off gate (spec 002), refused the agents' work. */
export async function execJob(c: Client, w: RoleWorld): Promise<void> {
  const tools = await discover(c);
  expect(tools).toEqual(expect.arrayContaining(["list_handoffs", "route_handoff"]));
  expect(tools).not.toContain("lease_drafting_task");
  const open = await call(c, "list_handoffs", { status: "open" });
  expect(open.items.map((x: { id: string }) => x.id)).toContain(w.handoffId);
  const one = await call(c, "get_handoff", { handoff_id: w.handoffId });
  expect(one).toMatchObject({ status: "open", gate_role: "exec", exit_reason: "meeting" });
  const routed = await call(c, "route_handoff", {
    handoff_id: w.handoffId,
    campaigns: [NURTURE_CAMPAIGN],
    goal: "pipeline",
    notes: "Met at the summit; nurture until the budget cycle",
    idempotency_key: "role-exec-route",
  });
  expect(routed.handoff).toMatchObject({ id: w.handoffId, status: "routed" });
  expect(routed.enrollments[0].decision.event_id).toBeTypeOf("number");
  // routed once: the hand-off is no longer open
  expect((await call(c, "list_handoffs", { status: "open" })).items).toEqual([]);
  await draftsJob(c, w);
  await refused(c, "lease_drafting_task", {}, "FORBIDDEN_ROLE");
}

/** The exec's approvals (issue 71): approve, edit then approve, reject, as the workspace's page. */
async function draftsJob(c: Client, w: RoleWorld): Promise<void> {
  const [avery, quinn] = w.pendingDrafts;
  const pending = await call(c, "list_staged_drafts", { status: "pending" });
  expect(pending.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([avery, quinn]));
  const drafted = await call(c, "get_staged_draft", { draft_id: avery });
  expect(drafted).toMatchObject({ status: "pending", drafted_by: "AGT-301" });
  // an edit that leaves a [placeholder] is refused as on the page, and says which tool finishes it
  const unfinished = await refused(
    c,
    "approve_staged_draft",
    { draft_id: avery, body: "Hi [first name], a peer cut ramp time by a third." },
    "DRAFT_UNFINISHED",
  );
  expect(unfinished.next_action).toMatch(/^Finish the text: approve_staged_draft \{draft_id: "/);
  const approved = await call(c, "approve_staged_draft", {
    draft_id: avery,
    subject: "Ramp time, from a peer",
    body: "Hi Avery, a peer of yours cut ramp time by a third. Worth 15 minutes?",
    idempotency_key: "role-exec-approve",
  });
  expect(approved).toMatchObject({ status: "approved", subject: "Ramp time, from a peer" });
  expect(approved.original_body).toBe(drafted.body);
  const rejected = await call(c, "reject_staged_draft", { draft_id: quinn, reason: "Too generic for Quinn" });
  expect(rejected).toMatchObject({ status: "rejected", reject_reason: "Too generic for Quinn" });
  // decided drafts stay decided: each its own refusal, naming MCP tools
  const again = await call(c, "decide_staged_drafts", { draft_ids: [avery, quinn], decision: "approve" });
  expect(again.results).toMatchObject([
    { id: avery, ok: false, error: { code: "DRAFT_ALREADY_DECIDED" } },
    { id: quinn, ok: false, error: { code: "DRAFT_ALREADY_DECIDED" } },
  ]);
  expect(again.results[0].error.next_action).toMatch(/get_staged_draft/);
  expect(
    (await call(c, "list_staged_drafts", { status: "approved" })).items.map((d: { id: string }) => d.id),
  ).toContain(avery);
}

/** RevOps (a person's token): the plays waiting for review, picked up, co-defined, approved. */
export async function reviewJob(c: Client, w: RoleWorld): Promise<void> {
  const tools = await discover(c);
  expect(tools).toEqual(expect.arrayContaining(["list_plays_for_review", "pick_up_play", "approve_play"]));
  expect(tools).not.toContain("draft_play");
  // prompts and resources as tools: review_plays is offered, drafting a play is not (issue 71)
  const prompts = (await c.listPrompts()).prompts.map((p) => p.name);
  expect(prompts).toContain("review_plays");
  expect(prompts).not.toContain("draft_play_for_segment");
  await expect(
    c.getPrompt({ name: "draft_play_for_segment", arguments: { segment: "mcp_seg" } }),
  ).rejects.toThrow(/no prompt/);
  const prompt = await c.getPrompt({ name: "review_plays", arguments: {} });
  expect((prompt.messages[0].content as { text: string }).text).toMatch(/pick_up_play/);

  // the queue pages: one play a page, the brain's draft among the drafts
  const first = await call(c, "list_plays_for_review", { state: "draft", limit: 1 });
  expect(first.items).toHaveLength(1);
  const drafts = [...first.items];
  for (let page = first; page.next_cursor; ) {
    page = await call(c, "list_plays_for_review", { state: "draft", limit: 1, cursor: page.next_cursor });
    drafts.push(...page.items);
  }
  const play = drafts.find((p: { writer_agent_id: string; name: string }) => p.name === "Role play, revised");
  expect(play, JSON.stringify(drafts.map((p: { name: string }) => p.name))).toBeTruthy();
  const picked = await call(c, "pick_up_play", {
    play_id: play.play_id,
    idempotency_key: "role-review-pick",
  });
  expect(picked.state).toBe("under_review");
  // picked up twice: the refusal names the tools for its state
  const twice = await refused(c, "pick_up_play", { play_id: play.play_id }, "PLAY_ILLEGAL_TRANSITION");
  expect(twice.next_action).toMatch(/get_play/);
  const edited = await call(c, "revise_draft", {
    play_id: play.play_id,
    hypothesis: "Revisits within 7 days convert when a customer story follows within a day.",
  });
  expect(edited.hypothesis).toMatch(/customer story/);
  const review = await call(c, "list_plays_for_review", { state: "under_review" });
  expect(review.items.map((p: { play_id: string }) => p.play_id)).toContain(play.play_id);
  const approved = await call(c, "approve_play", { play_id: play.play_id });
  expect(approved.state).toBe("under_review"); // one person's approval; the sales leader's activates it
  expect(approved.revops_approver_user_id).toBe(w.t.revops.principalId);
  await refused(c, "draft_play", playDraft(), "FORBIDDEN_ROLE");
}

/** Marketing agents (AGT-304): request nurture sequences and read why they were blocked or queued. */
export async function marketingJob(c: Client, w: RoleWorld): Promise<void> {
  expect(await discover(c)).toContain("request_activation");
  const nurture = (await call(c, "list_campaigns")).items.find(
    (x: { slug: string }) => x.slug === NURTURE_CAMPAIGN,
  );
  expect(nurture.kind).toBe("nurture");

  // gate 2: nurture never reaches an ABM-active account (the preview says so first, writing nothing)
  const preview = await call(c, "preview_decision", { contact_id: w.casey, campaign: NURTURE_CAMPAIGN });
  expect(preview).toMatchObject({ verdict: "blocked", gate: 2, reason: "abm_active_suppression" });
  const blocked = await call(c, "request_activation", {
    contact_id: w.casey,
    campaign: NURTURE_CAMPAIGN,
    idempotency_key: "role-marketing-casey",
  });
  expect(blocked.decision).toMatchObject({ action: "block", gate: 2, reason: "abm_active_suppression" });
  // gate 4: on a T1 account in a live sales sequence, sales wins and nurture is queued
  const queued = await call(c, "request_activation", {
    contact_id: w.riley,
    campaign: NURTURE_CAMPAIGN,
    sequence_type: "nurture",
  });
  expect(queued.decision).toMatchObject({ action: "queue", gate: 4, reason: "conflict_resolved_queued" });
  expect(queued.decision.until).toBeTruthy();
  const allowed = await call(c, "request_activation", {
    contact_id: w.jamie,
    campaign: NURTURE_CAMPAIGN,
    goal: "awareness",
  });
  expect(allowed.decision.action).toBe("allow");
  expect(allowed.enrollment_id).toBeTruthy();

  // why? the event log says, by prospect; the suppression was notified to this agent
  const why = await call(c, "query_events", { contact_id: w.casey });
  const suppressed = why.items.find((e: { event_type: string }) => e.event_type === "suppressed");
  expect(suppressed).toMatchObject({ gate: 2, suppressed_reason: "abm_active_suppression" });
  const queuedWhy = await call(c, "query_events", { contact_id: w.riley, event_type: "queued" });
  expect(queuedWhy.items[0]).toMatchObject({ gate: 4, suppressed_reason: "conflict_resolved_queued" });
  const notes = await call(c, "list_notifications");
  expect(notes.items.map((n: { kind: string }) => n.kind).join()).toMatch(/abm|suppress/);
  const prompt = await c.getPrompt({ name: "explain_decision", arguments: { contact_id: w.casey } });
  expect((prompt.messages[0].content as { text: string }).text).toMatch(/query_events/);

  // flags are the reps', their managers' and AGT-303's
  await refused(c, "resolve_flag", { flag_id: w.flagId }, "FORBIDDEN_ROLE");
}

/** The coordinator's readers (AGT-303): the event log by prospect, play, proposal or reason; flags. */
export async function readerJob(c: Client, w: RoleWorld): Promise<void> {
  expect(await discover(c)).toEqual(expect.arrayContaining(["query_events", "list_flags", "resolve_flag"]));
  const byReason = await call(c, "query_events", { suppressed_reason: "abm_active_suppression", limit: 5 });
  expect(byReason.items.length).toBeGreaterThanOrEqual(1);
  expect(byReason.items.every((e: { gate: number }) => e.gate === 2)).toBe(true);
  const byContact = await call(c, "query_events", { contact_id: w.dana, limit: 1 });
  expect(byContact.items).toHaveLength(1);
  if (byContact.next_cursor) {
    const next = await call(c, "query_events", {
      contact_id: w.dana,
      limit: 1,
      cursor: byContact.next_cursor,
    });
    expect(next.items[0].event_id).toBeLessThan(byContact.items[0].event_id);
  }
  const none = "00000000-0000-4000-8000-000000000000";
  expect((await call(c, "query_events", { play_id: none })).items).toEqual([]);
  expect((await call(c, "query_events", { originating_proposal_id: none })).items).toEqual([]);

  const flags = await call(c, "list_flags", { status: "open" });
  expect(flags.items.map((f: { flag_id: string }) => f.flag_id)).toContain(w.flagId);
  const resolved = await call(c, "resolve_flag", {
    flag_id: w.flagId,
    note: "Stalled after the exec's calendar freeze; recommend resuming next week.",
  });
  expect(resolved).toMatchObject({ flag_id: w.flagId, status: "resolved" });
  const caps = await c.readResource({ uri: "baton://caps" });
  expect(JSON.parse((caps.contents[0] as { text: string }).text).weekly_touch_cap).toBeGreaterThan(0);

  await refused(c, "draft_play", playDraft(), "PLAY_WRITE_FORBIDDEN");
}
