// The real plangate binary for the browser tests: on SQLite (a file of its own) or on a fresh
// database in the PostgreSQL cluster the test command started (PLANGATE_TEST_PG_URL), with file
// email and the fake Stripe. The server chooses nothing for the tests: FRONTEND_URL is left to
// its default, the server's own origin, as on a newcomer's machine. So is PUBLIC_URL, which in
// APP_ENV=local also defaults to that origin (BIND's): the OpenID Connect redirect_uri the fake
// provider sends the browser back to is then the very origin the browser talks to.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { FakeStripe, PRO_PRICE, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } from "./fake-stripe";

const here = path.dirname(fileURLToPath(import.meta.url));
export const webRoot = path.resolve(here, "../..");
const repoRoot = path.resolve(webRoot, "..");

export type Engine = "sqlite" | "postgres";

export const STAFF_EMAIL = "staff@e2e.example";
export const STAFF_PASSWORD = "Staff-Strong-Pass-42";

function binary(): string {
  const bin = process.env.PLANGATE_BINARY ?? path.join(repoRoot, "build", "plangate");
  if (!fs.existsSync(bin)) throw new Error(`${bin} not found: build plangate first (make build)`);
  return bin;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function postgresDatabase(name: string): string {
  const admin = process.env.PLANGATE_TEST_PG_URL;
  if (!admin) throw new Error("PLANGATE_TEST_PG_URL is not set: run through scripts/pg-test.sh (make test)");
  execFileSync("psql", [admin, "-v", "ON_ERROR_STOP=1", "-qc", `CREATE DATABASE ${name}`]);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface PlangateOptions {
  engine: Engine;
  env?: Record<string, string>;
  stripe?: FakeStripe;
}

export class Plangate {
  readonly dir: string;
  readonly mailDir: string;
  origin = "";
  private child?: ChildProcess;
  private log = "";
  private env: Record<string, string> = {};

  constructor(private readonly options: PlangateOptions) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "plangate-e2e-"));
    this.mailDir = path.join(this.dir, "mail");
  }

  async start(): Promise<void> {
    const port = await freePort();
    const tag = `e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const databaseUrl =
      this.options.engine === "postgres" ? postgresDatabase(tag) : `sqlite:///${path.join(this.dir, "e2e.db")}`;
    const stripe = this.options.stripe;
    this.env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      APP_ENV: "local",
      BIND: `127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      JWT_SIGNING_KEY: "e2e-signing-key-0123456789abcdefghijklmnopqrstuvwxyz",
      WEB_DIR: path.join(webRoot, "dist"),
      EMAIL_BACKEND: "file",
      EMAIL_FILE_DIR: this.mailDir,
      EMAIL_POLL_INTERVAL_MS: "100",
      RATE_LIMIT_ENABLED: "false",
      HTTP_THREADS: "2",
      WORKER_THREADS: "8",
      PASSWORD_HASH_MEMLIMIT_KIB: "8192",
      PASSWORD_HASH_OPSLIMIT: "1",
      ...(stripe
        ? {
            STRIPE_SECRET_KEY,
            STRIPE_WEBHOOK_SECRET,
            STRIPE_API_BASE: stripe.baseUrl,
            STRIPE_PRICE_IDS: `pro_monthly=${PRO_PRICE}`,
          }
        : {}),
      ...this.options.env,
    };
    this.child = spawn(binary(), ["serve"], { cwd: this.dir, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    const started = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`plangate did not start:\n${this.log}`)), 20_000);
      this.child!.stdout!.on("data", (d: Buffer) => {
        this.log += d.toString();
        if (this.log.includes('"server.started"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      this.child!.stderr!.on("data", (d: Buffer) => (this.log += d.toString()));
      this.child!.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`plangate exited with ${code}:\n${this.log}`));
      });
    });
    await started;
    this.origin = `http://127.0.0.1:${port}`;
    if (stripe) stripe.webhookUrl = `${this.origin}/api/v1/billing/webhook`;
  }

  /** A verified staff user, made with the CLI as an operator would. */
  createSuperuser(email = STAFF_EMAIL, password = STAFF_PASSWORD): void {
    execFileSync(binary(), ["createsuperuser", "--email", email, "--password-stdin"], {
      cwd: this.dir,
      env: this.env,
      input: `${password}\n`,
      stdio: ["pipe", "ignore", "pipe"],
    });
  }

  logs(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
    if (!process.env.E2E_KEEP) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
