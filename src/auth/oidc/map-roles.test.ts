import { describe, expect, it } from "vitest";
import { emailDomain, mapRoles } from "./map-roles.ts";

describe("mapRoles", () => {
  const map = { "revops-team": ["revops"], leaders: ["slm", "exec"], admins: ["admin"], odd: ["root"] };
  it("grants the roles of every mapped value, in the canonical order, once each", () => {
    expect(mapRoles({ groups: ["admins", "revops-team", "leaders", "admins"] }, "groups", map)).toEqual([
      "revops",
      "slm",
      "exec",
      "admin",
    ]);
  });
  it("ignores unmapped values, unknown roles and inherited keys; no claim means no role", () => {
    expect(mapRoles({ groups: ["everyone", "odd", "toString"] }, "groups", map)).toEqual([]);
    expect(mapRoles({}, "groups", map)).toEqual([]);
  });
  it("reads a space- or comma-separated string claim", () => {
    expect(mapRoles({ roles: "revops-team,admins" }, "roles", map)).toEqual(["revops", "admin"]);
  });
});

describe("emailDomain", () => {
  it("lower-cases the domain and refuses non-addresses", () => {
    expect(emailDomain("Rita@ACME.test")).toBe("acme.test");
    expect(emailDomain("nobody")).toBeUndefined();
    expect(emailDomain("x@")).toBeUndefined();
  });
});
