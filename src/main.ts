// npm start: Baton on the configured database (embedded PGlite by default), with demo data.
import "./runtime/errors.ts";
import { ConfigError, loadConfig } from "./config/config.ts";
import { isBatonError } from "./errors/baton-error.ts";
import { serve } from "./runtime/serve.ts";
import { shutdownSignal } from "./runtime/shutdown.ts";

try {
  const server = await serve(loadConfig());
  // SIGTERM/SIGINT: stop claiming, finish the engine's batch, drain HTTP, close the database;
  // a hard timer exits at 10 s whatever is still running (src/runtime/shutdown.ts)
  void shutdownSignal({ log: (l) => console.error(l) })
    .then(() => server.close())
    .then(
      () => process.exit(0),
      (e) => {
        console.error("baton: shutdown failed:", e);
        process.exit(1);
      },
    );
} catch (e) {
  if (isBatonError(e)) {
    console.error(`baton: ${e.code}: ${e.message}\n  ${e.nextAction}`);
  } else if (e instanceof ConfigError) {
    // a setting to fix (BATON_SECRET, a variable out of range): the sentence, not a stack trace
    console.error(`baton: ${e.message}`);
  } else {
    console.error("baton: failed to start:", e);
  }
  process.exit(1);
}
