// Which sign-in methods this server offers (docs/auth.md). Demo sign-in is a convenience of demo
// mode only: it is off as soon as any tenant has IdP settings or email sign-in is configured
// (BATON_EMAIL_SIGNIN, which defaults to true when SMTP_HOST is set).
import type { Kysely } from "kysely";
import type { Config } from "../../config/config.ts";
import type { DB } from "../../db/database.ts";

export interface SignInOptions {
  demo: boolean;
  email: boolean;
  /** Demo mode is on (the workspace shows a banner), whether or not demo sign-in is offered. */
  demoMode: boolean;
}

export async function signInOptions(db: Kysely<DB>, config: Pick<Config, "demo" | "emailSignIn">) {
  const anyIdp = config.demo
    ? await db.selectFrom("idp_settings").select("client_id").limit(1).executeTakeFirst()
    : undefined;
  return {
    demo: config.demo && !config.emailSignIn && !anyIdp,
    email: config.emailSignIn,
    demoMode: config.demo,
  } satisfies SignInOptions;
}
