// A fake OpenID Connect provider on loopback for the browser tests, speaking the protocol where
// plangate and the browser meet it: the discovery document, an authorization endpoint that
// approves at once as the configured person (or answers error=access_denied, as when someone
// declines consent) and sends the browser back to redirect_uri with code and state, a token
// endpoint that checks the client secret (client_secret_basic) and the PKCE S256 verifier and
// answers with an RS256 ID token, and the key set. No page of its own: a real provider's consent
// screen is not what these tests are about.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export const OIDC_PROVIDER = "testid";
export const OIDC_LABEL = "Test ID";
export const OIDC_CLIENT_ID = "plangate-e2e-client";
export const OIDC_CLIENT_SECRET = "oidc-e2e-secret-0123456789";

/** Who the provider says is signing in. */
export interface OidcPerson {
  sub: string;
  email: string;
  email_verified: boolean;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string;
  person: OidcPerson;
}

type Json = Record<string, unknown>;

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

export class FakeOidc {
  /** The person the next authorization approves; set by each test before it signs in. */
  person: OidcPerson = { sub: "e2e-sub-0", email: "nobody@e2e.example", email_verified: true };
  /** Answer the next authorizations with error=access_denied (consent declined). */
  deny = false;
  /** Paths requested, in order (e.g. to see that the token endpoint was used). */
  readonly requests: string[] = [];
  private server = http.createServer((req, res) => void this.handle(req, res));
  private readonly kid = `e2e-rsa-${randomBytes(4).toString("hex")}`;
  private readonly privateKey: KeyObject;
  private readonly publicJwk: Json;
  private grants = new Map<string, Grant>();

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicJwk = { ...publicKey.export({ format: "jwk" }), kid: this.kid, alg: "RS256", use: "sig" };
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get issuer(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The server settings that offer this provider (contract v1.2's variables). */
  env(): Record<string, string> {
    const prefix = `OIDC_${OIDC_PROVIDER.toUpperCase()}_`;
    return {
      OIDC_PROVIDERS: OIDC_PROVIDER,
      [`${prefix}ISSUER`]: this.issuer,
      [`${prefix}CLIENT_ID`]: OIDC_CLIENT_ID,
      [`${prefix}CLIENT_SECRET`]: OIDC_CLIENT_SECRET,
      [`${prefix}LABEL`]: OIDC_LABEL,
    };
  }

  private idToken(grant: Grant): string {
    const header = { alg: "RS256", typ: "JWT", kid: this.kid };
    const t = now();
    const claims = {
      iss: this.issuer,
      aud: grant.clientId,
      sub: grant.person.sub,
      iat: t,
      exp: t + 600,
      nonce: grant.nonce,
      email: grant.person.email,
      email_verified: grant.person.email_verified,
    };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(sign("sha256", Buffer.from(input), this.privateKey))}`;
  }

  /** client_secret_basic: "Basic base64(urlencode(id):urlencode(secret))" (RFC 6749 2.3.1). */
  private clientOf(req: http.IncomingMessage): { id: string; secret: string } | null {
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith("Basic ")) return null;
    const raw = Buffer.from(auth.slice(6), "base64").toString("utf8");
    const colon = raw.indexOf(":");
    if (colon < 0) return null;
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    return { id: decode(raw.slice(0, colon)), secret: decode(raw.slice(colon + 1)) };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", this.issuer);
    this.requests.push(url.pathname);
    const send = (status: number, body: Json) => {
      res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(JSON.stringify(body));
    };
    const redirect = (to: string) => {
      res.writeHead(302, { Location: to });
      res.end();
    };

    if (req.method === "GET" && url.pathname === "/.well-known/openid-configuration") {
      return send(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic"],
        scopes_supported: ["openid", "email", "profile"],
      });
    }
    if (req.method === "GET" && url.pathname === "/jwks") return send(200, { keys: [this.publicJwk] });

    if (req.method === "GET" && url.pathname === "/authorize") {
      const q = url.searchParams;
      const redirectUri = q.get("redirect_uri") ?? "";
      const state = q.get("state") ?? "";
      const scopes = (q.get("scope") ?? "").split(" ");
      if (
        !redirectUri.startsWith("http") ||
        q.get("response_type") !== "code" ||
        q.get("client_id") !== OIDC_CLIENT_ID ||
        q.get("code_challenge_method") !== "S256" ||
        !q.get("code_challenge") ||
        !q.get("nonce") ||
        !state ||
        !scopes.includes("openid")
      ) {
        return send(400, { error: "invalid_request" });
      }
      const back = new URL(redirectUri);
      if (this.deny) {
        back.searchParams.set("error", "access_denied");
        back.searchParams.set("error_description", "The user declined.");
      } else {
        const code = b64url(randomBytes(24));
        this.grants.set(code, {
          clientId: OIDC_CLIENT_ID,
          redirectUri,
          challenge: q.get("code_challenge") ?? "",
          nonce: q.get("nonce") ?? "",
          person: { ...this.person },
        });
        back.searchParams.set("code", code);
      }
      back.searchParams.set("state", state);
      return redirect(back.toString());
    }

    if (req.method === "POST" && url.pathname === "/token") {
      const client = this.clientOf(req);
      if (!client || client.id !== OIDC_CLIENT_ID || client.secret !== OIDC_CLIENT_SECRET) {
        return send(401, { error: "invalid_client" });
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      if (form.get("grant_type") !== "authorization_code") return send(400, { error: "unsupported_grant_type" });
      const code = form.get("code") ?? "";
      const grant = this.grants.get(code);
      this.grants.delete(code); // a code works once
      const verifier = form.get("code_verifier") ?? "";
      const challenge = createHash("sha256").update(verifier).digest("base64url");
      if (
        !grant ||
        form.get("redirect_uri") !== grant.redirectUri ||
        verifier.length < 43 ||
        verifier.length > 128 ||
        challenge !== grant.challenge
      ) {
        return send(400, { error: "invalid_grant" });
      }
      return send(200, {
        access_token: b64url(randomBytes(24)),
        token_type: "Bearer",
        expires_in: 600,
        id_token: this.idToken(grant),
      });
    }
    send(404, { error: "not_found" });
  }
}
