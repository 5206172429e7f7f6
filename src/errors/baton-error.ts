import { type ErrorCode, errorEntry } from "./registry.ts";

export type Facts = Record<string, unknown>;

/**
 * A refusal with a stable code. The registry gives it its HTTP status, the rule it
 * comes from, a message for people and a next action an agent can follow.
 */
export class BatonError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly rule: string;
  readonly facts: Facts;
  readonly nextAction: string;

  constructor(code: ErrorCode, facts: Facts = {}, opts: { message?: string; cause?: unknown } = {}) {
    const entry = errorEntry(code);
    // every process registers all the domains' codes at its root (src/runtime/errors.ts)
    if (!entry) throw new Error(`error code ${code} is not registered (see src/runtime/errors.ts)`);
    super(opts.message ?? entry.message(facts as any), { cause: opts.cause });
    this.name = "BatonError";
    this.code = code;
    this.status = entry.status;
    this.rule = entry.rule;
    this.facts = facts;
    this.nextAction = entry.next(facts as any);
  }

  /** This refusal as one item's error in a bulk call's results (the API's ItemError). */
  itemError(): { code: string; message: string; next_action: string } {
    return { code: this.code, message: this.message, next_action: this.nextAction };
  }

  toJSON() {
    return {
      code: this.code,
      message: this.message,
      rule: this.rule,
      facts: this.facts,
      next_action: this.nextAction,
    };
  }
}

export function isBatonError(e: unknown): e is BatonError {
  return e instanceof Error && (e as any).name === "BatonError" && typeof (e as any).code === "string";
}
