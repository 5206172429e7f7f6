// Types of scripts/build-stamp.mjs for the TypeScript that imports it (test/support/browser.ts).
export const ROOT: string;
export const DIST: string;
export const SERVER_STAMP: string;
export const WEB: string;
export const WEB_STAMP: string;
export function serverSourceHash(): string;
export function webSourceHash(): string;
export function serverBuildFresh(): boolean;
export function webBuildFresh(): boolean;
