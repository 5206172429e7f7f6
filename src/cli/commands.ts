// Every CLI command. Add each module's list here.
import { adapterCommands } from "./adapter-commands.ts";
import { adminCommands } from "./admin-commands.ts";
import { agentCommands } from "./agent-commands.ts";
import { authCommands } from "./auth-commands.ts";
import { backupCommands } from "./backup-commands.ts";
import { campaignsCommands } from "./campaigns-commands.ts";
import type { CliCommand } from "./command.ts";
import { coordinatorCommands } from "./coordinator-commands.ts";
import { coordinatorPeripheryCommands } from "./coordinator-periphery-commands.ts";
import { doctorCommands } from "./doctor-commands.ts";
import { engineCommands } from "./engine-commands.ts";
import { foundationCommands } from "./foundation-commands.ts";
import { inboxCommands } from "./inbox-commands.ts";
import { learningCommands } from "./learning-commands.ts";
import { mailCommands } from "./mail-commands.ts";
import { playsCommands } from "./plays-commands.ts";
import { prospectsCommands } from "./prospects-commands.ts";
import { signalsCommands } from "./signals-commands.ts";
import { webhookCommands } from "./webhook-commands.ts";

export const commands: CliCommand[] = [
  ...foundationCommands,
  ...doctorCommands,
  ...backupCommands,
  ...campaignsCommands,
  ...playsCommands,
  ...prospectsCommands,
  ...signalsCommands,
  ...engineCommands,
  ...agentCommands,
  ...coordinatorCommands,
  ...coordinatorPeripheryCommands,
  ...adapterCommands,
  ...adminCommands,
  ...authCommands,
  ...inboxCommands,
  ...webhookCommands,
  ...learningCommands,
  ...mailCommands,
];
