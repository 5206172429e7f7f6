import { describe, expect, it } from "vitest";
import { operationIdOf, ruleOperationId, singular, tagOf } from "./operation-names.ts";

describe("operationIds by rule", () => {
  it.each([
    ["GET", "/api/v1/campaigns", "listCampaigns"],
    ["GET", "/api/v1/campaigns/{slug}", "getCampaign"],
    ["POST", "/api/v1/campaigns", "createCampaign"],
    ["PATCH", "/api/v1/campaigns/{slug}", "updateCampaign"],
    ["GET", "/api/v1/campaigns/{slug}/enrollments", "listCampaignEnrollments"],
    ["POST", "/api/v1/campaigns/{slug}/enrollments", "createCampaignEnrollment"],
    ["POST", "/api/v1/handoffs/{id}/route", "routeHandoff"],
    ["POST", "/api/v1/handoffs/route", "routeHandoffs"],
    ["POST", "/api/v1/enrollments/{id}/exit", "exitEnrollment"],
    ["POST", "/api/v1/enrollments/{id}/pause", "pauseEnrollment"],
    ["POST", "/api/v1/rep-tasks/{id}/done", "completeRepTask"],
    ["PUT", "/api/v1/plays/config", "setPlayConfig"],
    ["PUT", "/api/v1/admin/people/{id}/roles", "setAdminPersonRoles"],
    ["DELETE", "/api/v1/webhooks/{id}", "deleteWebhook"],
    ["GET", "/api/v1/mailboxes/{mailbox}", "getMailbox"],
    ["GET", "/api/v1/inbound-reviews", "listInboundReviews"],
    ["GET", "/api/v1/workspace/dashboard", "getWorkspaceDashboard"],
  ])("%s %s is %s", (method, path, id) => {
    expect(ruleOperationId(method, path)).toBe(id);
  });

  it("takes an override where the rule reads badly", () => {
    expect(ruleOperationId("POST", "/mcp")).toBe("mcp");
    expect(operationIdOf("POST", "/mcp")).toBe("callMcp");
  });

  it("singularizes the plurals of Baton's paths", () => {
    expect(
      ["people", "replies", "mailboxes", "plays", "inbound-reviews", "status", "config"].map(singular),
    ).toEqual(["person", "reply", "mailbox", "play", "inbound-review", "status", "config"]);
  });

  it("tags by the first segment after /api/v1", () => {
    expect(tagOf("/api/v1/handoffs/{id}/route")).toBe("handoffs");
    expect(tagOf("/healthz")).toBe("system");
    expect(tagOf("/u/{token}")).toBe("unsubscribe");
    expect(tagOf("/auth/oidc/start")).toBe("auth");
  });
});
