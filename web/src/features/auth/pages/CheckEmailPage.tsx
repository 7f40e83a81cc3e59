import { Link, useSearchParams } from "react-router-dom";
import { PageTitle } from "@/components/PageTitle";
import { ResendVerification } from "../components/ResendVerification";

export default function CheckEmailPage() {
  const [params] = useSearchParams();
  const email = params.get("email")?.trim() || null;
  return (
    <>
      <PageTitle title="Check your inbox" />
      <p>
        {email ? (
          <>
            We sent a verification link to <strong>{email}</strong>.
          </>
        ) : (
          <>We sent you a verification link.</>
        )}{" "}
        Open it to activate your account, then sign in.
      </p>
      <p className="muted">No email after a few minutes? Check your spam folder, or send it again.</p>
      <ResendVerification email={email} />
      <p className="auth-switch">
        <Link to="/login">Back to sign in</Link>
      </p>
    </>
  );
}
