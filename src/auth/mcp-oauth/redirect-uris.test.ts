// The redirect URIs an MCP client may register (issue 73 item 2), each forged one beside the real
// one it imitates. The HTTP refusal (invalid_redirect_uri, nothing stored) is in
// test/mcp/oauth-hardening.test.ts.
import { describe, expect, it } from "vitest";
import { redirectInWords, redirectUriProblem } from "./redirect-uris.ts";

describe("redirectUriProblem", () => {
  it.each([
    ["https://agent.example.com/callback"],
    ["https://agent.example.com:8443/cb?x=1"],
    ["http://127.0.0.1:8123/callback"],
    ["http://[::1]:8123/callback"],
    // the MCP SDK's own example client, and the agents built on it
    ["http://localhost:8123/callback"],
    ["http://localhost/callback"],
    ["com.example.agent:/callback"],
    ["com.example.agent://callback"],
  ])("takes %s", (uri) => {
    expect(redirectUriProblem(uri)).toBeNull();
  });

  it.each([
    // plain http to another host, beside the loopback it imitates
    ["http://evil.example/cb", /http is allowed on this computer only/],
    ["http://localhost.evil.example/cb", /http is allowed on this computer only/],
    ["http://127.0.0.1.evil.example/cb", /http is allowed on this computer only/],
    ["http://127.0.0.1.nip.io/cb", /http is allowed on this computer only/],
    ["http://sub.localhost/cb", /http is allowed on this computer only/],
    ["http://localhost./cb", /http is allowed on this computer only/],
    ["http://127.0.0.2/cb", /http is allowed on this computer only/],
    ["http://10.0.0.1/cb", /http is allowed on this computer only/],
    // a host written otherwise than the browser reads it
    ["http://127.1/cb", /as a browser reads it \(127\.0\.0\.1\)/],
    ["http://0x7f000001/cb", /as a browser reads it \(127\.0\.0\.1\)/],
    ["https:\\\\evil.example/cb", /as a browser reads it \(evil\.example\)/],
    ["https://аpple.com/cb", /as a browser reads it \(xn--pple-43d\.com\)/],
    ["http://user:pass@127.0.0.1:8123/cb", /credentials/],
    ["http://127.0.0.1:8123@evil.example/cb", /credentials/],
    // out of band, fragments, wildcards
    ["urn:ietf:wg:oauth:2.0:oob", /urn scheme/],
    ["oob", /absolute URI/],
    ["https://agent.example.com/cb#frag", /fragment/],
    ["https://*.example.com/cb", /wildcard/],
    ["http://127.0.0.1:*/cb", /wildcard/],
    // a browser's schemes, and a private scheme that is no reversed domain
    ["javascript:alert(1)", /javascript scheme/],
    ["data:text/html,hi", /data scheme/],
    ["file:///etc/passwd", /file scheme/],
    ["myapp:/callback", /domain it controls, reversed/],
    ["localhost:8123/callback", /domain it controls, reversed/],
    ["", /up to 2,000 characters/],
  ])("refuses %s", (uri, why) => {
    expect(redirectUriProblem(uri)).toMatch(why);
  });
});

describe("redirectInWords", () => {
  it.each([
    ["https://evil.example/cb", "evil.example", "the website evil.example"],
    ["http://127.0.0.1:8123/cb", "127.0.0.1:8123", "a program on your own computer (127.0.0.1:8123)"],
    ["http://localhost:8123/cb", "localhost:8123", "a program on your own computer (localhost:8123)"],
    [
      "com.example.agent:/cb",
      "com.example.agent",
      "the app on your device that opens com.example.agent: links",
    ],
  ])("%s", (uri, host, words) => {
    const w = redirectInWords(uri);
    expect(w.host).toBe(host);
    expect(w.words).toContain(words);
  });
});
