// Which bucket a registering address counts in (issue 73 item 2): an IPv6 host that walks through
// the addresses of its own /64 is one address, beside a neighbouring /64 that is another.
import { describe, expect, it } from "vitest";
import { registrationBucket } from "./throttle-registration.ts";

describe("registrationBucket", () => {
  it("counts an IPv6 address by its /64", () => {
    const one = registrationBucket("2001:db8:73:1::1");
    for (const same of [
      "2001:db8:73:1::ffff",
      "2001:db8:73:1:abcd:ef01:2345:6789",
      "2001:0db8:0073:0001::9%eth0",
    ])
      expect(registrationBucket(same), same).toBe(one);
    for (const other of ["2001:db8:73:2::1", "2001:db8:74:1::1", "::1"])
      expect(registrationBucket(other), other).not.toBe(one);
    expect(registrationBucket("64:ff9b::10.0.0.1")).toBe(registrationBucket("64:ff9b::1"));
  });

  it("counts an IPv4 address by itself, also when IPv4-mapped", () => {
    expect(registrationBucket("::ffff:10.73.0.1")).toBe(registrationBucket("10.73.0.1"));
    expect(registrationBucket("10.73.0.2")).not.toBe(registrationBucket("10.73.0.1"));
  });
});
