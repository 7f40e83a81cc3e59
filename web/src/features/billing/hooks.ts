import { useMutation, useQuery } from "@tanstack/react-query";
import { api, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";
import { queryKeys } from "@/lib/queryKeys";

export type Plan = Schemas["Plan"];
export type Subscription = Schemas["Subscription"];

export function usePlans() {
  return useQuery({
    queryKey: queryKeys.plans,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/billing/plans", { signal })),
    staleTime: 5 * 60_000,
  });
}

export function useSubscription() {
  return useQuery({
    queryKey: queryKeys.subscription,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/billing/subscription", { signal })),
  });
}

/** Starts Stripe Checkout for a paid plan and leaves for it. */
export function useCheckout() {
  return useMutation({
    mutationFn: (planId: string) =>
      unwrap(api.POST("/api/v1/billing/checkout-session", { body: { plan_id: planId } })),
    onSuccess: (session) => window.location.assign(session.url),
  });
}

/** Opens Stripe's billing portal. */
export function usePortal() {
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/billing/portal-session")),
    onSuccess: (session) => window.location.assign(session.url),
  });
}
