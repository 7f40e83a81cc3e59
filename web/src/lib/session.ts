// The signed-in session: access token in memory only, refresh through the HttpOnly cookie,
// single-flight within a tab and across tabs, replay of a request once after a 401.
//
// Security rules (do not relax):
// - the access token lives in this module's memory only: never localStorage, sessionStorage or
//   a cookie; the refresh token is an HttpOnly cookie this code never sees;
// - cookie-authenticated calls (refresh, logout) carry X-Requested-With: XMLHttpRequest (CSRF);
// - one refresh at a time per tab (one promise) and per browser (navigator.locks); a tab that
//   refreshed publishes the token on BroadcastChannel("plangate-auth") and the others adopt it.
import { useSyncExternalStore } from "react";
import type { components, paths } from "@/api/schema.gen";
import { apiUrl } from "./config";

export type User = components["schemas"]["User"];
type TokenResponse = components["schemas"]["TokenResponse"];
type MeResponse = paths["/api/v1/auth/me"]["get"]["responses"][200]["content"]["application/json"];

export type SessionStatus = "loading" | "signed-in" | "signed-out" | "disabled";
/** Why the session ended: a sign-out (here or in another tab), the account deleted here, an
 * expired/revoked refresh token, or an unreachable server at start-up. */
export type SignedOutReason = "logout" | "deleted" | "expired" | "unreachable" | null;

export interface SessionState {
  status: SessionStatus;
  user: User | null;
  reason: SignedOutReason;
}

const REFRESH_PATH = "/api/v1/auth/token/refresh" satisfies keyof paths;
const LOGOUT_PATH = "/api/v1/auth/logout" satisfies keyof paths;
const ME_PATH = "/api/v1/auth/me" satisfies keyof paths;
// Routes that answer 401 for reasons other than a stale access token: never refresh-and-replay.
const NO_REPLAY: ReadonlySet<string> = new Set<keyof paths>([
  "/api/v1/auth/login",
  REFRESH_PATH,
  LOGOUT_PATH,
  "/api/v1/auth/register",
  "/api/v1/auth/verify-email",
  "/api/v1/auth/resend-verification",
  "/api/v1/auth/password/forgot",
  "/api/v1/auth/password/reset",
  "/api/v1/auth/mfa/verify",
]);
const CSRF_HEADERS = { "X-Requested-With": "XMLHttpRequest" } as const;
const LOCK_NAME = "plangate-refresh";
const CHANNEL_NAME = "plangate-auth";

type AuthMessage =
  | { type: "token"; access: string; user: User; expires_in: number; at: number }
  | { type: "logout"; at: number }
  | { type: "disabled"; at: number };

// ---- the store --------------------------------------------------------------------------------

let accessToken: string | null = null;
let state: SessionState = { status: "loading", user: null, reason: null };
const listeners = new Set<() => void>();
/** Date.now() when this tab last adopted a token another tab published. */
let peerTokenAdoptedAt = 0;

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  return subscribe(listener);
}

function adopt(access: string, user: User): void {
  accessToken = access;
  setState({ status: "signed-in", user, reason: null });
}

function clear(status: "signed-out" | "disabled", reason: SignedOutReason): void {
  accessToken = null;
  if (state.status === status && state.reason === reason && state.user === null) return;
  setState({ status, user: null, reason });
}

// ---- cross-tab --------------------------------------------------------------------------------

const channel: BroadcastChannel | null =
  typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL_NAME);

function broadcast(message: AuthMessage): void {
  channel?.postMessage(message);
}

channel?.addEventListener("message", (event: MessageEvent<AuthMessage>) => {
  const message = event.data;
  if (message.type === "token") {
    peerTokenAdoptedAt = Date.now();
    adopt(message.access, message.user);
  } else if (message.type === "logout") {
    clear("signed-out", "logout");
  } else if (message.type === "disabled") {
    clear("disabled", null);
  }
});

function publishToken(body: TokenResponse): void {
  adopt(body.access, body.user);
  broadcast({ type: "token", access: body.access, user: body.user, expires_in: body.expires_in, at: Date.now() });
}

/** A 403 ACCOUNT_DISABLED anywhere: every tab shows the account-disabled page. */
export function markDisabled(): void {
  clear("disabled", null);
  broadcast({ type: "disabled", at: Date.now() });
}

// ---- refresh ----------------------------------------------------------------------------------

export type RefreshOutcome = "signed-in" | "signed-out" | "disabled" | "error";

let inflight: Promise<RefreshOutcome> | null = null;

async function errorCode(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.clone().json();
    if (body && typeof body === "object" && "code" in body && typeof body.code === "string") return body.code;
  } catch {
    // not JSON
  }
  return undefined;
}

