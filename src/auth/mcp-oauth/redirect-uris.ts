// Which redirect URIs an MCP client may register (issue 73 item 2; OAuth 2.1 §2.3.1 and §8.4,
// RFC 8252 §7 and §8.3): the authorization code goes there, so a URI that sends it over plain http
// to another host, or lets a look-alike name pass for this computer, is refused at registration.
//   https://host/path          any host (a web client, or a native app's claimed https link)
//   http://127.0.0.1:port/...  http on this computer only: the loopback IP literals (RFC 8252 §7.3)
//   http://[::1]:port/...      and the exact name localhost, which RFC 8252 §8.3 does not recommend
//   http://localhost:port/...  but the MCP SDK's clients use (its simpleOAuthClient example, and
//                              agents built on it); never a look-alike such as localhost.evil.example,
//                              127.0.0.1.evil.example, sub.localhost or another 127.x address
//   com.example.app:/callback  a private-use scheme, for native clients: a domain the app
//                              controls, reversed, so it has a dot (RFC 8252 §7.1)
// Never a fragment (§2.3.1), a wildcard, credentials in the URI, an out-of-band "oob" URN, a scheme
// a browser runs or reads locally (javascript:, data:, file:, …), or a host written otherwise than a
// browser reads it (http://127.1/, http://0x7f000001/, https:\\host: the consent page names the
// host the browser will go to, so the registered text must name it too). Pure.

/** The hosts http may name: this computer, as an IP literal or the exact name localhost. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);
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
/** A reversed domain name: labels joined by dots, at least two (com.example.app:). */
const PRIVATE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9][a-z0-9+-]*)+:$/;

/** Whether the URI names its host as the browser reads it (lower case aside). */
function hostAsWritten(uri: string, u: URL): boolean {
  const prefix = `${u.protocol}//${u.host}`;
  const lower = uri.toLowerCase();
  return lower.startsWith(prefix) && /^($|[/?:])/.test(lower.slice(prefix.length));
}

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
  if (u.protocol === "https:" || u.protocol === "http:") {
    if (!u.hostname) return "must name a host";
    if (!hostAsWritten(uri, u)) return `must write its host as a browser reads it (${u.host})`;
    if (u.protocol === "https:" || LOOPBACK_HOSTS.has(u.hostname)) return null;
    return "http is allowed on this computer only (http://127.0.0.1:PORT/…, http://[::1]:PORT/… or http://localhost:PORT/…); use https";
  }
  if (REFUSED_SCHEMES.has(u.protocol)) return `must not use the ${u.protocol.slice(0, -1)} scheme`;
  if (!PRIVATE_SCHEME.test(u.protocol))
    return `a native app's scheme is a domain it controls, reversed (com.example.app:/callback, RFC 8252 §7.1), not ${u.protocol.slice(0, -1)}:`;
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
  if (u.protocol === "http:" && LOOPBACK_HOSTS.has(u.hostname))
    return {
      host: u.host,
      words: `a program on your own computer (${u.host}), such as an agent you run yourself`,
    };
  if (u.protocol === "https:") return { host: u.host, words: `the website ${u.hostname}` };
  const scheme = u.protocol.slice(0, -1);
  return { host: scheme, words: `the app on your device that opens ${scheme}: links` };
}
