// Types of scripts/architecture-figures.mjs for the TypeScript that imports it
// (test/foundation/architecture-map.test.ts, test/foundation/function-length.test.ts,
// test/foundation/web-api-types.test.ts).
export const BEGIN: string;
export const END: string;
export function folderOf(file: string): string | null;
export function layersOf(text: string): Map<string, number>;
export function components(graph: Map<string, Set<string>>): string[][];
/** A function of a file and its lines, first to last (test/foundation/function-length.test.ts). */
export interface FunctionLength {
  file: string;
  name: string;
  lines: number;
}
export function functionLengths(files: string[]): FunctionLength[];
export function srcFunctionLengths(): FunctionLength[];
export function webSources(): string[];
export function handWrittenApiTypes(files: string[]): { file: string; name: string }[];
