// Runtime configuration, read once at start-up from index.html.
// <meta name="plangate-api-base" content="">: empty = the origin that serves the app (plangate
// itself); a deployment serving the app from elsewhere sets the API origin, e.g. http://127.0.0.1:9001.
function readApiBase(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="plangate-api-base"]');
  return (meta?.content ?? "").trim().replace(/\/+$/, "");
}

export const API_BASE: string = readApiBase();

/** Absolute URL of an API path ("/api/v1/...") under the configured base. */
export function apiUrl(path: string): string {
  return `${API_BASE}${path}`;
}
