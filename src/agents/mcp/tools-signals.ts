// Signals for research agents (issue 69 item 2): record_signal writes one fact an agent found (a
// funding round, a job posting, a tech adoption) with the URL where it can be checked, down the same
// path as the API's batch (src/signals: matched in the tenant, deduplicated, the contacts' last
// signal moved forward only); list_signal_types reads the catalogue it must use.
import { Type } from "typebox";
import { SignalItemFields, SignalOutcome, SignalTypeView } from "../../api/schemas/signals.ts";
import { ingestSignals, listSignalTypes, signalInputOf } from "../../signals/index.ts";
import { defineTool } from "./tool.ts";

export const signalTools = [
  defineTool({
    name: "list_signal_types",
    title: "List signal types",
    description:
      "The workspace's signal catalogue: each type's name (what record_signal takes), its side (sales or " +
      "marketing: spec 001's conflict matrix compares the two), weight, half-life in days, and whether an " +
      "account's signal reaches all the account's contacts.",
    input: Type.Object({}, { additionalProperties: false }),
    output: Type.Object({ items: Type.Array(SignalTypeView) }),
    write: false,
    run: async (ctx) => ({ items: await listSignalTypes(ctx.db, ctx.principal, ctx.now()) }),
  }),
  defineTool({
    name: "record_signal",
    title: "Record a signal",
    description:
      "Record one buying signal you found, with the URL that shows it (evidence_url): about a person " +
      "(contact_id, or email) or a company (account_id, or domain). It is matched in your workspace only; " +
      "an address or domain nobody has waits until the person or company is imported. It moves the " +
      "contacts' last sales or marketing signal forward (plays target these; the coordinator compares their " +
      "dates); it never enrolls or sends. The same fact recorded twice counts once (external_id, or the " +
      "fact itself). Types: list_signal_types.",
    input: Type.Object(
      {
        ...SignalItemFields,
        evidence_url: Type.String({ maxLength: 2000, pattern: "^https?://" }),
      },
      { additionalProperties: false },
    ),
    params: {
      type: "The signal's type, from list_signal_types (funding_round, job_posting, tech_adopted, …)",
      contact_id: "The contact it is about (from find_contacts)",
      email: "The person's address, when you have no contact_id",
      account_id: "The company it is about (from find_accounts)",
      domain: "The company's domain (acme.com), when you have no account_id",
      occurred_at: "When it happened (ISO time), not when you found it",
      external_id: "Your own id of the fact, if any: a repeat with the same one changes nothing",
      attributes: 'What else you know, as a small JSON object: {"amount": "$20M", "round": "B"}',
      evidence_url: "The page that shows the fact (a press release, a job post, a profile)",
    },
    output: Type.Object({
      ...SignalOutcome.properties,
      contacts_changed: Type.Array(Type.String(), {
        description: "The contacts whose last sales or marketing signal moved forward",
      }),
    }),
    write: true,
    run: async (ctx, b) => {
      const r = await ingestSignals(
        ctx.db,
        ctx.principal,
        [signalInputOf(b, "mcp")],
        { secret: ctx.config.secret },
        ctx.now(),
      );
      return { ...r.results[0], contacts_changed: r.contacts_changed };
    },
  }),
];
