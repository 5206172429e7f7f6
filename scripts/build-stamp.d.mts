// Types of scripts/build-stamp.mjs for the TypeScript that imports it (test/support/browser.ts,
// test/foundation/build-stamp.test.ts).
export const ROOT: string;
export const DIST: string;
export const SERVER_STAMP: string;
export const WEB: string;
export const WEB_STAMP: string;
export function serverSourceHash(): string;
export function webSourceHash(): string;
export function serverBuildFresh(): boolean;
export function webBuildFresh(): boolean;
/** What a build's hash reads: files named by their path beside their content, and files by content alone. */
export interface StampInputs {
  named: string[];
  bare: string[];
}
export function filesUnder(dir: string): string[];
export function contentHash(inputs: StampInputs): string;
export function fresh(stamp: string, inputs: StampInputs): boolean;
