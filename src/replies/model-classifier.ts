// The reply model trained on the tuned sets (test/fixtures/replies/tuned/labelled-replies.ts, 1,122
// replies), ready at first use: loaded once per process from trained-reply-model.ts (issue 56 item
// 3) and cached. The stored model (half a megabyte) is imported at first use only, not by every
// process that imports the campaigns. A process ships no labelled replies and never trains:
// test/replies/stored-reply-model.test.ts fails until `npm run replies:model` has stored the model
// the sets train now. The held-out set (test/fixtures/replies/holdout) is never part of it.
import type { ReplyClassifier, VotingModel } from "./classifier.ts";
import { combinedClassifier } from "./combined-classifier.ts";
import type { NetworkJson, ReplyModel } from "./reply-model.ts";
import { baseModelVersion, type StoredTenantModel, tenantModelVersion } from "./tenant-model.ts";

/** The base model: the network, its digest and its version as a reading names it. */
export interface BaseReplyModel {
  model: ReplyModel & { readonly version: string };
  network: NetworkJson;
  digest: string;
}

let ready: Promise<BaseReplyModel> | undefined;

async function load(): Promise<BaseReplyModel> {
  const [{ TRAINED_REPLY_MODEL }, { networkOfStored }, { modelFromJson }] = await Promise.all([
    import("./trained-reply-model.ts"),
    import("./serialise-reply-model.ts"),
    import("./reply-model.ts"),
  ]);
  const network = networkOfStored(TRAINED_REPLY_MODEL);
  const version = baseModelVersion(TRAINED_REPLY_MODEL.digest);
  return { model: { ...modelFromJson(network), version }, network, digest: TRAINED_REPLY_MODEL.digest };
}

/** The base model with its network and digest, loaded on the first call and cached for the process. */
export function baseReplyModel(): Promise<BaseReplyModel> {
  ready ??= load();
  return ready;
}

/** The model on the tuned sets, loaded on the first call and cached for the process. */
export async function tunedReplyModel(): Promise<ReplyModel & { readonly version: string }> {
  return (await baseReplyModel()).model;
}

/** The rules with the model on the tuned sets: the default reply classifier (create-classifier.ts). */
export const rulesAndModelClassifier: ReplyClassifier = combinedClassifier(tunedReplyModel);

/** A tenant's kept model (stored over the base's features), ready to vote and naming its version. */
export async function tenantVotingModel(
  stored: StoredTenantModel,
  version: number,
): Promise<VotingModel & { readonly version: string }> {
  const [base, { modelFromJson }, { networkOfTenantModel }] = await Promise.all([
    baseReplyModel(),
    import("./reply-model.ts"),
    import("./tenant-model.ts"),
  ]);
  const m = modelFromJson(networkOfTenantModel(stored, base.network));
  return { vote: m.vote, version: tenantModelVersion(version) };
}
