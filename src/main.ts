// npm start: Baton on the configured database (embedded PGlite by default), with demo data.
import { loadConfig } from "./config/config.ts";
import { isBatonError } from "./errors/baton-error.ts";
import { serve } from "./runtime/serve.ts";

try {
  const server = await serve(loadConfig());
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close().finally(() => process.exit(0));
    });
  }
} catch (e) {
  if (isBatonError(e)) {
    console.error(`baton: ${e.code}: ${e.message}\n  ${e.nextAction}`);
  } else {
    console.error("baton: failed to start:", e);
  }
  process.exit(1);
}
