// baton coordinator activate | step | config, baton contacts opt-out: thin over src/coordinator.

import type { Decision } from "../coordinator/contract.ts";
import {
  gateStepAs,
  getCoordinatorConfig,
  optOutAs,
  requestActivationAs,
  setCoordinatorConfig,
} from "../coordinator/index.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CliCommand } from "./command.ts";

const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);

function required(flags: Record<string, unknown>, ...names: string[]) {
  const errors = names.filter((n) => !str(flags[n])).map((n) => ({ path: `--${n}`, message: "is required" }));
  if (errors.length) throw new BatonError("VALIDATION_FAILED", { errors });
}

function int(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n))
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: `--${name}`, message: "must be an integer" }],
    });
  return n;
}

const view = (d: Decision) => ({
  decision: d.action,
  gate: d.gate,
  reason: d.reason,
  until: d.until?.toISOString() ?? null,
  event_id: d.eventId,
  touch_cap_at_event: d.touchCapAtEvent,
});

export const coordinatorCommands: CliCommand[] = [
  {
    name: "coordinator activate",
    summary: "Request a sequence activation through the five gates (prints the decision)",
    usage: "baton coordinator activate --contact <id> --campaign <id|slug> [--type sales] [--token t]",
    options: {
      contact: { type: "string", description: "contact id" },
      campaign: { type: "string", description: "campaign id or slug" },
      type: { type: "string", description: "sequence type; must match the campaign's kind" },
    },
    async run(ctx) {
      required(ctx.flags, "contact", "campaign");
      const r = await requestActivationAs(
        await ctx.db(),
        await ctx.principal(),
        {
          contactId: str(ctx.flags.contact)!,
          campaign: str(ctx.flags.campaign)!,
          sequenceType: str(ctx.flags.type),
        },
        ctx.now(),
      );
      ctx.print({ ...view(r.decision), enrollment_id: r.enrollmentId });
    },
  },
  {
    name: "coordinator step",
    summary: "Gate an enrollment's current step now",
    usage: "baton coordinator step --enrollment <id>",
    options: { enrollment: { type: "string", description: "enrollment id" } },
    async run(ctx) {
      required(ctx.flags, "enrollment");
      ctx.print(
        view(await gateStepAs(await ctx.db(), await ctx.principal(), str(ctx.flags.enrollment)!, ctx.now())),
      );
    },
  },
  {
    name: "contacts opt-out",
    summary: "Unsubscribe or opt out a lead: ends its live sequences and unsent steps in one transaction",
    usage: "baton contacts opt-out --contact <id> [--unsubscribe] [--source cli]",
    options: {
      contact: { type: "string", description: "contact id" },
      unsubscribe: { type: "boolean", description: "set unsubscribe_flag instead of opt_out_flag" },
      source: { type: "string", description: "where the request came from (default cli)" },
    },
    async run(ctx) {
      required(ctx.flags, "contact");
      const r = await optOutAs(
        await ctx.db(),
        await ctx.principal(),
        {
          contactId: str(ctx.flags.contact)!,
          flag: ctx.flags.unsubscribe ? "unsubscribe" : "opt_out",
          source: str(ctx.flags.source) ?? "cli",
        },
        ctx.now(),
      );
      ctx.print({
        already_opted_out: r.alreadyOptedOut,
        enrollments_terminated: r.enrollmentsTerminated,
        items_cancelled: r.itemsCancelled,
      });
    },
  },
  {
    name: "coordinator config",
    summary: "Show or set the tenant's touch caps (revops, admin)",
    usage: "baton coordinator config [--weekly 3] [--daily 1] [--queue-hours 48]",
    options: {
      weekly: { type: "string", description: "non-transactional touches per prospect per rolling 7 days" },
      daily: { type: "string", description: "touches per contact per local day" },
      "queue-hours": { type: "string", description: "conflict queue period in hours" },
    },
    async run(ctx) {
      const db = await ctx.db();
      const p = await ctx.principal();
      const patch = {
        weeklyTouchCap: int(ctx.flags.weekly, "weekly"),
        dailyTouchCap: int(ctx.flags.daily, "daily"),
        conflictQueueHours: int(ctx.flags["queue-hours"], "queue-hours"),
      };
      const c = Object.values(patch).some((v) => v !== undefined)
        ? await setCoordinatorConfig(db, p, patch, ctx.now())
        : await getCoordinatorConfig(db, p);
      ctx.print({
        weekly_touch_cap: c.weeklyTouchCap,
        daily_touch_cap: c.dailyTouchCap,
        conflict_queue_hours: c.conflictQueueHours,
      });
    },
  },
];
