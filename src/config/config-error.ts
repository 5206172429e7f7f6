// A setting to fix: the start stops with its sentence (src/main.ts prints it), not a stack trace.
export class ConfigError extends Error {}
