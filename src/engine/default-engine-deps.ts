// Wires the engine to the real modules: the coordinator (the only path to an activation or a
// touch), the campaigns' exit_contact, the drafters, the email channel and the CRM outbox.
// Modules are resolved by import at start so the engine does not break while a module is landing;
// a missing one is reported by name when first used.
import type { Config } from "../config/config.ts";
import type { Database } from "../db/connect.ts";
import type { Drafter, DraftInput } from "../drafting/drafter.ts";
import { type CoordinatorPort, ENGINE_DEFAULTS, type EngineDeps } from "./engine-deps.ts";

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

export async function resolveCoordinator(): Promise<CoordinatorPort> {
  const idx = ["../coordinator/index.ts"];
  const pick = async (name: keyof CoordinatorPort, file: string) =>
    (await load([...idx, `../coordinator/${file}`], name)) ?? missing(name);
  return {
    requestActivation: await pick("requestActivation", "request-activation.ts"),
    gateStep: await pick("gateStep", "gate-step.ts"),
    gateSend: await pick("gateSend", "gate-send.ts"),
    recordTouch: await pick("recordTouch", "record-touch.ts"),
  };
}

export async function defaultEngineDeps(
  database: Database,
  config: Config,
  overrides: Partial<EngineDeps> = {},
): Promise<EngineDeps> {
  const db = database.db;
  const exitContact = overrides.exitContact ?? (await load(["../campaigns/index.ts"], "exitContact"));
  const resumePaused = await load(["../campaigns/index.ts"], "resumePausedEnrollments");
  const enqueue = await load(["../crm/index.ts", "../crm/enqueue-crm-write.ts"], "enqueueCrmWrite");
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
    coordinator: await resolveCoordinator(),
    drafters: { template, llm },
    email,
    exitContact: exitContact ?? missing("exitContact"),
    // INTEGRATION POINT: until src/crm exports enqueueCrmWrite, CRM writes are skipped
    enqueueCrmWrite: enqueue ?? (async () => {}),
    resumePausedEnrollments: resumePaused,
    ...ENGINE_DEFAULTS,
    ...overrides,
  };
}
