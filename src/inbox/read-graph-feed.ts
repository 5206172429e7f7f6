// A Microsoft 365 mailbox's feed through Microsoft Graph (issue 67 item 6; read-provider-mailbox.ts
// "Cursors"): the inbox's delta from the stored delta link, or, at the first read and when the sync
// state is gone (410), a new delta filtered on receivedDateTime; each message's MIME by its $value.
// Returns the next delta link.
import { ProviderReadError } from "./provider-api.ts";
import { type Connection, ingest, type PassContext, type ProviderPass, unique } from "./provider-pass.ts";

export async function readGraph(p: PassContext, conn: Connection, pass: ProviderPass): Promise<string> {
  const api = p.provider.apiUrl;
  const initial = (since: Date) =>
    `${api}/v1.0/me/mailFolders/inbox/messages/delta?${new URLSearchParams({
      $select: "id,receivedDateTime",
      $filter: `receivedDateTime ge ${since.toISOString().replace(/\.\d{3}Z$/, "Z")}`,
    })}`;
  const raw = (id: string) => async () => {
    const res = await p.api.get(`${api}/v1.0/me/messages/${encodeURIComponent(id)}/$value`, "*/*");
    if (res.status === 404 || res.status === 410) return null;
    return Buffer.from(await res.arrayBuffer());
  };
  // a message received before the mailbox was connected (or before the read the delta restarts
  // from) is never new, whatever change the delta reports of it: the bound of the initial $filter
  let floor = conn.connected_at;
  let url = conn.read_cursor ?? initial(conn.connected_at);
  if (!conn.read_cursor) pass.first = true;
  const prefer = { prefer: 'odata.maxpagesize=100, IdType="ImmutableId"' };
  const ids: string[] = [];
  for (;;) {
    const res = await p.api.get(url, "application/json", prefer);
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      if (pass.resynced)
        throw new ProviderReadError(
          `${p.api.label} ${res.status}: the new delta was refused too`,
          res.status,
        );
      pass.resynced = true;
      const since = new Date((conn.last_read_at ?? conn.connected_at).getTime() - 60_000);
      floor = since > floor ? since : floor;
      ids.length = 0;
      url = initial(since);
      continue;
    }
    const page = (await res.json()) as {
      value?: { id: string; receivedDateTime?: string; "@removed"?: unknown }[];
      "@odata.nextLink"?: string;
      "@odata.deltaLink"?: string;
    };
    for (const m of page.value ?? []) {
      if (m["@removed"]) continue;
      // receivedDateTime has whole seconds: a message received in the second the mailbox was
      // connected, after it, reads as earlier than connected_at; the floor is that second's start
      if (m.receivedDateTime && Date.parse(m.receivedDateTime) < Math.floor(floor.getTime() / 1000) * 1000)
        continue;
      ids.push(m.id);
    }
    if (page["@odata.nextLink"]) {
      url = page["@odata.nextLink"];
      continue;
    }
    if (!page["@odata.deltaLink"])
      throw new ProviderReadError(
        `${p.api.label}: the delta answered neither a next link nor a delta link`,
        res.status,
      );
    for (const id of unique(ids)) await ingest(p, pass, id, raw(id));
    return page["@odata.deltaLink"];
  }
}