async function postRefresh(): Promise<RefreshOutcome> {
  let response: Response;
  try {
    response = await fetch(apiUrl(REFRESH_PATH), {
      method: "POST",
      credentials: "include",
      headers: CSRF_HEADERS,
    });
  } catch {
    return "error";
  }
  if (response.ok) {
    publishToken((await response.json()) as TokenResponse);
    // Hold the lock a moment so the other tabs receive the token before one of them takes the
    // lock and would refresh again (BroadcastChannel delivery is not ordered with lock grants).
    await new Promise((resolve) => setTimeout(resolve, 50));
    return "signed-in";
  }
  if (response.status === 403 && (await errorCode(response)) === "ACCOUNT_DISABLED") {
    markDisabled();
    return "disabled";
  }
  if (response.status === 401) {
    clear("signed-out", state.status === "signed-in" ? "expired" : null);
    return "signed-out";
  }
  return "error";
}

async function refreshAcrossTabs(): Promise<RefreshOutcome> {
  const startedAt = Date.now();
  const underLock = async (): Promise<RefreshOutcome> => {
    // Another tab refreshed while we waited for the lock: its token is ours too.
    if (accessToken !== null && peerTokenAdoptedAt >= startedAt) return "signed-in";
    return postRefresh();
  };
  if (typeof navigator !== "undefined" && "locks" in navigator && navigator.locks) {
    return navigator.locks.request(LOCK_NAME, underLock);
  }
  return underLock();
}

/** One refresh per tab at a time: concurrent callers share the promise. */
export function refreshSession(): Promise<RefreshOutcome> {
  inflight ??= refreshAcrossTabs().finally(() => {
    inflight = null;
  });
  return inflight;
}

/** A token newer than `stale`: the one another request already got, or a refreshed one. */
async function freshToken(stale: string | null): Promise<string | null> {
  if (accessToken !== null && accessToken !== stale) return accessToken;
  const outcome = await refreshSession();
  return outcome === "signed-in" ? accessToken : null;
}

/** On page load: one cookie-authenticated refresh decides the initial state. */
export async function restoreSession(): Promise<void> {
  const outcome = await refreshSession();
  if (outcome === "error" && state.status === "loading") clear("signed-out", "unreachable");
}

// ---- the fetch every API call goes through ---------------------------------------------------

function apiPath(url: string): string {
  const pathname = new URL(url, window.location.href).pathname;
  return pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
}

/**
 * The `fetch` given to openapi-fetch: adds `Authorization: Bearer <access>`; on a 401
 * NOT_AUTHENTICATED refreshes once (single-flight) and replays the request once; a 403
 * ACCOUNT_DISABLED ends the session in every tab.
 */
export async function authFetch(request: Request): Promise<Response> {
  const replayable = !NO_REPLAY.has(apiPath(request.url));
  const replay = replayable ? request.clone() : null; // before the body is consumed
  const sentWith = accessToken;
  if (sentWith !== null) request.headers.set("Authorization", `Bearer ${sentWith}`);
  let response = await fetch(request);

  if (replay && response.status === 401 && (await errorCode(response)) === "NOT_AUTHENTICATED") {
    const token = await freshToken(sentWith);
    if (token !== null) {
      replay.headers.set("Authorization", `Bearer ${token}`);
      response = await fetch(replay);
    }
  }
  if (replayable && response.status === 403 && (await errorCode(response)) === "ACCOUNT_DISABLED") {
    markDisabled();
  }
  return response;
}

// ---- sign in / out ----------------------------------------------------------------------------

/** After a successful login: keep the token in memory and tell the other tabs. */
export function signIn(body: TokenResponse): void {
  publishToken(body);
}

/** POST logout (every session with `everywhere`), then forget the token here and in every tab.
 * Resolves false when the server could not be told (the local session ends anyway). */
export async function signOut(everywhere = false, reason: "logout" | "deleted" = "logout"): Promise<boolean> {
  let ok = false;
  try {
    const response = await fetch(apiUrl(LOGOUT_PATH), {
      method: "POST",
      credentials: "include",
      headers: { ...CSRF_HEADERS, "Content-Type": "application/json" },
      body: JSON.stringify(everywhere ? { all: true } : {}),
    });
    ok = response.ok;
  } catch {
    ok = false;
  }
  clear("signed-out", reason);
  broadcast({ type: "logout", at: Date.now() });
  return ok;
}

/** Re-reads GET /auth/me into the session; resolves the user, or null when it failed. */
export async function refreshUser(): Promise<User | null> {
  let response: Response;
  try {
    response = await authFetch(new Request(apiUrl(ME_PATH), { credentials: "include" }));
  } catch {
    return null;
  }
  if (!response.ok) return null;
  const user = (await response.json()) as MeResponse;
  if (state.status === "signed-in") setState({ ...state, user });
  return user;
}

// ---- React ------------------------------------------------------------------------------------

export interface UseSession extends SessionState {
  refreshUser: () => Promise<User | null>;
}

export function useSession(): UseSession {
  const snapshot = useSyncExternalStore(subscribe, getSession, getSession);
  return { ...snapshot, refreshUser };
}
