// Public corpora the project reads where they lie and never copies (../shared/corpora/README.md):
// BATON_CORPORA_DIR, else <repo root>/../shared/corpora, else /work/shared/corpora.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The corpora directory, or null when none of the places holds one. */
export function corporaDir(): string | null {
  const candidates = [
    process.env.BATON_CORPORA_DIR,
    path.resolve(REPO_ROOT, "../shared/corpora"),
    "/work/shared/corpora",
  ].filter((d): d is string => Boolean(d));
  return candidates.find((d) => fs.existsSync(path.join(d, "mail/sisimai-labels.json"))) ?? null;
}
