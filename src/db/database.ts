// One DB type for Kysely: the core tables plus each module's own.
import type { AgentsTables } from "../agents/tables.ts";
import type { AuditTables } from "../audit/tables.ts";
import type { SignInTables } from "../auth/sessions/tables.ts";
import type { CampaignsTables } from "../campaigns/tables.ts";
import type { ChannelsTables } from "../channels/tables.ts";
import type { CoordinatorTables } from "../coordinator/tables.ts";
import type { CrmTables } from "../crm/tables.ts";
import type { DraftingTables } from "../drafting/tables.ts";
import type { EngineTables } from "../engine/tables.ts";
import type { InboxTables } from "../inbox/tables.ts";
import type { WebhookTables } from "../inbox/webhook-tables.ts";
import type { MeetingsTables } from "../meetings/tables.ts";
import type { CoordinatorPeripheryTables } from "../notifications/periphery-tables.ts";
import type { PlaysTables } from "../plays/tables.ts";
import type { ProspectsTables } from "../prospects/tables.ts";
import type { CoreTables } from "./core-tables.ts";

export interface DB
  extends CoreTables,
    PlaysTables,
    CoordinatorTables,
    CoordinatorPeripheryTables,
    CampaignsTables,
    EngineTables,
    InboxTables,
    ChannelsTables,
    CrmTables,
    ProspectsTables,
    DraftingTables,
    AgentsTables,
    SignInTables,
    AuditTables,
    WebhookTables,
    MeetingsTables {
  baton_migrations: { name: string; applied_at: Date };
}
