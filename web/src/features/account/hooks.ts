import { useMutation } from "@tanstack/react-query";
import { api, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: Schemas["ChangePasswordRequest"]) =>
      unwrap(api.POST("/api/v1/auth/password/change", { body })),
  });
}

/** DELETE me: with the password, or without one for an account that has none (the server then
 * wants the refresh cookie of a recent sign-in, which this same-origin call carries). */
export function useDeleteAccount() {
  return useMutation({
    mutationFn: (body: Schemas["DeleteAccountRequest"]) => unwrap(api.DELETE("/api/v1/auth/me", { body })),
  });
}

export function useChangeEmail() {
  return useMutation({
    mutationFn: (body: Schemas["EmailChangeRequest"]) => unwrap(api.POST("/api/v1/auth/email/change", { body })),
  });
}

export function useConfirmEmailChange() {
  return useMutation({
    mutationFn: (body: Schemas["TokenRequest"]) => unwrap(api.POST("/api/v1/auth/email/change/confirm", { body })),
  });
}

/** GET me/export as a file the browser saves (the answer is an attachment). */
export function useDownloadData() {
  return useMutation({
    mutationFn: async () => {
      const blob = await unwrap(api.GET("/api/v1/auth/me/export", { parseAs: "blob" }));
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = "plangate-export.json";
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    },
  });
}
