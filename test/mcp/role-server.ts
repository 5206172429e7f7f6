// One listening server with the role world seeded, and SDK clients over Streamable HTTP (/mcp), one
// token each: what mcp-roles-http.test.ts and agents-doc-jobs.test.ts run their jobs against.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant } from "../support/tenant.ts";
import { type RoleWorld, seedRoleWorld } from "./role-world.ts";

export interface RoleServer {
  w: RoleWorld;
  h: TestApp;
  connect(token: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startRoleServer(name: string): Promise<RoleServer> {
  const h = await testApp();
  const url = await h.app.listen({ host: "127.0.0.1", port: 0 });
  const w = await seedRoleWorld(h.database, await createTenant(h.database.db));
  const clients: Client[] = [];
  return {
    w,
    h,
    async connect(token) {
      const client = new Client({ name, version: "1.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      clients.push(client);
      return client;
    },
    async close() {
      for (const c of clients) await c.close();
      await h.close();
    },
  };
}
