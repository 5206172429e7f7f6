// baton inbound webhooks add / list / events / remove (issue 35 item 5) on an embedded data
// directory: the CLI prints the URL to give the provider and never a secret; a Postmark path
// token is generated and printed once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import { openDatabase } from "../../src/db/connect.ts";
import { migrate } from "../../src/db/migrate.ts";
import { templateDataDir } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { sendgridKeys } from "../support/webhook-stand-in.ts";

describe("baton inbound webhooks", () => {
  let dir = "";
  let token = "";
  const saved = { ...process.env };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-hooks-cli-"));
    // from the test template (a fresh directory's initdb and migrations took 5 s of this file's 10)
    await templateDataDir(path.join(dir, "data"));
    const database = await openDatabase({ dataDir: path.join(dir, "data") });
    await migrate(database.db);
    token = (await createTenant(database.db, "hcli")).revops.token;
    await database.close();
    process.env.BATON_DATA_DIR = path.join(dir, "data");
    delete process.env.DATABASE_URL;
    process.env.BATON_PUBLIC_URL = "https://baton.example.com";
  });
  afterAll(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runCli([...argv, "--token", token], (l) => lines.push(l));
    return { code, out: lines.join("\n") };
  };

  it("adds SendGrid and Postmark endpoints, lists them without secrets, shows events, removes one", async () => {
    const sg = await cli(
      "inbound",
      "webhooks",
      "add",
      "--provider",
      "sendgrid",
      "--verification-key",
      sendgridKeys().verificationKey,
    );
    expect(sg.code).toBe(0);
    const sgView = JSON.parse(sg.out);
    expect(sgView.url).toBe(`https://baton.example.com/api/v1/inbound/webhooks/sendgrid/${sgView.id}`);
    const pm = await cli("inbound", "webhooks", "add", "--provider", "postmark", "--path-token");
    expect(pm.code).toBe(0);
    const pmView = JSON.parse(pm.out);
    expect(pmView.url_with_path_token).toMatch(new RegExp(`/postmark/${pmView.id}/[A-Za-z0-9_-]{32}$`));
    const pathToken = pmView.url_with_path_token.split("/").pop();
    const list = await cli("inbound", "webhooks", "list");
    expect(list.code).toBe(0);
    expect(list.out).not.toContain(pathToken);
    expect(JSON.parse(list.out).map((w: { provider: string }) => w.provider)).toEqual([
      "sendgrid",
      "postmark",
    ]);
    const events = await cli("inbound", "webhooks", "events", "--id", sgView.id);
    expect([events.code, JSON.parse(events.out)]).toEqual([0, { items: [], next_cursor: null }]);
    const bad = await cli("inbound", "webhooks", "add", "--provider", "ses", "--topic-arns", "nope");
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("WEBHOOK_CONFIG_INVALID");
    expect((await cli("inbound", "webhooks", "remove", "--id", sgView.id)).code).toBe(0);
    expect(JSON.parse((await cli("inbound", "webhooks", "list")).out)).toHaveLength(1);
  });
});
