// Types of scripts/architecture-figures.mjs for the TypeScript that imports it
// (test/foundation/architecture-map.test.ts).
export const BEGIN: string;
export const END: string;
export function folderOf(file: string): string | null;
export function layersOf(text: string): Map<string, number>;
export function components(graph: Map<string, Set<string>>): string[][];
