// Where to go after signing in, when the way there leaves this tab: registering means opening the
// mailed verification link, which the mail client may open in a new tab or after a restart. A
// page that needs the visitor signed in (an invitation) keeps its path here, with the address to
// sign in with; the sign-in, register and verify-email pages honor it. Only a path of this app is
// kept (safeNext), for a day at most.
import { safeNext } from "./navigation";

const KEY = "plangate-return-path";
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface ReturnPath {
  path: string;
  /** The address the page expects the visitor to sign in with, to prefill the forms. */
  email: string | null;
}

interface Stored extends ReturnPath {
  at: number;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: the links' ?next= still works within this tab
  }
}

export function rememberReturnPath(path: string, email: string | null = null): void {
  const value: Stored = { path: safeNext(path), email, at: Date.now() };
  storage()?.setItem(KEY, JSON.stringify(value));
}

/** The kept path, or null when there is none, it is older than a day, or not a path of this app. */
export function peekReturnPath(): ReturnPath | null {
  const store = storage();
  const raw = store?.getItem(KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Stored>;
    const path = typeof value.path === "string" ? safeNext(value.path, "") : "";
    if (!path || typeof value.at !== "number" || Date.now() - value.at > MAX_AGE_MS) {
      store?.removeItem(KEY);
      return null;
    }
    return { path, email: typeof value.email === "string" ? value.email : null };
  } catch {
    store?.removeItem(KEY);
    return null;
  }
}

/** Forgets the kept path once its page has been reached again (only that page's, when given). */
export function forgetReturnPath(path?: string): void {
  if (path !== undefined && peekReturnPath()?.path !== path) return;
  storage()?.removeItem(KEY);
}

/** `/login` (or `/register`) with `?next=` and the address to prefill, for a kept or given path. */
export function authPageFor(page: "/login" | "/register", target: ReturnPath | null): string {
  if (!target) return page;
  const params = new URLSearchParams({ next: target.path });
  if (target.email) params.set("email", target.email);
  return `${page}?${params.toString()}`;
}
