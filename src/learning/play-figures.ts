// The few figures a person weighs when choosing which active play to retire (issue 37 item 6):
// touches sent, replies from the person, meetings booked, per play, over the play's whole life. Read
// from the funnel rollup and its cursor's tail (learning_funnel_live; never by scanning the event
// log), in one grouped query for all the plays.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { figuresOf, type MetricCount } from "./funnel-figures.ts";

export interface PlayFigures {
  touches: number;
  replies: number;
  meetings: number;
}

export async function playFigures(
  db: Kysely<DB>,
  clientId: string,
  playIds: string[],
): Promise<Map<string, PlayFigures>> {
  const out = new Map<string, PlayFigures>(
    playIds.map((id) => [id, { touches: 0, replies: 0, meetings: 0 }]),
  );
  if (playIds.length === 0) return out;
  const { rows } = await sql<{ play_id: string; metric: string; n: number }>`
    select c.play_id, r.metric, sum(r.n)::int as n
      from campaigns c
      join learning_funnel_live(${clientId}) r on r.campaign_id = c.id
     where c.client_id = ${clientId} and c.play_id = any(${playIds}::uuid[])
       and (r.metric in ('sent') or r.metric like 'replied:%' or r.metric like 'exit:%')
     group by c.play_id, r.metric`.execute(db);
  const byPlay = new Map<string, MetricCount[]>();
  for (const r of rows) {
    if (!byPlay.has(r.play_id)) byPlay.set(r.play_id, []);
    byPlay.get(r.play_id)!.push({ metric: r.metric, n: r.n });
  }
  for (const [id, metrics] of byPlay) {
    const f = figuresOf(metrics);
    out.set(id, { touches: f.sent, replies: f.replied, meetings: f.exits.meeting ?? 0 });
  }
  return out;
}
