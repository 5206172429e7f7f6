// Built by web/build/play-validators.ts from the server's play-document schemas.
declare module "virtual:play-validators" {
  import type { ValidateFunction } from "ajv";
  export const PlayTargetDefinition: ValidateFunction;
  export const PlaySuggestedCadence: ValidateFunction;
  export const PlaySuccessCriteria: ValidateFunction;
}
