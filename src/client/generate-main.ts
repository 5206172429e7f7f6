// npm run client:generate: writes src/client/schema.ts from the current OpenAPI document.
import fs from "node:fs";
import { openApiDocument, renderClientSchema, SCHEMA_FILE } from "./generate.ts";

const text = await renderClientSchema(await openApiDocument());
fs.writeFileSync(SCHEMA_FILE, text);
console.log(`wrote ${SCHEMA_FILE} (${text.length} bytes)`);
