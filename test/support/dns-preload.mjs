// Points a child process's DNS at a test's stand-in (test/support/dns-stand-in.ts): a `baton` CLI
// process started with NODE_OPTIONS=--import=<this file> and BATON_TEST_DNS=127.0.0.1:<port> looks
// names up there, so its own DKIM check finds the test's keys without the internet. Test-only.
import dns from "node:dns";

const server = process.env.BATON_TEST_DNS;
if (server) {
  dns.setServers([server]);
  dns.promises.setServers([server]);
}
