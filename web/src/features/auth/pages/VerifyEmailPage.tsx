import { useEffect } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { isApiError } from "@/api/errors";
import { Banner } from "@/components/Banner";
import { PageTitle } from "@/components/PageTitle";
import { TokenLinkPending } from "@/components/TokenLinkPending";
import { authPageFor, peekReturnPath } from "@/lib/returnPath";
import { useSession } from "@/lib/session";
import { usePostTokenOnce } from "@/lib/tokenLink";
import { ResendVerification } from "../components/ResendVerification";
import { useVerifyEmail } from "../hooks";

export default function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const verify = useVerifyEmail();
  const { status, refreshUser } = useSession();
  const { mutate } = verify;
  usePostTokenOnce(token, mutate);

  useEffect(() => {
    if (verify.isSuccess && status === "signed-in") void refreshUser();
  }, [verify.isSuccess, status, refreshUser]);

  if (verify.isSuccess) {
    // A page kept for after sign-in (an invitation opened before registering) comes next.
    const kept = peekReturnPath();
    const signedIn = status === "signed-in";
    const next = signedIn
      ? { to: kept?.path ?? "/apps", label: kept ? "Continue" : "Go to Apps" }
      : { to: authPageFor("/login", kept), label: kept ? "Sign in to continue" : "Sign in" };
    return (
      <>
        <PageTitle title="Your email is verified" />
        <Banner tone="success">
          <p>Thanks for confirming your address. Your account is ready.</p>
          {kept && !signedIn ? <p>Sign in and you will be taken back to where you left off.</p> : null}
        </Banner>
        <p>
          <Link className="btn btn-primary" to={next.to}>
            {next.label}
          </Link>
        </p>
      </>
    );
  }

  if (!token || isApiError(verify.error, "INVALID_TOKEN")) {
    return (
      <>
        <PageTitle title="Verify your email" />
        <Banner tone="error">
          <p>This link is invalid or has expired.</p>
        </Banner>
        <p>Enter your email address and we will send you a new link.</p>
        <ResendVerification />
        <p className="auth-switch">
          <Link to="/login">Back to sign in</Link>
        </p>
      </>
    );
  }

  return (
    <TokenLinkPending
      title="Verify your email"
      pendingTitle="Verifying your email"
      error={verify.error}
      onRetry={() => mutate({ token })}
    />
  );
}
