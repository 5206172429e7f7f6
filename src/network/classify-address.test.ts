import { describe, expect, it } from "vitest";
import { classifyAddress, parseIPv6 } from "./classify-address.ts";

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback (127.0.0.0/8)", true],
    ["127.255.0.9", "loopback (127.0.0.0/8)", true],
    ["0.0.0.0", "unspecified (this network) (0.0.0.0/8)", false],
    ["10.20.30.40", "private (10.0.0.0/8)", false],
    ["172.31.255.255", "private (172.16.0.0/12)", false],
    ["192.168.0.1", "private (192.168.0.0/16)", false],
    ["169.254.169.254", "link-local (169.254.0.0/16)", false],
    ["100.100.100.200", "shared address space (CGNAT) (100.64.0.0/10)", false],
    ["224.0.0.251", "multicast (224.0.0.0/4)", false],
    ["255.255.255.255", "reserved (including broadcast) (240.0.0.0/4)", false],
    ["198.18.0.1", "benchmarking (198.18.0.0/15)", false],
    ["192.0.2.10", "documentation (TEST-NET-1) (192.0.2.0/24)", false],
    ["::1", "loopback (::1/128)", true],
    ["::", "unspecified (::/128)", false],
    ["fd12:3456::1", "unique-local (fc00::/7)", false],
    ["fc00::1", "unique-local (fc00::/7)", false],
    ["fe80::1%eth0", "link-local (fe80::/10)", false],
    ["ff02::1", "multicast (ff00::/8)", false],
    ["2001:db8::1", "documentation (2001:db8::/32)", false],
    ["64:ff9b:1::1", "NAT64 local-use (64:ff9b:1::/48)", false],
    ["::ffff:127.0.0.1", "IPv4-mapped ::ffff:0:0/96 of 127.0.0.1, loopback (127.0.0.0/8)", true],
    ["::ffff:a9fe:a9fe", "IPv4-mapped ::ffff:0:0/96 of 169.254.169.254, link-local (169.254.0.0/16)", false],
    ["64:ff9b::10.0.0.1", "NAT64 64:ff9b::/96 of 10.0.0.1, private (10.0.0.0/8)", false],
    ["64:ff9b::a00:1", "NAT64 64:ff9b::/96 of 10.0.0.1, private (10.0.0.0/8)", false],
    ["2002:c0a8:0101::1", "6to4 2002::/16 of 192.168.1.1, private (192.168.0.0/16)", false],
    ["::7f00:1", "reserved (outside global unicast 2000::/3)", false],
    ["[::1]", "loopback (::1/128)", true],
  ])("%s is %s", (address, range, loopback) => {
    expect(classifyAddress(address)).toEqual({ range, loopback });
  });

  it.each([
    "8.8.8.8",
    "93.184.216.34",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:0808:0808::1",
  ])("%s is public", (address) => {
    expect(classifyAddress(address)).toBeNull();
  });

  it("throws on a string that is no address", () => {
    expect(() => classifyAddress("localhost")).toThrow(/not an IP address/);
  });

  it("parses IPv6 forms to 16 bytes", () => {
    expect(parseIPv6("::")).toEqual(Array(16).fill(0));
    expect(parseIPv6("1::")).toEqual([0, 1, ...Array(14).fill(0)]);
    expect(parseIPv6("::ffff:1.2.3.4")?.slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(parseIPv6("1:2:3:4:5:6:7:8")).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
    expect(parseIPv6("1.2.3.4")).toBeNull();
  });
});
