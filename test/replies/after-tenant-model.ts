// For `HOLDOUT_AFTER_MODULE=test/replies/after-tenant-model.ts npm run replies:holdout-earned`
// (issue 72 item 2 on the held-out sets): once the tenant has replayed the tuned stream, its model is
// trained on its people's decisions as the background pass would (trainTenantReplyModel: a worker
// thread, the tenant's own held-out slice decides whether it is kept), and the earned states read
// the held-out replies with the tenant's classifier (its kept model voting, else the base model).
// Prints the training's figures on the tenant's own slice (tuned replies), never a held-out one.
import type { Kysely } from "kysely";
import { tenantClassifier, trainTenantReplyModel } from "../../src/campaigns/triage/reply-models.ts";
import type { DB } from "../../src/db/database.ts";
import type { ReplyClassifier } from "../../src/replies/classifier.ts";
import { rulesAndModelClassifier } from "../../src/replies/index.ts";

export async function classifierAfterReplay(ctx: {
  db: Kysely<DB>;
  clientId: string;
}): Promise<ReplyClassifier> {
  const outcome = await trainTenantReplyModel(ctx.db, ctx.clientId, new Date());
  const { candidate, current, ...rest } = outcome as Record<string, unknown>;
  console.log(`tenant model after the replay: ${JSON.stringify({ ...rest, candidate, current })}`);
  return tenantClassifier(ctx.db, ctx.clientId, rulesAndModelClassifier);
}
