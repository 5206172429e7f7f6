// Team campaigns over HTTP (issue 61 item 3): a campaign given to a team is changed by RevOps,
// admins and that team's managers only (the exec, a definer of workspace campaigns, is refused
// there), and only RevOps and admins move it to a team; its team's people enroll into it, a person
// outside the team does not (the bulk path too), while the exec, RevOps, agents enroll as before;
// deleting the team gives the campaign back to the workspace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newContact, twoStepCampaign } from "../campaigns/helpers.ts";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let t: Tenant;
let u: Tenant;

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "tcamp1");
  u = await createTenant(h.database.db, "tcamp2");
}, 60_000);
afterAll(async () => h?.close());

type Auth = { authorization: string };
const call: ReturnType<typeof callAs> = (...args) => callAs(h)(...args);
const code = (r: { json(): { error?: { code: string } } }) => r.json().error?.code;

describe("team campaigns", () => {
  it("RevOps, admins and the team's managers change it; its people enroll; deleting the team releases it", async () => {
    const team = (await call("POST", "/api/v1/teams", t.revops.auth, { name: "Mid-market" })).json();
    const other = (await call("POST", "/api/v1/teams", t.revops.auth, { name: "Enterprise" })).json();
    await call("PUT", `/api/v1/teams/${team.team_id}/members/${t.slm.principalId}`, t.revops.auth, {
      role: "manager",
    });
    await call("PUT", `/api/v1/teams/${team.team_id}/members/${t.rep.principalId}`, t.revops.auth, {
      role: "member",
    });

    // only RevOps and admins give a campaign to a team
    const body = { ...twoStepCampaign("mm_nurture", "nurture", {}), team_id: team.team_id };
    const byExec = await call("POST", "/api/v1/campaigns", t.exec.auth, { ...body, slug: "exec_try" });
    expect(byExec.statusCode, byExec.body).toBe(403);
    const foreign = await call("POST", "/api/v1/campaigns", u.revops.auth, { ...body, slug: "foreign_try" });
    expect(foreign.statusCode, foreign.body).toBe(404); // another workspace's team
    const created = await call("POST", "/api/v1/campaigns", t.revops.auth, body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().team_id).toBe(team.team_id);
    const ws = await call(
      "POST",
      "/api/v1/campaigns",
      t.revops.auth,
      twoStepCampaign("ws_nurture", "nurture", {}),
    );
    expect(ws.json().team_id).toBeNull();

    // who changes it: the manager (not a definer) yes, the exec (a definer) no, a member no
    const rename = (auth: Auth, name: string, slug = "mm_nurture") =>
      call("PATCH", `/api/v1/campaigns/${slug}`, auth, { name });
    expect((await rename(t.slm.auth, "MM nurture")).statusCode).toBe(200);
    const execRefused = await rename(t.exec.auth, "Exec's");
    expect(execRefused.statusCode).toBe(403);
    expect(execRefused.json().error.message).toMatch(/manage the team Mid-market/);
    expect((await rename(t.rep.auth, "Rep's")).statusCode).toBe(403);
    expect((await rename(t.admin.auth, "MM nurture (admin)")).statusCode).toBe(200);
    // the manager's rights stop at the team's campaign, and they cannot move it
    expect((await rename(t.slm.auth, "Not mine", "ws_nurture")).statusCode).toBe(403);
    const move = await call("PATCH", "/api/v1/campaigns/mm_nurture", t.slm.auth, { team_id: other.team_id });
    expect(move.statusCode).toBe(403);
    const same = await call("PATCH", "/api/v1/campaigns/mm_nurture", t.slm.auth, {
      team_id: team.team_id,
      name: "MM",
    });
    expect(same.statusCode, same.body).toBe(200); // the editor sends the whole definition
    const impact = await call("POST", "/api/v1/campaigns/mm_nurture/impact", t.exec.auth, { name: "x" });
    expect(impact.statusCode).toBe(403);

    // the manager previews the step being edited (the editor's live preview) of the team's campaign only
    const { contactId: previewed } = await newContact(h.database.db, t.clientId, "Priya Raman");
    const preview = (auth: Auth, slug: string) =>
      call("POST", "/api/v1/campaigns/preview-step", auth, {
        campaign: { slug, name: "MM", type: "t", kind: "nurture" },
        step: {
          step_number: 1,
          delay_days: 0,
          channel: "email",
          content_type: "follow_up",
          template_instructions: "Say hi.",
        },
        contact_id: previewed,
      });
    expect((await preview(t.slm.auth, "mm_nurture")).statusCode).toBe(200);
    expect((await preview(t.slm.auth, "ws_nurture")).statusCode).toBe(403);
    expect((await preview(t.rep.auth, "mm_nurture")).statusCode).toBe(403);

    // who enrolls: the team's member, the exec, RevOps and agents; a person outside the team not
    const enroll = async (auth: Auth) => {
      const { contactId } = await newContact(h.database.db, t.clientId);
      return call("POST", "/api/v1/campaigns/mm_nurture/enrollments", auth, { contact_id: contactId });
    };
    for (const p of [t.rep, t.exec, t.revops, t.agt301]) {
      const r = await enroll(p.auth);
      expect(r.statusCode, `${p.principalId} ${r.body}`).toBe(201);
    }
    await call("DELETE", `/api/v1/teams/${team.team_id}/members/${t.rep.principalId}`, t.revops.auth);
    const outside = await enroll(t.rep.auth);
    expect(outside.statusCode, outside.body).toBe(403);
    expect(outside.json().error.message).toMatch(/in the team Mid-market/);
    const { contactId } = await newContact(h.database.db, t.clientId);
    const bulk = await call("POST", "/api/v1/campaigns/mm_nurture/enrollments/bulk", t.rep.auth, {
      contacts: [{ contact_id: contactId }],
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(JSON.stringify(bulk.json().results[0])).toContain("FORBIDDEN_ROLE");
    // the same rep still enrolls into the workspace's campaign
    const wsEnroll = await call("POST", "/api/v1/campaigns/ws_nurture/enrollments", t.rep.auth, {
      contact_id: contactId,
    });
    expect(wsEnroll.statusCode, wsEnroll.body).toBe(201);

    // deleting the team gives the campaign back to the workspace: the exec changes it again
    const del = await call("DELETE", `/api/v1/teams/${team.team_id}`, t.revops.auth);
    expect(del.json()).toMatchObject({ campaigns_released: 1 });
    expect((await call("GET", "/api/v1/campaigns/mm_nurture", t.exec.auth)).json().team_id).toBeNull();
    expect((await rename(t.exec.auth, "Back to the workspace")).statusCode).toBe(200);
    expect(code(await rename(t.slm.auth, "No longer mine"))).toBe("FORBIDDEN_ROLE");
  });
});
