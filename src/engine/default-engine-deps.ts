// Wires the engine to the real modules: the campaigns' exit_contact, the drafters, the email
// channel and the CRM outbox. (The coordinator, the only path to an activation or a touch, is
// imported where it is used.)
// Modules are resolved by import at start so the engine does not break while a module is landing;
// a missing one is reported by name when first used.
import type { Config } from "../config/config.ts";
import type { Database } from "../db/connect.ts";
import type { Drafter, DraftInput } from "../drafting/drafter.ts";
import { ENGINE_DEFAULTS, type EngineDeps } from "./engine-deps.ts";

async function load(paths: string[], name: string): Promise<any> {
  for (const p of paths) {
    try {
      const m = await import(/* @vite-ignore */ p);
      if (m[name] !== undefined) return m[name];
    } catch {
      // not there yet: try the next path
    }
  }
  return undefined;
}

function missing(name: string): any {
  return () => {
    throw new Error(`engine: ${name} is not available (the module that owns it has not landed)`);
  };
}

/** Used only while src/drafting has no template drafter: says plainly that it is a template. */
export const stopgapTemplateDrafter: Drafter = {
  name: "template",
  async draft(input: DraftInput) {
    const first = input.contact.full_name.split(" ")[0] ?? input.contact.full_name;
    return {
      subject:
        input.step.channel === "email"
          ? `${input.campaign.name}: ${input.step.content_type.replace(/_/g, " ")}`
          : null,
      body: `Hi ${first},\n\n[template - ${input.step.content_type}] ${input.step.template_instructions}\n\n${input.senderName}`,
      draftedBy: "template",
    };
  },
};

export async function defaultEngineDeps(
  database: Database,
  config: Config,
  overrides: Partial<EngineDeps> = {},
): Promise<EngineDeps> {
  const db = database.db;
  const exitContact = overrides.exitContact ?? (await load(["../campaigns/index.ts"], "exitContact"));
  const resumePaused = await load(["../campaigns/index.ts"], "resumePausedEnrollments");
  const enqueue = await load(["../crm/index.ts", "../crm/enqueue-crm-write.ts"], "enqueueCrmWrites");
  const template: Drafter =
    (await load(["../drafting/index.ts", "../drafting/template-drafter.ts"], "templateDrafter")) ??
    stopgapTemplateDrafter;
  let llm: Drafter | undefined;
  if (config.llm) {
    const make = await load(["../drafting/index.ts", "../drafting/llm-drafter.ts"], "createLlmDrafter");
    if (make) llm = make(config.llm);
  }
  let email: EngineDeps["email"] = null;
  const createEmailChannel = await load(["../channels/create-email-channel.ts"], "createEmailChannel");
  if (createEmailChannel) email = createEmailChannel(db, config, { warn: () => {} });
  return {
    db,
    dbKind: database.kind,
    drafters: { template, llm },
    email,
    exitContact: exitContact ?? missing("exitContact"),
    enqueueCrmWrites: enqueue ?? missing("enqueueCrmWrites"),
    resumePausedEnrollments: resumePaused,
    ...ENGINE_DEFAULTS,
    ...overrides,
  };
}
