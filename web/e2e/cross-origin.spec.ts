// Scenario 8: the app served from another origin (a second port) works with plangate when that
// origin is in CORS_ALLOWED_ORIGINS: sign-in, the refresh on reload, an app create. An origin
// that is not listed gets nothing from the API.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { PASSWORD, createApp, expect, signUp, test, uniqueEmail } from "./fixtures";
import { Plangate, webRoot, type Engine } from "./support/plangate";

/** A plain static server for web/dist, with the API's origin written into index.html. */
async function serveApp(port: number, apiOrigin: string): Promise<http.Server> {
  const dist = path.join(webRoot, "dist");
  const index = fs
    .readFileSync(path.join(dist, "index.html"), "utf8")
    .replace(/<meta name="plangate-api-base" content="[^"]*"/, `<meta name="plangate-api-base" content="${apiOrigin}"`);
  const server = http.createServer((req, res) => {
    const file = path.join(dist, path.normalize(new URL(req.url ?? "/", "http://x").pathname));
    if (file.startsWith(path.join(dist, "assets")) && fs.existsSync(file)) {
      res.writeHead(200, { "Content-Type": file.endsWith(".css") ? "text/css" : "text/javascript" });
      res.end(fs.readFileSync(file));
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(index);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

test("the app on another origin works when listed, and is refused when not", async ({ browser, stack }, info) => {
  const allowedPort = await freePort();
  // A plangate of this test's own, which lists the app's origin.
  const plangate = new Plangate({
    engine: info.project.name as Engine,
    env: { CORS_ALLOWED_ORIGINS: `http://127.0.0.1:${allowedPort}` },
  });
  await plangate.start();
  const email = uniqueEmail("elsewhere");
  // A verified account, made on plangate's own origin.
  const home = await browser.newContext({ baseURL: plangate.origin });
  await signUp(await home.newPage(), { ...stack, plangate }, email);
  await home.close();

  const allowed = await serveApp(allowedPort, plangate.origin);
  const other = await serveApp(await freePort(), plangate.origin);
  try {
    const context = await browser.newContext();
    const app = await context.newPage();
    const origin = `http://127.0.0.1:${allowedPort}`;
    await app.goto(`${origin}/login`);
    await app.getByLabel("Email").fill(email);
    await app.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await app.getByRole("button", { name: "Sign in" }).click();
    await expect(app.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();
    expect(new URL(app.url()).origin).toBe(origin);
    await createApp(app, "Cross-origin app");
    await expect(app.getByRole("link", { name: "Cross-origin app" })).toBeVisible();
    // A reload restores the session with the refresh cookie, sent cross-origin with credentials.
    await app.reload();
    await expect(app.getByRole("link", { name: "Cross-origin app" })).toBeVisible();
    await context.close();

    const strangerContext = await browser.newContext();
    const stranger = await strangerContext.newPage();
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    await stranger.goto(`${otherOrigin}/login`);
    await stranger.getByLabel("Email").fill(email);
    await stranger.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await stranger.getByRole("button", { name: "Sign in" }).click();
    await expect(stranger.getByText("Cannot reach the server.")).toBeVisible();
    await expect(stranger.getByRole("heading", { name: "Apps", level: 1 })).toHaveCount(0);
    await strangerContext.close();
  } finally {
    allowed.close();
    other.close();
    await plangate.stop();
  }
});
