// A command's flag values, read one way: a string flag, a required one (VALIDATION_FAILED naming
// the flag otherwise), and a secret read from stdin's first line (never from the command line,
// where the shell's history and the process list would keep it).
import { BatonError } from "../errors/baton-error.ts";
import type { CliContext } from "./command.ts";

export const flagString = (ctx: CliContext, k: string): string | undefined =>
  typeof ctx.flags[k] === "string" ? (ctx.flags[k] as string) : undefined;

export function requiredFlag(ctx: CliContext, name: string): string {
  const v = flagString(ctx, name);
  if (!v)
    throw new BatonError("VALIDATION_FAILED", { errors: [{ path: `--${name}`, message: "is required" }] });
  return v;
}

export async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}
