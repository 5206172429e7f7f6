// The workspace build: `npm run build:web` writes web/dist, which the server serves at /.
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { playValidators } from "./build/play-validators.ts";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  plugins: [react(), playValidators()],
  build: {
    outDir: path.join(root, "dist"),
    emptyOutDir: true,
    // keep the build fast: no source maps, no compressed-size report
    sourcemap: false,
    reportCompressedSize: false,
    target: "es2022",
    rolldownOptions: {
      // React changes far less often than the workspace: its own chunk stays cached across deploys
      // (the pages are split by app.tsx's import()s)
      output: {
        codeSplitting: {
          groups: [{ name: "react", test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
  server: {
    // `npm run dev:web`: the API runs on 3000 (npm start); Vite proxies to it.
    proxy: { "/api": "http://127.0.0.1:3000", "/u": "http://127.0.0.1:3000", "/docs": "http://127.0.0.1:3000" },
  },
});
