// Citus's rules where CI runs (issue 57; docs/scaling.md "Citus's rules"): the migrated schema and
// the sources keep what a Citus cluster requires, checked on PGlite in every `npm test`, since CI
// cannot run the cluster itself (test/support/citus-rules.ts says what each rule prevents). A
// migration or a statement that breaks one fails here, one line per place, naming the rule.
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { readTables } from "../../src/db/tenant-keys.ts";
import {
  CITUS_RULES,
  columnGrantViolations,
  describeViolation,
  EXCEPTIONS,
  schemaViolations,
  sourceFiles,
  sourceViolations,
  sqlTemplates,
} from "../support/citus-rules.ts";
import { testDatabase } from "../support/db.ts";

const root = path.resolve(import.meta.dirname, "../..");

describe("Citus's rules (PGlite)", () => {
  let database: Database;
  let tenant: Set<string>;
  beforeAll(async () => {
    database = await testDatabase();
    tenant = new Set((await readTables(database.db)).filter((t) => t.hasTenant).map((t) => t.name));
  });
  afterAll(() => database.close());

  it("the migrated schema keeps them: no generic plans over tenant tables, triggers by tenant, one co-location", async () => {
    expect((await schemaViolations(database.db)).map(describeViolation)).toEqual([]);
  });

  it("the sources keep them: statements name the tenant, SET LOCAL for settings, application_name apart", () => {
    const files = sourceFiles(path.join(root, "src"));
    expect(files.length).toBeGreaterThan(300);
    expect(sourceViolations(files, tenant, root).map(describeViolation)).toEqual([]);
  });

  it("no column-list GRANT or REVOKE, in the migrations or the sources (Citus refuses them; issue 58)", () => {
    const migrations = path.join(root, "db/migrations");
    const files = [
      ...sourceFiles(path.join(root, "src")),
      ...fs
        .readdirSync(migrations)
        .filter((f) => f.endsWith(".sql"))
        .map((f) => ({
          file: path.join(migrations, f),
          text: fs.readFileSync(path.join(migrations, f), "utf8"),
        })),
    ];
    expect(columnGrantViolations(files, root).map(describeViolation)).toEqual([]);
    // and a forgetful one is found
    const forgetful = [
      {
        file: path.join(root, "src/x.ts"),
        text: "`grant update (last_seen_at, revoked_at) on s.sessions to r`",
      },
    ];
    expect(columnGrantViolations(forgetful, root).map((v) => v.rule)).toEqual(["column-grant"]);
  });

  it("every exception names a rule and says why", () => {
    for (const [key, why] of Object.entries(EXCEPTIONS)) {
      expect(Object.keys(CITUS_RULES)).toContain(key.split("|")[0]);
      expect(why.length).toBeGreaterThan(20);
    }
  });

  it("reports each rule's fault in a forgetful schema (0335's generic plans among them)", async () => {
    const db = database.db;
    await sql`begin`.execute(db);
    try {
      // 0335's setting, restored on the function it was on
      await sql`alter function baton_event_log_tenant_refs() set plan_cache_mode = force_generic_plan`.execute(
        db,
      );
      // a trigger that reads another tenant table without the tenant
      await sql
        .raw(`create function forgetful_trigger() returns trigger language plpgsql as $f$
        begin
          if not exists (select 1 from contacts x where x.contact_id = new.contact_id) then
            raise exception 'no contact';
          end if;
          return new;
        end $f$`)
        .execute(db);
      await sql`create trigger forgetful_trigger before insert on crm_outbox for each row execute function forgetful_trigger()`.execute(
        db,
      );
      // an actor set by set_config in a function
      await sql
        .raw(`create function forgetful_actor() returns void language plpgsql as $f$
        begin perform set_config('baton.actor', 'x', true); end $f$`)
        .execute(db);
      // a table distributed apart from the tenants
      await sql`create table forgetful_rows (id int primary key)`.execute(db);
      const found = (await schemaViolations(db)).map(describeViolation);
      expect(found.filter((l) => l.startsWith("generic-plan baton_event_log_tenant_refs:"))).toHaveLength(1);
      expect(found.some((l) => l.startsWith("trigger-tenant forgetful_trigger [contacts]"))).toBe(true);
      expect(found.some((l) => l.startsWith("statement-tenant forgetful_trigger [contacts]"))).toBe(true);
      expect(found.some((l) => l.startsWith("set-config forgetful_actor"))).toBe(true);
      expect(found.some((l) => l.startsWith("colocation forgetful_rows"))).toBe(true);
      expect(found).toHaveLength(5);
    } finally {
      await sql`rollback`.execute(db);
    }
    expect(await schemaViolations(db)).toEqual([]);
  });

  it("reports each rule's fault in forgetful sources", () => {
    // #{…} stands for ${…}, a template's placeholder in the sources read
    const text = [
      "const a = sql`select id from contacts where contact_id = #{id}`;",
      "const b = sql`select set_config('baton.actor', #{p}, true)`;",
      "const c = sql`select set_config('application_name', #{n}, false)`;",
      "const d = sql`select e.id from campaign_contacts e cross join (select set_config('application_name', #{n}, true)) w where e.client_id = #{t}`;",
      "const e = sql`select 1 from contacts where client_id = #{t} and #{sql`x in (select 1 from campaigns)`}`;",
    ]
      .join("\n")
      .replaceAll("#{", "${");
    const found = sourceViolations([{ file: path.join(root, "src/x.ts"), text }], tenant, root).map(
      describeViolation,
    );
    expect(found).toEqual([
      "statement-tenant src/x.ts:1 [contacts]: names contacts without client_id",
      "set-config src/x.ts:2: set_config('baton.actor', …): a SET LOCAL (src/db/actor-context.ts)",
      "set-config src/x.ts:3: set_config('application_name', …) for the session: is_local true",
      "application-name src/x.ts:4: sets application_name in a statement that reads campaign_contacts",
      "statement-tenant src/x.ts:5 [campaigns]: names campaigns without client_id",
    ]);
  });

  it("reads a template's text with its nested templates, and each template on its own", () => {
    const t = sqlTemplates("x = sql`a #{b ? sql`c #{d} e` : sql``} f`; y = sql`g`;".replaceAll("#{", "${"));
    expect(t.map((x) => x.text.replaceAll("${", "#{"))).toEqual([
      "a #{b ? sql`c #{d} e` : sql``} f",
      "c #{d} e",
      "",
      "g",
    ]);
  });
});
