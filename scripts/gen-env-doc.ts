// Writes the environment reference into docs/operations.md (between its env markers) from
// src/config/env-vars.ts: npm run docs:env. test/foundation/env-doc.test.ts keeps them in sync.
import fs from "node:fs";
import { ENV_VARS, withEnvReference } from "../src/config/env-vars.ts";

const file = "docs/operations.md";
fs.writeFileSync(file, withEnvReference(fs.readFileSync(file, "utf8")));
console.log(`${file}: ${ENV_VARS.length} environment variables`);
