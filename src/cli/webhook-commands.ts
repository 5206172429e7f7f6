// baton inbound webhooks …: provider webhook endpoints (issue 35 item 5, docs/mailboxes.md
// "Provider webhooks"), thin over src/inbox/manage-webhooks.ts. Secrets are never taken on the
// command line: --signing-key-stdin / --basic-password-stdin read one line from stdin, and
// --path-token generates a token, printed once with the URL to give Postmark.
import crypto from "node:crypto";
import {
  addWebhook,
  listWebhookEvents,
  listWebhooks,
  removeWebhook,
  replaceWebhookKeys,
  WEBHOOK_PROVIDERS,
  type WebhookProvider,
} from "../inbox/index.ts";
import type { CliCommand } from "./command.ts";
import { flagString, readStdinLine, requiredFlag } from "./flag-values.ts";
import { PAGE_OPTIONS, pageFlags } from "./page-options.ts";

const str = flagString;
const need = requiredFlag;

export const webhookCommands: CliCommand[] = [
  {
    name: "inbound webhooks add",
    summary: "Add a provider webhook endpoint for bounces and complaints (admin, revops)",
    usage:
      "baton inbound webhooks add --provider ses --topic-arns arn:aws:sns:REGION:ACCOUNT:TOPIC[,…]\n" +
      "  | --provider sendgrid --verification-key BASE64\n" +
      "  | --provider mailgun --signing-key-stdin\n" +
      "  | --provider postmark [--basic-user U --basic-password-stdin] [--path-token]\n" +
      "  [--max-age-s 300] [--replace ID]",
    options: {
      provider: { type: "string", description: WEBHOOK_PROVIDERS.join(" | ") },
      "topic-arns": { type: "string", description: "ses: the SNS topic ARNs accepted, comma-separated" },
      "verification-key": { type: "string", description: "sendgrid: the Event Webhook verification key" },
      "signing-key-stdin": {
        type: "boolean",
        description: "mailgun: read the webhook signing key from stdin",
      },
      "basic-user": { type: "string", description: "postmark: the Basic user on the webhook URL" },
      "basic-password-stdin": {
        type: "boolean",
        description: "postmark: read the Basic password from stdin",
      },
      "path-token": { type: "boolean", description: "postmark: generate a secret path token (printed once)" },
      "max-age-s": { type: "string", description: "sendgrid, mailgun: oldest signed timestamp accepted (s)" },
      replace: {
        type: "string",
        description: "an endpoint's id: replace its keys (rotation); its URL stays",
      },
    },
    async run(ctx) {
      const provider = need(ctx, "provider") as WebhookProvider;
      const stdin =
        ctx.flags["signing-key-stdin"] || ctx.flags["basic-password-stdin"]
          ? await readStdinLine()
          : undefined;
      const pathToken = ctx.flags["path-token"] ? crypto.randomBytes(24).toString("base64url") : undefined;
      const input = {
        provider,
        topicArns: str(ctx, "topic-arns")
          ?.split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        verificationKey: str(ctx, "verification-key"),
        signingKey: ctx.flags["signing-key-stdin"] ? stdin : undefined,
        basicUser: str(ctx, "basic-user"),
        basicPassword: ctx.flags["basic-password-stdin"] ? stdin : undefined,
        pathToken,
        maxAgeS: str(ctx, "max-age-s") ? Number(str(ctx, "max-age-s")) : undefined,
      };
      const [db, p, replace] = [await ctx.db(), await ctx.principal(), str(ctx, "replace")];
      const { secret, publicUrl } = ctx.config;
      const v = replace
        ? await replaceWebhookKeys(db, p, secret, publicUrl, replace, input, ctx.now())
        : await addWebhook(db, p, secret, publicUrl, input, ctx.now());
      // the only time the path token is shown: it is sealed from now on
      ctx.print(pathToken ? { ...v, url_with_path_token: `${v.url}/${pathToken}` } : v);
    },
  },
  {
    name: "inbound webhooks list",
    summary: "The provider webhook endpoints: URL, provider, what verifies them (never a secret), last event",
    async run(ctx) {
      ctx.print(await listWebhooks(await ctx.db(), await ctx.principal(), ctx.config.publicUrl));
    },
  },
  {
    name: "inbound webhooks events",
    summary: "An endpoint's recent bounces and complaints: applied, unmatched or ignored, and why",
    options: {
      id: { type: "string", description: "the endpoint's id" },
      ...PAGE_OPTIONS,
    },
    async run(ctx) {
      ctx.print(
        await listWebhookEvents(await ctx.db(), await ctx.principal(), need(ctx, "id"), pageFlags(ctx)),
      );
    },
  },
  {
    name: "inbound webhooks remove",
    summary: "Remove a provider webhook endpoint and its event record (admin, revops)",
    options: { id: { type: "string", description: "the endpoint's id" } },
    async run(ctx) {
      ctx.print(await removeWebhook(await ctx.db(), await ctx.principal(), need(ctx, "id")));
    },
  },
];
