// Picks the email channel from config: SMTP when SMTP_HOST is set, otherwise the dev channel that
// records messages in a table (and logs that it does, once).
import type { Kysely } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import type { EmailChannel } from "./channel.ts";
import { DEV_CHANNEL_NOTICE, DevRecordingEmailChannel } from "./dev-email-channel.ts";
import { SmtpEmailChannel } from "./smtp-email-channel.ts";

export function createEmailChannel(
  db: Kysely<DB>,
  config: Config,
  log: { warn(msg: string): void } = console,
): EmailChannel & { readonly name: string } {
  if (config.smtp) return new SmtpEmailChannel(db, { ...config, smtp: config.smtp });
  log.warn(DEV_CHANNEL_NOTICE);
  return new DevRecordingEmailChannel(db, config);
}
