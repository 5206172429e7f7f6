// Wires the engine to the real modules: the campaigns' exit_contact and out-of-office resume, the
// drafters, the email channel and the CRM outbox. (The coordinator, the only path to an activation
// or a touch, is imported where it is used.) Tests and the simulation override single parts.
import { exitContact, resumePausedEnrollments } from "../campaigns/index.ts";
import { createEmailChannel } from "../channels/index.ts";
import type { Config } from "../config/config.ts";
import { enqueueCrmWrites } from "../crm/enqueue-crm-write.ts";
import type { Database } from "../db/connect.ts";
import { createLlmDrafter, templateDrafter } from "../drafting/index.ts";
import { ENGINE_DEFAULTS, type EngineDeps } from "./engine-deps.ts";

export async function defaultEngineDeps(
  database: Database,
  config: Config,
  overrides: Partial<EngineDeps> = {},
): Promise<EngineDeps> {
  const db = database.db;
  return {
    db,
    dbKind: database.kind,
    drafters: {
      template: templateDrafter,
      llm: config.llm ? createLlmDrafter(config.llm, overrides.metrics) : undefined,
    },
    email: createEmailChannel(db, config, { warn: () => {} }),
    exitContact,
    enqueueCrmWrites,
    resumePausedEnrollments,
    ...ENGINE_DEFAULTS,
    bookingSecret: config.secret,
    ...overrides,
  };
}
