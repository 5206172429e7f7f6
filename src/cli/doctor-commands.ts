// baton doctor: is every configured part reachable and in order? Prints a table; exits 1 when a
// check fails (skipped parts are not configured, which is not a failure).
import { BatonError } from "../errors/baton-error.ts";
import type { CliCommand } from "./command.ts";
import { doctorTable, runDoctor } from "./doctor-checks.ts";

export const doctorCommands: CliCommand[] = [
  {
    name: "doctor",
    summary:
      "Check each configured part: database, migrations, clock skew, a Citus cluster's nodes and settings, SMTP, Attio, LLM, and each sending domain's SPF, DKIM and DMARC",
    usage: "baton doctor [--json]",
    options: { json: { type: "boolean", description: "print the results as JSON" } },
    async run(ctx) {
      const results = await runDoctor(ctx.config);
      ctx.print(ctx.flags.json ? results : doctorTable(results));
      const failed = results.filter((r) => r.status === "fail").map((r) => r.part);
      if (failed.length) throw new BatonError("DOCTOR_FAILED", { parts: failed });
    },
  },
];
