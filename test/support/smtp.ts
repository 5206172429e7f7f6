// A real SMTP server on 127.0.0.1 for tests (smtp-server): start it, collect what it accepted,
// inject failures. Reusable by any module that sends email.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMessage {
  from: string;
  to: string[];
  raw: string;
  /** Header names lower-cased; folded lines unfolded. */
  headers: Record<string, string>;
  body: string;
}

export interface SmtpFailure {
  /** Reply code, e.g. 451 (transient) or 550 (permanent). */
  code: number;
  message?: string;
  /** Where to refuse: at RCPT TO (a bounce at send time) or after DATA. Default 'data'. */
  at?: "rcpt" | "data";
}

export interface TestSmtp {
  port: number;
  host: string;
  messages: ReceivedMessage[];
  /** Refuse the next N messages with this failure (N defaults to 1). */
  failNext(failure: SmtpFailure, times?: number): void;
  /** Refuse every message to this recipient. */
  rejectRecipient(address: string, code?: number): void;
  /** The config.smtp block pointing at this server. */
  config(from?: string): { host: string; port: number; secure: boolean; from: string };
  close(): Promise<void>;
}

function parse(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : "";
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMessage[] = [];
  const pending: SmtpFailure[] = [];
  const rejected = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, cb) {
      const code = rejected.get(address.address.toLowerCase());
      if (code) return cb(smtpError(code, `${code} mailbox unavailable: ${address.address}`));
      if (pending[0]?.at === "rcpt") {
        const f = pending.shift() as SmtpFailure;
        return cb(smtpError(f.code, f.message ?? `${f.code} refused by test server`));
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (pending[0] && pending[0].at !== "rcpt") {
          const f = pending.shift() as SmtpFailure;
          return cb(smtpError(f.code, f.message ?? `${f.code} refused by test server`));
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, ...parse(raw) });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    host: "127.0.0.1",
    messages,
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) pending.push(failure);
    },
    rejectRecipient(address, code = 550) {
      rejected.set(address.toLowerCase(), code);
    },
    config(from = "sales@baton.test") {
      return { host: "127.0.0.1", port, secure: false, from };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
