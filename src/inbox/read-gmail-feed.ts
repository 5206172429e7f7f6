// A Google mailbox's feed through the Gmail API (issue 67 item 6; read-provider-mailbox.ts
// "Cursors"): the history list since the stored historyId, or, at the first read and when that
// historyId is too old (404), a search of the INBOX by date; each message's raw bytes by
// users.messages.get(format=raw). Returns the next cursor.
import { type Connection, ingest, type PassContext, type ProviderPass, unique } from "./provider-pass.ts";

export async function readGmail(p: PassContext, conn: Connection, pass: ProviderPass): Promise<string> {
  const base = `${p.provider.apiUrl}/gmail/v1/users/me`;
  const raw = (id: string) => async () => {
    const res = await p.api.get(`${base}/messages/${encodeURIComponent(id)}?format=raw`);
    if (res.status === 404 || res.status === 410) return null;
    const m = (await res.json()) as { raw?: string };
    return m.raw ? Buffer.from(m.raw, "base64url") : null;
  };
  /** the profile's historyId now, then every INBOX message since `since` (oldest first) */
  const bySearch = async (since: Date) => {
    const profile = await p.api.json<{ historyId: string }>(`${base}/profile`);
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const q = new URLSearchParams({
        q: `in:inbox after:${Math.floor(since.getTime() / 1000)}`,
        maxResults: "500",
      });
      if (pageToken) q.set("pageToken", pageToken);
      const page = await p.api.json<{ messages?: { id: string }[]; nextPageToken?: string }>(
        `${base}/messages?${q}`,
      );
      ids.push(...(page.messages ?? []).map((m) => m.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    for (const id of unique(ids).reverse()) await ingest(p, pass, id, raw(id));
    return String(profile.historyId);
  };
  if (!conn.read_cursor) {
    pass.first = true;
    return bySearch(conn.connected_at);
  }
  const ids: string[] = [];
  let latest = conn.read_cursor;
  let pageToken: string | undefined;
  do {
    const q = new URLSearchParams({
      startHistoryId: conn.read_cursor,
      historyTypes: "messageAdded",
      labelId: "INBOX",
      maxResults: "500",
    });
    if (pageToken) q.set("pageToken", pageToken);
    const res = await p.api.get(`${base}/history?${q}`);
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      pass.resynced = true;
      return bySearch(new Date((conn.last_read_at ?? conn.connected_at).getTime() - 60_000));
    }
    const page = (await res.json()) as {
      history?: { messagesAdded?: { message: { id: string; labelIds?: string[] } }[] }[];
      historyId?: string;
      nextPageToken?: string;
    };
    for (const h of page.history ?? [])
      for (const a of h.messagesAdded ?? [])
        if (!a.message.labelIds || a.message.labelIds.includes("INBOX")) ids.push(a.message.id);
    if (page.historyId) latest = String(page.historyId);
    pageToken = page.nextPageToken;
  } while (pageToken);
  for (const id of unique(ids)) await ingest(p, pass, id, raw(id));
  return latest;
}
