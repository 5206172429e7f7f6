// Which redirect URIs an MCP client may register (issue 73 item 2; OAuth 2.1 §2.3.1 and §8.4,
// RFC 8252 §7 and §8.3): the authorization code goes there, so a URI that sends it over plain http
// to another host, or lets a look-alike name pass for this computer, is refused at registration.
//   https://host/path          any host (a web client, or a native app's claimed https link)
//   http://127.0.0.1:port/...  http on a loopback IP literal only (RFC 8252 §7.3; not "localhost",
//   http://[::1]:port/...      which a resolver may send elsewhere, §8.3; not 127.0.0.1.evil.example)
//   com.example.app:/callback  a private-use scheme, for native clients (RFC 8252 §7.1)
// Never a fragment (§2.3.1), a wildcard, credentials in the URI, an out-of-band "oob" URN, or a
// scheme a browser runs or reads locally (javascript:, data:, file:, …). Pure.

const LOOPBACK_IPS = new Set(["127.0.0.1", "[::1]"]);
/** Schemes that are not a native app's: a browser runs them, reads a local file, or they name no app. */
const REFUSED_SCHEMES = new Set([
  "javascript:",
  "data:",
  "file:",
  "vbscript:",
  "blob:",
  "about:",
  "urn:",
  "ftp:",
  "ws:",
  "wss:",
  "mailto:",
  "tel:",
  "sms:",
  "chrome:",
  "view-source:",
]);
const PRIVATE_SCHEME = /^[a-z][a-z0-9+.-]*:$/;

/** Why this redirect URI may not be registered, or null when it may. */
export function redirectUriProblem(uri: string): string | null {
  if (typeof uri !== "string" || uri.length === 0 || uri.length > 2000)
    return "must be a URI of up to 2,000 characters";
  if (uri.includes("#")) return "must not contain a fragment";
  if (uri.includes("*")) return "must not contain a wildcard";
  if (/\s/.test(uri)) return "must not contain spaces";
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return "must be an absolute URI";
  }
  if (u.username || u.password) return "must not carry credentials";
  if (u.protocol === "https:") return u.hostname ? null : "must name a host";
  if (u.protocol === "http:") {
    return LOOPBACK_IPS.has(u.hostname)
      ? null
      : "http is allowed on a loopback IP only (http://127.0.0.1:PORT/… or http://[::1]:PORT/…); use https";
  }
  if (REFUSED_SCHEMES.has(u.protocol) || !PRIVATE_SCHEME.test(u.protocol))
    return `must not use the ${u.protocol.slice(0, -1)} scheme`;
  return null;
}

/** How the consent page says where the answer goes, in words a person checks. */
export function redirectInWords(uri: string): { host: string; words: string } {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return { host: uri, words: `an address Baton cannot read (${uri})` };
  }
  if (u.protocol === "http:" && LOOPBACK_IPS.has(u.hostname))
    return {
      host: u.host,
      words: `a program on your own computer (${u.host}), such as an agent you run yourself`,
    };
  if (u.protocol === "https:") return { host: u.host, words: `the website ${u.hostname}` };
  const scheme = u.protocol.slice(0, -1);
  return { host: scheme, words: `the app on your device that opens ${scheme}: links` };
}
