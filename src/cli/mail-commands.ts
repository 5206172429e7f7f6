// baton mail classify FILE…: what each raw RFC 5322 message is (issue 35), as ingestion reads it:
// one JSON line per file, {file, kind, bounce?, complaint?}. Needs no database and no token.
// A directory stands for the files in it (a maildir's cur/ or new/).
import fs from "node:fs";
import path from "node:path";
import { BatonError } from "../errors/baton-error.ts";
import { classifyMail, type MailClass, parseInbound } from "../inbox/index.ts";
import type { CliCommand } from "./command.ts";

const USAGE =
  "baton mail classify [--own a@x,b@y] FILE… (raw messages, .eml; a directory stands for its files)";

/** One output line: the classification in the CLI's snake_case. */
export function classificationLine(file: string, c: MailClass): Record<string, unknown> {
  const line: Record<string, unknown> = { file, kind: c.kind };
  if (c.bounce) {
    const b = c.bounce;
    line.bounce = {
      recipient: b.recipient,
      status: b.status,
      reason: b.reason,
      hard: b.hard,
      sender_fault: b.senderFault,
      diagnostic: b.diagnostic,
    };
    if ((c.bounces?.length ?? 0) > 1) line.recipients = c.bounces!.length;
  }
  if (c.complaint)
    line.complaint = { recipient: c.complaint.recipient, feedback_type: c.complaint.feedbackType };
  if (c.originalMessageId) line.original_message_id = c.originalMessageId;
  if (c.autoBy) line.auto_reply_by = c.autoBy;
  return line;
}

/** The files named: each file, and the regular files of each directory; the missing ones apart. */
function expand(names: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const st = fs.statSync(name, { throwIfNoEntry: false });
    if (!st) missing.push(name);
    else if (st.isDirectory())
      for (const f of fs.readdirSync(name).sort()) {
        const p = path.join(name, f);
        if (fs.statSync(p).isFile()) files.push(p);
      }
    else files.push(name);
  }
  return { files, missing };
}

export const mailCommands: CliCommand[] = [
  {
    name: "mail classify",
    summary:
      "Say what raw messages are: reply, auto_reply, bounce (reason, hard), complaint, … (one JSON line each)",
    usage: USAGE,
    options: {
      own: {
        type: "string",
        description: "our own addresses (mailboxes, return paths), comma-separated: never a failed recipient",
      },
    },
    async run(ctx) {
      if (ctx.positionals.length === 0)
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "/files", message: `usage: ${USAGE}` }],
        });
      const { files, missing } = expand(ctx.positionals);
      if (missing.length > 0)
        throw new BatonError("VALIDATION_FAILED", {
          errors: missing.map((f) => ({ path: "/files", message: `no such file or directory: ${f}` })),
        });
      const ownAddresses = String(ctx.flags.own ?? "")
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean);
      for (const file of files) {
        const m = await parseInbound(fs.readFileSync(file));
        ctx.print(JSON.stringify(classificationLine(file, classifyMail(m, ctx.now(), { ownAddresses }))));
      }
    },
  },
];
