import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "@/api/errors";
import { getSession, subscribeSession } from "@/lib/session";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // 4xx answers are final; retry network failures and 5xx once.
      retry: (failureCount, error) =>
        failureCount < 1 && !(error instanceof ApiError && error.status < 500),
    },
    mutations: { retry: false },
  },
});

// Another user's data must never show: drop the cache when the session ends or changes hands.
let lastUserId: number | null = getSession().user?.id ?? null;
subscribeSession(() => {
  const { status, user } = getSession();
  const userId = status === "signed-in" ? (user?.id ?? null) : null;
  if (userId !== lastUserId) {
    if (lastUserId !== null) queryClient.clear();
    lastUserId = userId;
  }
});
