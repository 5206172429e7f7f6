import { defineErrors } from "../errors/define.ts";

export const campaignErrors = defineErrors({});
