// The CLI's lazy index (src/cli/command-modules.ts) against the commands themselves: each entry names
// exactly the first words its module's commands have, and every command of the full list is found
// through its first word, so a call that loads only its word's modules runs what the full list runs.
import { describe, expect, it } from "vitest";
import { COMMAND_MODULES, commandsStartingWith } from "../../src/cli/command-modules.ts";
import { commands } from "../../src/cli/commands.ts";
import { runCli } from "../../src/cli/main.ts";

const firstWord = (name: string) => name.split(" ")[0];

describe("the CLI's command index", () => {
  it("names each module's first words, no more and no fewer", async () => {
    for (const m of COMMAND_MODULES) {
      const words = [...new Set((await m.load()).map((c) => firstWord(c.name)))].sort();
      expect(words).toEqual([...m.words].sort());
    }
  });

  it("reaches every command of the full list, and nothing else, through its first word", async () => {
    const indexed = new Set((await Promise.all(COMMAND_MODULES.map((m) => m.load()))).flat());
    expect(indexed).toEqual(new Set(commands));
    for (const c of commands) expect(await commandsStartingWith(firstWord(c.name))).toContain(c);
    expect(await commandsStartingWith("no-such-command")).toEqual([]);
    expect(await commandsStartingWith(undefined)).toEqual([]);
  });

  it("answers a malformed call with the full help or the command's usage, exit 2, before any database", async () => {
    const run = async (argv: string[]) => {
      const lines: string[] = [];
      return { code: await runCli(argv, (l) => lines.push(l)), text: lines.join("\n") };
    };
    for (const argv of [["no-such-command"], ["suppressions"], ["suppressions", "lists"], ["--token"]]) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      // the full list, not only the modules of the first word
      for (const c of ["suppressions list", "engine work", "plays approve"]) expect(r.text).toContain(c);
    }
    const bad = await run(["suppressions", "list", "--no-such-flag"]);
    expect(bad.code).toBe(2);
    expect(bad.text).toMatch(/^baton suppressions list: .*no-such-flag/);
    expect(await run([])).toMatchObject({ code: 0 });
  });
});
