/**
 * A post-login destination from `?next=`: only a path of this app (starts with "/", not "//",
 * no backslash tricks); anything else falls back to /apps.
 */
export function safeNext(next: string | null | undefined, fallback = "/apps"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  try {
    const url = new URL(next, window.location.origin);
    // "/.//evil.example" passes the checks above but normalises to a protocol-relative path.
    if (url.origin !== window.location.origin || url.pathname.startsWith("//")) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** A positive integer from a query-string value, else `fallback`. */
export function positiveInt(value: string | null, fallback = 1): number {
  if (!value || !/^\d+$/.test(value)) return fallback;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 1 ? n : fallback;
}
