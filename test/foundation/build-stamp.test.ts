// The build stamp's check (scripts/build-stamp.mjs): the sources' sizes and modification times, seen
// equal, answer without reading the sources; any write is noticed, and a write that changes nothing
// (a touch) still finds the build fresh, by the content hash.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { contentHash, filesUnder, fresh } from "../../scripts/build-stamp.mjs";

let dir: string;
const inputs = () => ({ named: filesUnder(path.join(dir, "src")), bare: [path.join(dir, "tsconfig.json")] });
const stamp = () => path.join(dir, ".build-hash");

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-stamp-"));
  fs.mkdirSync(path.join(dir, "src", "a"), { recursive: true });
  fs.writeFileSync(path.join(dir, "src", "a", "one.ts"), "export const one = 1;\n");
  fs.writeFileSync(path.join(dir, "src", "two.ts"), "export const two = 2;\n");
  fs.writeFileSync(path.join(dir, "tsconfig.json"), "{}\n");
  fs.writeFileSync(stamp(), contentHash(inputs()));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("fresh: the first check hashes the content and leaves the sizes and times it saw", () => {
  expect(fresh(stamp(), inputs())).toBe(true);
  expect(fs.existsSync(`${stamp()}.stat`)).toBe(true);
  expect(fresh(stamp(), inputs())).toBe(true);
});

it("a source written with the same size, or a file added or removed, is stale; a touch is not", () => {
  const one = path.join(dir, "src", "a", "one.ts");
  fs.writeFileSync(one, "export const one = 7;\n");
  expect(fresh(stamp(), inputs())).toBe(false);
  fs.writeFileSync(one, "export const one = 1;\n");
  expect(fresh(stamp(), inputs())).toBe(true);
  const later = new Date(Date.now() + 5_000);
  fs.utimesSync(one, later, later);
  expect(fresh(stamp(), inputs())).toBe(true);
  fs.writeFileSync(path.join(dir, "src", "three.ts"), "");
  expect(fresh(stamp(), inputs())).toBe(false);
  fs.rmSync(path.join(dir, "src", "three.ts"));
  expect(fresh(stamp(), inputs())).toBe(true);
  fs.writeFileSync(path.join(dir, "tsconfig.json"), "{ }\n");
  expect(fresh(stamp(), inputs())).toBe(false);
});

it("a stat file beside another stamp is not taken for this one's", () => {
  fs.writeFileSync(path.join(dir, "tsconfig.json"), "{}\n");
  expect(fresh(stamp(), inputs())).toBe(true);
  fs.writeFileSync(stamp(), "0000000000000000");
  expect(fresh(stamp(), inputs())).toBe(false);
});
