import { useMutation } from "@tanstack/react-query";
import { api, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";
import { signIn } from "@/lib/session";

export function useLogin() {
  return useMutation({
    mutationFn: async (body: Schemas["LoginRequest"]) => {
      const tokens = await unwrap(api.POST("/api/v1/auth/login", { body }));
      signIn(tokens);
      return tokens;
    },
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: (body: Schemas["RegisterRequest"]) => unwrap(api.POST("/api/v1/auth/register", { body })),
  });
}

export function useResendVerification() {
  return useMutation({
    mutationFn: (body: Schemas["EmailRequest"]) => unwrap(api.POST("/api/v1/auth/resend-verification", { body })),
  });
}

export function useVerifyEmail() {
  return useMutation({
    mutationFn: (body: Schemas["TokenRequest"]) => unwrap(api.POST("/api/v1/auth/verify-email", { body })),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (body: Schemas["EmailRequest"]) => unwrap(api.POST("/api/v1/auth/password/forgot", { body })),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: Schemas["ResetPasswordRequest"]) => unwrap(api.POST("/api/v1/auth/password/reset", { body })),
  });
}

/** The second step of a login with two-factor sign-in on: its 200 is the login body, and the
 * refresh cookie comes with it, so it signs in exactly as useLogin does. */
export function useMfaVerify() {
  return useMutation({
    mutationFn: async (body: Schemas["MfaVerifyRequest"]) => {
      const tokens = await unwrap(api.POST("/api/v1/auth/mfa/verify", { body }));
      signIn(tokens);
      return tokens;
    },
  });
}
