import { ProviderButtons } from "@/components/ProviderButtons";
import { safeNext } from "@/lib/navigation";
import { useOidcProviders } from "@/lib/oidc";
import { peekReturnPath } from "@/lib/returnPath";

/** "Continue with <provider>" above the email form of the sign-in and register pages, going on
 * to the same place a password sign-in would (?next=, else a kept return path, else /apps).
 * Nothing at all when no provider is configured or the list cannot be had. */
export function ProviderSignIn({ params }: { params: URLSearchParams }) {
  const providers = useOidcProviders();
  if (!providers.data?.length) return null;
  const next = safeNext(params.get("next") ?? peekReturnPath()?.path);
  return (
    <>
      <ProviderButtons providers={providers.data} next={next} block />
      <p className="or-divider">or with your email</p>
    </>
  );
}
