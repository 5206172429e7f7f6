// Every CLI command. Add each module's list here.
import type { CliCommand } from "./command.ts";
import { engineCommands } from "./engine-commands.ts";
import { foundationCommands } from "./foundation-commands.ts";

export const commands: CliCommand[] = [...foundationCommands, ...engineCommands];
