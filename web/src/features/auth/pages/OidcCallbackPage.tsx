import { useEffect, useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { Banner } from "@/components/Banner";
import { buttonClass } from "@/components/Button";
import { PageTitle } from "@/components/PageTitle";
import { Spinner } from "@/components/Spinner";
import { safeNext } from "@/lib/navigation";
import { useSession } from "@/lib/session";
import { MfaCodeStep } from "../components/MfaCodeStep";

// The reasons of contract v1.2's callback redirect (`?error=`), in words.
const REASONS: Record<string, string> = {
  oidc_state_invalid:
    "This sign-in expired or was started in another browser. Start again from the sign-in page.",
  oidc_denied: "The provider did not let you in: the sign-in was cancelled or refused there. Nothing was changed.",
  oidc_exchange_failed: "The sign-in provider could not be reached. Try again in a moment.",
  oidc_token_invalid: "The sign-in provider's answer could not be verified. Try again, or sign in another way.",
  oidc_email_unverified:
    "The provider did not confirm your email address. Verify it with the provider, or sign in another way.",
  account_disabled: "Your account has been disabled. Contact support.",
};
const UNKNOWN_REASON = "Signing in with the provider did not work. Try again, or sign in another way.";

function Failure({ text }: { text: string }) {
  const { status } = useSession();
  return (
    <>
      <PageTitle title="Sign-in did not work" />
      <Banner tone="error">
        <p>{text}</p>
      </Banner>
      <p className="auth-switch">
        {status === "signed-in" ? (
          <Link className={buttonClass("secondary")} to="/apps">
            Go to your apps
          </Link>
        ) : (
          <Link className={buttonClass("primary")} to="/login">
            Back to sign in
          </Link>
        )}
      </p>
    </>
  );
}

/** Where the server sends the browser back from a provider (contract v1.2): signed in (the
 * refresh cookie is set; the page load's refresh restored the session), a second factor still
 * to give (`mfa_token`), or a reason it failed. */
export default function OidcCallbackPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { status } = useSession();
  // After the two-factor step gave up: why (null when the person chose to go back).
  const [restarted, setRestarted] = useState<string | null | undefined>(undefined);
  const error = params.get("error");
  // Read once and then taken out of the address: a token that completes a sign-in must not stay
  // in the history or be copied with the link.
  const [mfaToken] = useState(() => params.get("mfa_token"));
  useEffect(() => {
    if (!params.has("mfa_token")) return;
    setParams(
      (current) => {
        const without = new URLSearchParams(current);
        without.delete("mfa_token");
        return without;
      },
      { replace: true },
    );
  }, [params, setParams]);
  const next = safeNext(params.get("next"));

  if (error !== null) return <Failure text={REASONS[error] ?? UNKNOWN_REASON} />;
  if (mfaToken) {
    if (restarted === null) return <Navigate to="/login" replace />;
    if (restarted !== undefined) return <Failure text={restarted} />;
    return (
      <MfaCodeStep
        mfaToken={mfaToken}
        onRestart={setRestarted}
        onVerified={() => navigate(next, { replace: true })}
      />
    );
  }
  if (status === "loading") return <Spinner />;
  if (status === "signed-in") return <Navigate to={next} replace />;
  if (status === "disabled") return <Navigate to="/account-disabled" replace />;
  return <Failure text="Signing in did not finish: this browser has no session. Sign in again." />;
}
