// A throwaway Dovecot IMAP server for tests (Debian's dovecot-imapd): its own base_dir, config,
// passwd-file users and Maildir storage in a temp dir, listening on a free loopback port, run in
// the foreground as a child process (no system services). Use inside describeNeeds(["dovecot"]).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { DOVECOT } from "./multi.ts";

export interface DovecotServer {
  host: string;
  port: number;
  dir: string;
  /** Adds a passwd-file user (plain password). Add users before their first login: Dovecot caches the file. */
  addUser(user: string, password: string): void;
  /** IMAP APPEND of a raw RFC 5322 message into the user's INBOX; returns its UID. */
  append(user: string, password: string, raw: string | Buffer, mailbox?: string): Promise<number>;
  /** Several messages in order over one connection (a connection per message is slow under load). */
  appendMany(user: string, password: string, raws: (string | Buffer)[], mailbox?: string): Promise<number[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function systemUser(name: string): { uid: number; gid: number } {
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no system user ${name} (installed with dovecot-core)`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

async function waitForPort(port: number, deadlineMs: number, logFile: string): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, "127.0.0.1");
      sock.once("data", (d) => {
        sock.destroy();
        resolve(d.toString().startsWith("* OK"));
      });
      sock.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) {
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : "(no log)";
      throw new Error(`dovecot did not answer on 127.0.0.1:${port}\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface DovecotOptions {
  /**
   * Also accept XOAUTH2 / OAUTHBEARER: Dovecot's oauth2 passdb POSTs each token to this RFC 7662
   * introspection URL (a local stand-in) and logs in the `username` it answers when `active`.
   */
  oauth2IntrospectionUrl?: string;
  /** Do not advertise IDLE (clients must poll), as some servers do. */
  noIdle?: boolean;
}

export async function startDovecot(opts: DovecotOptions = {}): Promise<DovecotServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-dovecot-"));
  const port = await freePort();
  const passwd = path.join(dir, "passwd");
  const logFile = path.join(dir, "dovecot.log");
  fs.chmodSync(dir, 0o755); // the auth process (user dovecot when run as root) reads the passwd file
  fs.writeFileSync(passwd, "", { mode: 0o644 });
  fs.mkdirSync(path.join(dir, "mail"));
  fs.mkdirSync(path.join(dir, "run"));
  // as root (CI containers), the login and internal processes need unprivileged users: Debian's
  // package creates dovenull and dovecot; otherwise everything runs as the current user.
  const root = os.userInfo().uid === 0;
  const runAs = os.userInfo().username;
  // mail is stored as an unprivileged user too (dovecot refuses uid 0 for mail)
  const mailUser = root ? systemUser("dovecot") : { uid: os.userInfo().uid, gid: os.userInfo().gid };
  fs.chownSync(path.join(dir, "mail"), mailUser.uid, mailUser.gid);
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${logFile}
info_log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${opts.oauth2IntrospectionUrl ? " xoauth2 oauthbearer" : ""}
default_login_user = ${root ? "dovenull" : runAs}
default_internal_user = ${root ? "dovecot" : runAs}
default_internal_group = ${root ? "dovecot" : runAs}
mail_location = maildir:${dir}/mail/%u
mail_uid = ${mailUser.uid}
mail_gid = ${mailUser.gid}
first_valid_uid = 0
first_valid_gid = 0
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwd}
}
${
  opts.oauth2IntrospectionUrl
    ? `passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${dir}/oauth2.conf.ext
}
`
    : ""
}userdb {
  driver = static
  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${dir}/mail/%u
}
protocol imap {
  imap_idle_notify_interval = 1 secs
  # the tests deliver one message per connection while SIGKILLed workers' sessions are still being
  # torn down; on a loaded machine the default 10 per user and address was reached and a delivery
  # was refused (LIMIT), which is the test harness's limit, not what the tests are about
  mail_max_userip_connections = 100
${opts.noIdle ? "  imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ UIDPLUS NAMESPACE\n" : ""}}
`;
  if (opts.oauth2IntrospectionUrl) {
    fs.writeFileSync(
      path.join(dir, "oauth2.conf.ext"),
      `introspection_mode = post\nintrospection_url = ${opts.oauth2IntrospectionUrl}\nusername_attribute = username\nactive_attribute = active\nactive_value = true\nforce_introspection = yes\n`,
      { mode: 0o644 },
    );
  }
  const confFile = path.join(dir, "dovecot.conf");
  fs.mkdirSync(path.join(dir, "state"));
  fs.writeFileSync(confFile, conf);
  const child: ChildProcess = spawn(DOVECOT, ["-F", "-c", confFile], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d.toString();
  });
  try {
    await waitForPort(port, 10_000, logFile);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  const server: DovecotServer = {
    host: "127.0.0.1",
    port,
    dir,
    addUser(user, password) {
      fs.appendFileSync(passwd, `${user}:{PLAIN}${password}::::::\n`);
    },
    async append(user, password, raw, mailbox = "INBOX") {
      const [uid] = await server.appendMany(user, password, [raw], mailbox);
      return uid!;
    },
    async appendMany(user, password, raws, mailbox = "INBOX") {
      const client = new ImapFlow({
        host: "127.0.0.1",
        port,
        secure: false,
        auth: { user, pass: password },
        logger: false,
      });
      await client.connect();
      try {
        const uids: number[] = [];
        for (const raw of raws) {
          const r = await client.append(mailbox, raw);
          uids.push(r && typeof r === "object" && r.uid ? Number(r.uid) : 0);
        }
        return uids;
      } finally {
        await client.logout().catch(() => {});
      }
    },
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
