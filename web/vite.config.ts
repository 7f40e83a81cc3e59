import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development `npx vite` serves the app and proxies /api to a running plangate
// (PLANGATE_DEV_API, default http://127.0.0.1:8000), so the app stays same-origin as in production.
const devApi = process.env.PLANGATE_DEV_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  build: {
    manifest: true,
    // The polyfill would be an inline <script>, which plangate's CSP (script-src 'self') blocks.
    modulePreload: { polyfill: false },
    target: "es2022",
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": { target: devApi, changeOrigin: false },
    },
  },
});
