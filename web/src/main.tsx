import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { keepScrollRegionsFocusable } from "./scroll-regions.ts";
import { SessionProvider } from "./session.tsx";

const root = document.getElementById("root")!;
keepScrollRegionsFocusable(root);
createRoot(root).render(
  <SessionProvider>
    <App />
  </SessionProvider>,
);
