// A fake Stripe on loopback for the browser tests. It speaks Stripe's wire format where plangate
// talks to it (form-encoded requests, Bearer secret key, Idempotency-Key replay, Stripe-shaped
// objects) and plays Stripe's hosted pages where the browser goes: a Checkout page whose "Pay"
// creates the subscription and redirects to success_url, and a billing portal that can schedule
// a cancellation. Like Stripe, it tells plangate through signed webhook events, sent a moment
// after the redirect, so the app has to wait for them.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export const STRIPE_SECRET_KEY = "sk_test_e2e_0123456789";
export const STRIPE_WEBHOOK_SECRET = "whsec_e2e_0123456789abcdef";
export const PRO_PRICE = "price_e2e_pro_monthly";

type Json = Record<string, unknown>;

interface CheckoutSession {
  id: string;
  customer: string;
  price: string;
  success_url: string;
  cancel_url: string;
  user_id: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  form: URLSearchParams;
}

const now = () => Math.floor(Date.now() / 1000);

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  private server = http.createServer((req, res) => void this.handle(req, res));
  private nextId = 1;
  private customers = new Map<string, Json>();
  private sessions = new Map<string, CheckoutSession>();
  private portals = new Map<string, { customer: string; return_url: string }>();
  private subscriptions = new Map<string, Json>();
  private idempotent = new Map<string, { status: number; body: Json }>();
  /** Where plangate's webhook endpoint is; set once plangate has started. */
  webhookUrl = "";
  /** How long after the browser's redirect the events follow. */
  webhookDelayMs = 1200;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  subscriptionOf(customer: string): Json | undefined {
    return [...this.subscriptions.values()].find((s) => s.customer === customer);
  }

  customerByEmail(email: string): string | undefined {
    return [...this.customers.values()].find((c) => c.email === email)?.id as string | undefined;
  }

  /** The billing period of the customer's subscription ends: Stripe deletes it and says so. */
  async endPeriod(customer: string): Promise<void> {
    const sub = this.subscriptionOf(customer);
    if (!sub) throw new Error(`no subscription for ${customer}`);
    sub.status = "canceled";
    sub.canceled_at = now();
    sub.ended_at = now();
    await this.sendEvent("customer.subscription.deleted", sub);
  }

  /** Sends one signed event to plangate, as Stripe does, and checks that it was taken. */
  async sendEvent(type: string, object: Json): Promise<void> {
    const event = {
      id: `evt_e2e_${this.nextId++}_${Date.now()}`,
      object: "event",
      type,
      created: now(),
      data: { object },
    };
    const body = JSON.stringify(event);
    const t = now();
    const signature = createHmac("sha256", STRIPE_WEBHOOK_SECRET).update(`${t}.${body}`).digest("hex");
    const res = await fetch(this.webhookUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": `t=${t},v1=${signature}` },
      body,
    });
    if (res.status !== 200) throw new Error(`webhook ${type} answered ${res.status}: ${await res.text()}`);
  }

  private later(work: () => Promise<void>): void {
    setTimeout(() => void work().catch((e) => console.error("fake-stripe:", e)), this.webhookDelayMs);
  }

  private id(prefix: string): string {
    return `${prefix}_e2e${this.nextId++}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", this.baseUrl);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const send = (status: number, body: Json) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const html = (status: number, page: string) => {
      res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><head><title>Fake Stripe</title></head><body>${page}</body></html>`);
    };
    const redirect = (to: string) => {
      res.writeHead(303, { Location: to });
      res.end();
    };

    // The hosted pages the browser visits.
    let m = url.pathname.match(/^\/checkout\/(cs_[\w]+)(\/pay|\/cancel)?$/);
    if (m) {
      const session = this.sessions.get(m[1] ?? "");
      if (!session) return html(404, "<h1>No such checkout session</h1>");
      if (!m[2]) {
        return html(
          200,
          `<h1>Fake Stripe Checkout</h1><p>Subscribe to ${escapeHtml(session.price)}</p>` +
            `<form method="post" action="/checkout/${session.id}/pay"><button>Pay</button></form>` +
            `<form method="post" action="/checkout/${session.id}/cancel"><button>Back</button></form>`,
        );
      }
      if (m[2] === "/cancel") return redirect(session.cancel_url);
      const sub = this.makeSubscription(session.customer, session.price, session.user_id);
      redirect(session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id));
      this.later(async () => {
        await this.sendEvent("checkout.session.completed", {
          id: session.id,
          object: "checkout.session",
          mode: "subscription",
          customer: session.customer,
          subscription: sub.id,
          client_reference_id: session.user_id,
          metadata: { user_id: session.user_id },
        });
        await this.sendEvent("customer.subscription.created", sub);
      });
      return;
    }
    m = url.pathname.match(/^\/portal\/(bps_[\w]+)(\/cancel-plan)?$/);
    if (m) {
      const portal = this.portals.get(m[1] ?? "");
      if (!portal) return html(404, "<h1>No such portal session</h1>");
      if (!m[2]) {
        return html(
          200,
          `<h1>Fake billing portal</h1>` +
            `<form method="post" action="/portal/${m[1]}/cancel-plan"><button>Cancel plan</button></form>` +
            `<a href="${escapeHtml(portal.return_url)}">Return to the app</a>`,
        );
      }
      const sub = this.subscriptionOf(portal.customer);
      if (sub) {
        sub.cancel_at_period_end = true;
        await this.sendEvent("customer.subscription.updated", sub);
      }
      return redirect(portal.return_url);
    }

    // The API plangate calls.
    this.requests.push({ method: req.method ?? "", path: url.pathname, form });
    if (req.headers.authorization !== `Bearer ${STRIPE_SECRET_KEY}`) {
      return send(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
    }
    const key = req.headers["idempotency-key"];
    const replay = typeof key === "string" ? this.idempotent.get(key) : undefined;
    if (replay) return send(replay.status, replay.body);
    const answer = (status: number, body: Json) => {
      if (typeof key === "string") this.idempotent.set(key, { status, body });
      send(status, body);
    };

    if (req.method === "POST" && url.pathname === "/v1/customers") {
      const customer = { id: this.id("cus"), object: "customer", email: form.get("email") };
      this.customers.set(customer.id, customer);
      return answer(200, customer);
    }
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const session: CheckoutSession = {
        id: this.id("cs"),
        customer: form.get("customer") ?? "",
        price: form.get("line_items[0][price]") ?? "",
        success_url: form.get("success_url") ?? "",
        cancel_url: form.get("cancel_url") ?? "",
        user_id: form.get("metadata[user_id]") ?? form.get("client_reference_id") ?? "",
      };
      this.sessions.set(session.id, session);
      return answer(200, { id: session.id, object: "checkout.session", url: `${this.baseUrl}/checkout/${session.id}` });
    }
    if (req.method === "POST" && url.pathname === "/v1/billing_portal/sessions") {
      const id = this.id("bps");
      this.portals.set(id, { customer: form.get("customer") ?? "", return_url: form.get("return_url") ?? "" });
      return answer(200, { id, object: "billing_portal.session", url: `${this.baseUrl}/portal/${id}` });
    }
    m = url.pathname.match(/^\/v1\/subscriptions\/(sub_[\w]+)$/);
    if (m) {
      const sub = this.subscriptions.get(m[1] ?? "");
      if (!sub) return send(404, { error: { type: "invalid_request_error", message: "No such subscription" } });
      let event = "";
      if (req.method === "POST" && form.get("cancel_at_period_end") === "true") {
        sub.cancel_at_period_end = true;
        event = "customer.subscription.updated";
      }
      if (req.method === "DELETE") {
        sub.status = "canceled";
        sub.canceled_at = now();
        event = "customer.subscription.deleted";
      }
      answer(200, sub);
      // As Stripe does, the change comes back as an event.
      if (event) this.later(() => this.sendEvent(event, sub));
      return;
    }
    if (req.method === "GET" && url.pathname === "/v1/subscriptions") {
      const customer = url.searchParams.get("customer");
      const data = [...this.subscriptions.values()].filter((s) => s.customer === customer);
      return send(200, { object: "list", data, has_more: false });
    }
    send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${url.pathname})` } });
  }

  private makeSubscription(customer: string, price: string, userId: string): Json {
    const id = this.id("sub");
    const sub: Json = {
      id,
      object: "subscription",
      customer,
      status: "active",
      created: now(),
      current_period_end: now() + 30 * 86400,
      cancel_at_period_end: false,
      trial_end: null,
      canceled_at: null,
      metadata: { user_id: userId },
      items: { object: "list", data: [{ id: `si_${id}`, price: { id: price, object: "price" } }] },
    };
    this.subscriptions.set(id, sub);
    return sub;
  }
}
