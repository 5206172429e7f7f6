import { defineErrors } from "../errors/define.ts";

export const playErrors = defineErrors({});
