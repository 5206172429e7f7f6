import { defineErrors } from "../errors/define.ts";

export const coordinatorErrors = defineErrors({});
