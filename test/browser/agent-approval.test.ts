// Issue 71 item 2, "Must show": an agent asks for a play's approval through MCP (the official SDK
// client over Streamable HTTP, as the demo's brain agent AGT-901), a person approves in Chromium on
// Baton's own page (the link the tool gave), and the approval runs once; the agent polls and reads
// the outcome. The same approval replayed from the person's browser, and the agent's own token on
// the page's API, change nothing. Screenshot agent-approval; 0 console errors, 0 serious axe.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { playDraft } from "../mcp/mcp-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: an agent's play approval, decided by a person", () => {
  let h: BrowserHarness;
  let agent: Client;
  beforeAll(async () => {
    h = await startBrowserHarness();
    agent = new Client({ name: "brain-agent", version: "1.0.0" });
    await agent.connect(
      new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`), {
        requestInit: { headers: { authorization: "Bearer bt_demo_agt901" } },
      }),
    );
  }, 240_000);
  afterAll(async () => {
    await agent?.close();
    await h?.close();
  }, 60_000);

  const tool = async (name: string, args: Record<string, unknown>): Promise<any> => {
    const r = await agent.callTool({ name, arguments: args });
    if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.structuredContent)}`);
    return r.structuredContent;
  };
  const approvals = async (playId: string) =>
    h.database.db
      .selectFrom("plays")
      .select(["state", "revops_approver_user_id", "slm_approver_user_id"])
      .where("client_id", "=", h.clientId)
      .where("play_id", "=", playId)
      .executeTakeFirstOrThrow();

  it("asked through MCP, approved in the workspace, run once; replays change nothing", async () => {
    const segments = JSON.parse(
      ((await agent.readResource({ uri: "baton://segments" })).contents[0] as { text: string }).text,
    );
    const segment = segments.segments[0].segment;
    const play = await tool("draft_play", playDraft({ name: "Approval asked by an agent", segment }));
    const asked = await tool("request_play_approval", { play_id: play.play_id });
    expect(asked.input_required).toBe(true);
    const { request_id, url } = asked.approval_request;
    expect(url).toBe(`${h.url}/approvals/agent/${request_id}`);

    // the agent's own token on the page's API decides nothing
    const forged = await fetch(`${h.url}/api/v1/agent-approvals/${request_id}/approve`, {
      method: "POST",
      headers: { authorization: "Bearer bt_demo_agt901", "content-type": "application/json" },
      body: "{}",
    });
    expect(forged.status).toBe(403);
    expect((await approvals(play.play_id)).state).toBe("draft");

    h.consoleErrors.length = 0;
    await h.signInAs("revops");
    const page = h.page;
    await page.goto(new URL(url).pathname);
    await page.getByTestId("approval-play").waitFor();
    await expect(page.getByTestId("approval-agent").textContent()).resolves.toMatch(/\(AGT-901\)/);
    const violations = [...(await h.a11y())];
    await h.screenshot("agent-approval");
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await page.getByText("Approved: the action ran once").waitFor();
    // no button to press twice
    expect(await page.getByRole("button", { name: "Approve", exact: true }).count()).toBe(0);
    const after = await approvals(play.play_id);
    expect(after.state).toBe("under_review");
    expect(after.revops_approver_user_id).toBeTruthy();

    // the agent polls and reads the outcome; a retry of its call runs nothing again
    const polled = await tool("get_approval_request", { request_id });
    expect(polled.approval_request).toMatchObject({ status: "done", outcome: { state: "under_review" } });
    expect((await tool("request_play_approval", { play_id: play.play_id })).approval_request.status).toBe(
      "done",
    );

    expect(violations).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
    // the same approval replayed from the person's own browser (session and CSRF token): refused
    const replay = await page.evaluate(async (id) => {
      const s = await (await fetch("/auth/session")).json();
      const r = await fetch(`/api/v1/agent-approvals/${id}/approve`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": s.csrf_token },
        body: "{}",
      });
      return { status: r.status, code: (await r.json()).error?.code };
    }, request_id);
    expect(replay).toEqual({ status: 409, code: "APPROVAL_REQUEST_NOT_PENDING" });
    expect(await approvals(play.play_id)).toEqual(after);
  }, 300_000);
});
