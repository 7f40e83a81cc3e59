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
