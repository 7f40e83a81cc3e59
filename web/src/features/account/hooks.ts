import { useMutation } from "@tanstack/react-query";
import { api, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: Schemas["ChangePasswordRequest"]) =>
      unwrap(api.POST("/api/v1/auth/password/change", { body })),
  });
}

export function useDeleteAccount() {
  return useMutation({
    mutationFn: (body: Schemas["DeleteAccountRequest"]) => unwrap(api.DELETE("/api/v1/auth/me", { body })),
  });
}
