// The one API client: openapi-fetch typed by the generated schema (a route changed in plangate's
// route table breaks `tsc`). Every call goes through lib/session's authFetch (Bearer token,
// refresh-and-replay on 401, account-disabled handling).
import createClient from "openapi-fetch";
import { API_BASE } from "@/lib/config";
import { authFetch } from "@/lib/session";
import type { components, paths } from "./schema.gen";

export type { components, paths };
export type Schemas = components["schemas"];

export const api = createClient<paths>({
  baseUrl: API_BASE,
  credentials: "include",
  fetch: authFetch,
});

type QueryValue = string | number | boolean | null | undefined;

/**
 * A query string for list routes. plangate's OpenAPI document does not declare query
 * parameters (page, page_size, search, ...), so openapi-fetch types `params.query` as never;
 * the query goes in through a per-call serializer instead. Empty values are left out.
 */
export function withQuery(query: Record<string, QueryValue>): () => string {
  return () => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === null || value === undefined || value === "") continue;
      search.set(key, String(value));
    }
    return search.toString();
  };
}
