import { useEffect, useState } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import { isApiError } from "@/api/errors";
import { Banner } from "@/components/Banner";
import { Button, buttonClass } from "@/components/Button";
import { ErrorMessage } from "@/components/ErrorMessage";
import { PageTitle } from "@/components/PageTitle";
import { Spinner } from "@/components/Spinner";
import { TokenLinkPending } from "@/components/TokenLinkPending";
import { noticeState } from "@/lib/notice";
import { authPageFor, forgetReturnPath, rememberReturnPath } from "@/lib/returnPath";
import { signOut, useSession } from "@/lib/session";
import { InvitationSummary } from "../components/InvitationSummary";
import { useAcceptInvitation, useInvitationLookup, type InvitationPreview } from "../hooks";

const TITLE = "Invitation";

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Expired, revoked or used (the server does not say which, nor who sent it). */
function InvalidInvitation({ signedIn }: { signedIn: boolean }) {
  return (
    <>
      <PageTitle title="This invitation is no longer valid" />
      <Banner tone="error">
        <p>The link has expired, was revoked, or has already been used.</p>
      </Banner>
      <p>Ask the person who invited you for a new invitation.</p>
      <p className="auth-switch">
        {signedIn ? <Link to="/apps">Go to your apps</Link> : <Link to="/login">Sign in</Link>}
      </p>
    </>
  );
}

/** Signed out: sign in, or create an account, with the invited address; then back here. */
function SignedOut({ invitation, path }: { invitation: InvitationPreview; path: string }) {
  const target = { path, email: invitation.email };
  useEffect(() => {
    // Survives the registration's email verification, which may open in another tab.
    rememberReturnPath(path, invitation.email);
  }, [path, invitation.email]);
  return (
    <>
      <InvitationSummary invitation={invitation} />
      <p>
        Sign in as <strong>{invitation.email}</strong> to accept. No account with that address yet? Create one: you come back
        here once your address is verified.
      </p>
      <div className="form-actions">
        <Link className={buttonClass("primary")} to={authPageFor("/login", target)}>
          Sign in to accept
        </Link>
        <Link className={buttonClass("secondary")} to={authPageFor("/register", target)}>
          Create an account
        </Link>
      </div>
    </>
  );
}

/** Signed in with another address: the invitation is not theirs to accept as this account. */
function OtherAccount({ invitation, path, myEmail }: { invitation: InvitationPreview; path: string; myEmail: string }) {
  const navigate = useNavigate();
  const [switching, setSwitching] = useState(false);
  useEffect(() => {
    // Reached: a later sign-in with this account must not lead here again (switching keeps it anew).
    forgetReturnPath(path);
  }, [path]);
  async function switchAccount() {
    setSwitching(true);
    rememberReturnPath(path, invitation.email);
    await signOut(false);
    navigate(authPageFor("/login", { path, email: invitation.email }), { replace: true });
  }
  return (
    <>
      <InvitationSummary invitation={invitation} />
      <Banner tone="warning" title="This invitation is for another address">
        <p>
          You are signed in as <strong>{myEmail}</strong>, but the invitation was sent to <strong>{invitation.email}</strong>.
          Sign in as {invitation.email} to accept it.
        </p>
      </Banner>
      <div className="form-actions">
        <Button busy={switching} onClick={() => void switchAccount()}>
          Sign out and switch account
        </Button>
        <Link className={buttonClass("secondary")} to="/apps">
          Go to your apps
        </Link>
      </div>
    </>
  );
}

/** Accepted before, or added by the owner meanwhile: the app opens. */
function AlreadyMember({ invitation }: { invitation: InvitationPreview }) {
  const navigate = useNavigate();
  useEffect(() => {
    navigate(`/apps/${invitation.app_id}`, {
      replace: true,
      state: noticeState(`You are already a member of ${invitation.app_name}.`),
    });
  }, [invitation, navigate]);
  return <Spinner label={`Opening ${invitation.app_name}…`} />;
}

/** Signed in as the invited address: one click to join. */
function ReadyToAccept({ invitation, token, path }: { invitation: InvitationPreview; token: string; path: string }) {
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  useEffect(() => {
    // Back where the sign-in (or the registration) was meant to lead: nothing more to keep.
    forgetReturnPath(path);
  }, [path]);

  if (isApiError(accept.error, "INVALID_TOKEN")) return <InvalidInvitation signedIn />;
  if (isApiError(accept.error, "ALREADY_COLLABORATOR")) return <AlreadyMember invitation={invitation} />;

  function onAccept() {
    accept.mutate(token, {
      onSuccess: (app) =>
        navigate(`/apps/${app.id}`, {
          replace: true,
          state: noticeState(`You joined ${app.name} as ${app.role}.`),
        }),
    });
  }

  return (
    <>
      <InvitationSummary invitation={invitation} />
      <ErrorMessage
        error={accept.error}
        overrides={{
          INVITATION_EMAIL_MISMATCH: `This invitation was sent to ${invitation.email}, which is not the address of the account you are signed in with.`,
        }}
      />
      <div className="form-actions">
        <Button busy={accept.isPending || accept.isSuccess} onClick={onAccept}>
          Accept invitation
        </Button>
        <Link className={buttonClass("secondary")} to="/apps">
          Not now
        </Link>
      </div>
    </>
  );
}

/** /invitations/accept?token=… — the link an invitation email carries, signed in or not. */
export default function AcceptInvitationPage() {
  return (
    <div className="invitation-page">
      <Invitation />
    </div>
  );
}

function Invitation() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const location = useLocation();
  const path = `${location.pathname}${location.search}`;
  const lookup = useInvitationLookup(token);
  const { status, user } = useSession();

  if (!token || isApiError(lookup.error, "INVALID_TOKEN")) return <InvalidInvitation signedIn={status === "signed-in"} />;
  if (lookup.isPending || lookup.isError || status === "loading") {
    return (
      <TokenLinkPending
        title={TITLE}
        pendingTitle="Opening your invitation"
        error={lookup.error}
        onRetry={() => void lookup.refetch()}
      />
    );
  }
  const invitation = lookup.data;
  if (status !== "signed-in" || !user) return <SignedOut invitation={invitation} path={path} />;
  if (!sameAddress(user.email, invitation.email)) {
    return <OtherAccount invitation={invitation} path={path} myEmail={user.email} />;
  }
  return <ReadyToAccept invitation={invitation} token={token} path={path} />;
}
