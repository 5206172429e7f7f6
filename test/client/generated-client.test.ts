// Issue 38 item 3: the served OpenAPI document is usable as it is by a generator nobody here
// wrote. @hey-api/openapi-ts generates a fetch client (types and an SDK function per operation)
// from /docs/json into a temporary directory, and tsc compiles it with a small program that calls
// a few operations by their operationIds. The network is refused throughout: the document must
// carry everything the generator needs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@hey-api/openapi-ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";

const root = path.resolve(import.meta.dirname, "../..");

// a program written against the generated SDK: it must type-check as a client author would write it
const USE = `import { createClient } from "./client/client/index.js";
import { getCampaign, listCampaigns, getMe } from "./client/index.js";
import type { ErrorResponse } from "./client/index.js";

const client = createClient({ baseUrl: "http://baton.test", auth: () => "token" });

export async function use(): Promise<unknown[]> {
  const me = await getMe({ client });
  const list = await listCampaigns({ client, throwOnError: true });
  const one = await getCampaign({ client, path: { slug: "welcome" } });
  const refusal: ErrorResponse | undefined = one.error;
  return [me.data, list.data, one.data?.slug, refusal?.error.code, refusal?.error.next_action];
}
`;

describe("a client generated from the served document by @hey-api/openapi-ts", () => {
  let h: TestApp;
  let dir: string;
  beforeAll(async () => {
    h = await testApp();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-generated-client-"));
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("generates without the network and compiles with tsc", async () => {
    const res = await h.app.inject({ method: "GET", url: "/docs/json" });
    expect(res.statusCode).toBe(200);
    const realFetch = globalThis.fetch;
    const asked: string[] = [];
    globalThis.fetch = (async (input: unknown) => {
      asked.push(String(input));
      throw new Error("the network is not available to the generator");
    }) as typeof fetch;
    try {
      await createClient({
        input: res.json(),
        output: { path: path.join(dir, "client") },
        logs: { level: "silent", file: false },
        plugins: ["@hey-api/client-fetch", "@hey-api/typescript", "@hey-api/sdk"],
      });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(asked).toEqual([]);
    const sdk = fs.readFileSync(path.join(dir, "client", "sdk.gen.ts"), "utf8");
    expect(sdk).toContain("export const routeHandoff");

    fs.writeFileSync(path.join(dir, "use.ts"), USE);
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "ESNext",
          moduleResolution: "Bundler",
          lib: ["ES2022", "DOM", "DOM.Iterable"],
          types: [],
          noEmit: true,
          skipLibCheck: false,
        },
        include: ["client/**/*.ts", "use.ts"],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", dir],
      { encoding: "utf8" },
    );
    expect(`${tsc.stdout}${tsc.stderr}`).toBe("");
    expect(tsc.status).toBe(0);
  }, 180_000);
});
