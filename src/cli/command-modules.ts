// Where each CLI command lives, by its first word, so that `baton <command>` loads the modules of
// that word only. Loading every command module (commands.ts) took 1.3-1.5 s of a call's ~3 s; the
// prospect commands alone load in 0.2 s. A test (test/foundation/cli-command-modules.test.ts) checks
// each entry's words against the commands its module really has, and that every command is reached.
import type { CliCommand } from "./command.ts";

export interface CommandModule {
  /** the first words of the module's commands */
  words: readonly string[];
  load(): Promise<CliCommand[]>;
}

export const COMMAND_MODULES: readonly CommandModule[] = [
  {
    words: ["migrate", "serve", "tokens"],
    load: async () => (await import("./foundation-commands.ts")).foundationCommands,
  },
  { words: ["doctor"], load: async () => (await import("./doctor-commands.ts")).doctorCommands },
  {
    words: ["backup", "restore", "erasures"],
    load: async () => (await import("./backup-commands.ts")).backupCommands,
  },
  { words: ["campaigns"], load: async () => (await import("./campaigns-commands.ts")).campaignsCommands },
  { words: ["plays", "archive"], load: async () => (await import("./plays-commands.ts")).playsCommands },
  {
    words: ["import", "suppressions", "contacts", "retention"],
    load: async () => (await import("./prospects-commands.ts")).prospectsCommands,
  },
  {
    words: ["engine", "campaigns", "simulate"],
    load: async () => (await import("./engine-commands.ts")).engineCommands,
  },
  { words: ["mcp"], load: async () => (await import("./agent-commands.ts")).agentCommands },
  {
    words: ["coordinator", "contacts"],
    load: async () => (await import("./coordinator-commands.ts")).coordinatorCommands,
  },
  {
    words: ["events", "flags", "cohort", "coordinator", "webhooks", "notifications"],
    load: async () => (await import("./coordinator-periphery-commands.ts")).coordinatorPeripheryCommands,
  },
  {
    words: ["mailboxes", "dkim", "crm", "replies"],
    load: async () => (await import("./adapter-commands.ts")).adapterCommands,
  },
  { words: ["admin", "db"], load: async () => (await import("./admin-commands.ts")).adminCommands },
  { words: ["admin"], load: async () => (await import("./auth-commands.ts")).authCommands },
  { words: ["mailboxes", "inbox"], load: async () => (await import("./inbox-commands.ts")).inboxCommands },
  { words: ["inbound"], load: async () => (await import("./webhook-commands.ts")).webhookCommands },
  { words: ["signals"], load: async () => (await import("./signals-commands.ts")).signalsCommands },
  { words: ["learning"], load: async () => (await import("./learning-commands.ts")).learningCommands },
  { words: ["mail"], load: async () => (await import("./mail-commands.ts")).mailCommands },
];

/** The commands whose first word is `word`, from the modules that have any (none: an empty list). */
export async function commandsStartingWith(word: string | undefined): Promise<CliCommand[]> {
  const modules = COMMAND_MODULES.filter((m) => word !== undefined && m.words.includes(word));
  return (await Promise.all(modules.map((m) => m.load()))).flat();
}
