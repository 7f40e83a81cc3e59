import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";
import { queryKeys } from "@/lib/queryKeys";
import { refreshUser } from "@/lib/session";

/** The signed-in sessions (devices). The refresh cookie's path covers this route, so the
 * server can mark the one of this browser `current`. */
export function useSessions() {
  return useQuery({
    queryKey: queryKeys.sessions,
    queryFn: async ({ signal }) => (await unwrap(api.GET("/api/v1/auth/sessions", { signal }))).results,
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/auth/sessions/{id}", { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.sessions }),
  });
}

export function useTotpSetup() {
  return useMutation({
    mutationFn: (body: Schemas["MfaPasswordRequest"]) => unwrap(api.POST("/api/v1/auth/mfa/totp/setup", { body })),
  });
}

/** Turning two-factor sign-in on or off signs out the other sessions and flips the user's
 * `mfa_enabled`: both are read again. */
function useAfterMfaChange() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([refreshUser(), queryClient.invalidateQueries({ queryKey: queryKeys.sessions })]);
  };
}

export function useTotpConfirm() {
  const after = useAfterMfaChange();
  return useMutation({
    mutationFn: (body: Schemas["MfaCodeRequest"]) => unwrap(api.POST("/api/v1/auth/mfa/totp/confirm", { body })),
    onSuccess: after,
  });
}

export function useRegenerateRecoveryCodes() {
  return useMutation({
    mutationFn: (body: Schemas["MfaRecoveryCodesRequest"]) =>
      unwrap(api.POST("/api/v1/auth/mfa/recovery-codes", { body })),
  });
}

export function useTotpDisable() {
  const after = useAfterMfaChange();
  return useMutation({
    mutationFn: (body: Schemas["MfaDisableRequest"]) => unwrap(api.POST("/api/v1/auth/mfa/totp/disable", { body })),
    onSuccess: after,
  });
}

/** Unlinking changes only the identities (has_password is untouched): they are read again. */
export function useUnlinkIdentity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/auth/identities/{id}", { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.identities }),
  });
}
