// The world of the exec's personal send tests (issue 67 item 5): a database, the Microsoft stand-in
// the exec's mailbox connects at, the engine over a recording channel that sends through it, a
// tenant, and sales campaigns of one close step (spec 002: "flagged for Justin to send personally").
import type { Kysely } from "kysely";
import type { Principal } from "../../src/auth/principal.ts";
import { createCampaign } from "../../src/campaigns/index.ts";
import { DevRecordingEmailChannel } from "../../src/channels/dev-email-channel.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { engineDeps } from "../engine/engine-harness.ts";
import { standInEnv } from "../support/connected-mailbox.ts";
import { testDatabase } from "../support/db.ts";
import type { ProviderStandIn } from "../support/mail-provider-stand-in.ts";
import { startMicrosoftStandIn } from "../support/microsoft-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

export interface PersonalSendWorld {
  database: Database;
  deps: EngineDeps;
  t: Tenant;
  microsoft: ProviderStandIn;
  config: { publicUrl: string; secret: string; smtp: undefined };
  close(): Promise<void>;
}

export async function personalSendWorld(tenant: string, secret: string): Promise<PersonalSendWorld> {
  const database = await testDatabase();
  const microsoft = await startMicrosoftStandIn();
  const config = { publicUrl: "http://baton.test", secret, smtp: undefined };
  const full = { ...loadConfig(standInEnv("microsoft", microsoft)), ...config };
  const deps = await engineDeps(database, { email: new DevRecordingEmailChannel(database.db, full) });
  const t = await createTenant(database.db, tenant);
  return {
    database,
    deps,
    t,
    microsoft,
    config,
    async close() {
      await microsoft.close();
      await database.close();
    },
  };
}

/** A sales campaign whose one step is a close, sent by the exec personally. */
export async function closeCampaign(db: Kysely<DB>, by: Principal, slug: string, name: string, at: Date) {
  await createCampaign(
    db,
    by,
    {
      slug,
      name,
      type: "membership",
      owner_role: "roles.sales",
      kind: "sales",
      steps: [
        {
          step_number: 1,
          delay_days: 0,
          channel: "email",
          content_type: "close",
          template_instructions: "close",
        },
      ],
    },
    at,
  );
}
