import { useEffect } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { isApiError } from "@/api/errors";
import { Banner } from "@/components/Banner";
import { PageTitle } from "@/components/PageTitle";
import { TokenLinkPending } from "@/components/TokenLinkPending";
import { useSession } from "@/lib/session";
import { usePostTokenOnce } from "@/lib/tokenLink";
import { useConfirmEmailChange } from "../hooks";

export default function ConfirmEmailChangePage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const confirm = useConfirmEmailChange();
  const { status, refreshUser } = useSession();
  const { mutate } = confirm;
  usePostTokenOnce(token, mutate);

  useEffect(() => {
    if (confirm.isSuccess && status === "signed-in") void refreshUser();
  }, [confirm.isSuccess, status, refreshUser]);

  const next = status === "signed-in" ? { to: "/account", label: "Go to Account" } : { to: "/login", label: "Sign in" };

  if (confirm.isSuccess) {
    return (
      <>
        <PageTitle title="Your email address is changed" />
        <Banner tone="success">
          <p>
            You now sign in with <strong>{confirm.data.email}</strong>. Other devices were signed out.
          </p>
        </Banner>
        <p>
          <Link className="btn btn-primary" to={next.to}>
            {next.label}
          </Link>
        </p>
      </>
    );
  }

  if (!token || isApiError(confirm.error, "INVALID_TOKEN") || isApiError(confirm.error, "EMAIL_TAKEN")) {
    const taken = isApiError(confirm.error, "EMAIL_TAKEN");
    return (
      <>
        <PageTitle title="Change your email address" />
        <Banner tone="error">
          <p>
            {taken
              ? "That address now belongs to another account, so your address was not changed."
              : "This link is invalid or has expired. Ask for a new one from your Account page."}
          </p>
        </Banner>
        <p className="auth-switch">
          <Link to={next.to}>{next.label}</Link>
        </p>
      </>
    );
  }

  return (
    <TokenLinkPending
      title="Change your email address"
      pendingTitle="Changing your email address"
      error={confirm.error}
      onRetry={() => mutate({ token })}
    />
  );
}
