// Sign-in with an OpenID Connect provider (contract v1.2), shared by the sign-in pages, the
// Security page and account deletion: the configured providers, the caller's linked identities,
// and the URL that starts a provider's flow. Starting is a full-page navigation (the server
// answers with a redirect to the provider and sets the oidc_state cookie), never a fetch.
import { useQuery } from "@tanstack/react-query";
import { api, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";
import { apiUrl } from "./config";
import { safeNext } from "./navigation";
import { queryKeys } from "./queryKeys";

export type OidcProvider = Schemas["OidcProviderList"]["results"][number];
export type Identity = Schemas["IdentityList"]["results"][number];

/** The providers offered for sign-in, in the server's order; empty when none is configured. */
export function useOidcProviders() {
  return useQuery({
    queryKey: queryKeys.oidcProviders,
    queryFn: async ({ signal }) => (await unwrap(api.GET("/api/v1/auth/oidc/providers", { signal }))).results,
    staleTime: 5 * 60 * 1000,
  });
}

/** The signed-in user's linked provider identities. */
export function useIdentities() {
  return useQuery({
    queryKey: queryKeys.identities,
    queryFn: async ({ signal }) => (await unwrap(api.GET("/api/v1/auth/identities", { signal }))).results,
  });
}

/** Where the browser goes to sign in with `provider`, coming back to `next` (a path of this app). */
export function oidcStartUrl(provider: string, next: string): string {
  const params = new URLSearchParams({ next: safeNext(next, "/") });
  return apiUrl(`/api/v1/auth/oidc/${encodeURIComponent(provider)}/start?${params.toString()}`);
}

/** A provider's button text, from its name (an identity names its provider by name). */
export function providerLabel(providers: readonly OidcProvider[] | undefined, name: string): string {
  return providers?.find((p) => p.name === name)?.label ?? name;
}
