// Where the server's log lines go. With LOG_FILE (the default in demo mode: .baton/logs/server.log)
// every line at LOG_LEVEL goes to that file, capped, and only warnings and errors also reach the
// terminal (every line at LOG_LEVEL=debug or trace): a newcomer's terminal filled with one JSON line per HTTP request, 2,270 in one walk
// through the workspace (issue 60). Without it (LOG_FILE=-, the default outside demo mode) every
// line goes to stdout as before, for journald or a container's log driver (docs/operations.md).
// The redaction of log-options.ts happens in pino before a line reaches either stream.
import fs from "node:fs";
import path from "node:path";
import pino, { type DestinationStream } from "pino";

/** The file's cap: past it the file becomes <file>.1 (the previous .1 is dropped) and a new one starts. */
export const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;

export interface LogDestination {
  /** What buildApp's logger option takes. */
  logger: { level: string; stream?: DestinationStream };
  /** For the banner: where the lines go. */
  where: string;
  close(): void;
}

/**
 * The logger's destination for a config: a capped file with warnings and errors copied to the
 * terminal, or the terminal alone.
 */
export function logDestination(
  config: { logLevel: string; logFile: string | undefined },
  terminal: DestinationStream = process.stdout,
  maxBytes = LOG_FILE_MAX_BYTES,
): LogDestination {
  if (!config.logFile) return { logger: { level: config.logLevel }, where: "stdout", close() {} };
  const file = new CappedFile(config.logFile, maxBytes);
  const stream = pino.multistream([
    { level: config.logLevel as pino.Level, stream: file },
    { level: terminalLevel(config.logLevel), stream: terminal },
  ]);
  return {
    logger: { level: config.logLevel, stream },
    where: `${config.logFile} (warnings and errors here too)`,
    close: () => file.close(),
  };
}

/**
 * The terminal's level beside a log file: warnings and errors, unless LOG_LEVEL=debug (or trace)
 * asks to watch everything, request lines included (issue 60: "or at LOG_LEVEL=debug").
 */
export function terminalLevel(logLevel: string): pino.Level {
  return logLevel === "debug" || logLevel === "trace" ? logLevel : "warn";
}

/** An append-only file that starts over past maxBytes, keeping the previous one as <file>.1. */
export class CappedFile implements DestinationStream {
  private fd: number;
  private bytes: number;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, "a", 0o600);
    this.bytes = fs.fstatSync(this.fd).size;
  }

  write(line: string): void {
    // a line after close (the app logs its own closing) is dropped, not thrown
    if (this.fd < 0) return;
    const n = Buffer.byteLength(line);
    if (this.bytes > 0 && this.bytes + n > this.maxBytes) this.rotate();
    // synchronous as pino.destination is by default: a line written before a crash is in the file
    fs.writeSync(this.fd, line);
    this.bytes += n;
  }

  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = fs.openSync(this.file, "a", 0o600);
    this.bytes = 0;
  }
}
