// Types of scripts/test-summary.mjs for the TypeScript that imports it (test/foundation/test-summary.test.ts).
export interface SkipRecord {
  requirement: string;
  suite: string;
  why?: string;
  how?: string;
}
export interface VitestJsonResults {
  testResults?: {
    name: string;
    status?: string;
    /** why a file failed outside its tests (a hook, an import) */
    message?: string;
    assertionResults?: { status: string; title?: string; fullName?: string; failureMessages?: string[] }[];
  }[];
}
export function summarize(run: {
  status: number | null;
  results: VitestJsonResults | null;
  skips: SkipRecord[];
  env: Record<string, string | undefined>;
  cwd: string;
}): { lines: string[]; status: number };
