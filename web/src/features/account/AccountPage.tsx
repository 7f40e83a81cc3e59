import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { formErrors } from "@/api/errors";
import { Badge } from "@/components/Badge";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { CurrentPasswordField, NewPasswordField } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { formatDate, yesNo } from "@/lib/format";
import { signOut, useSession } from "@/lib/session";
import { ChangeEmailForm } from "./components/ChangeEmailForm";
import { DataExportSection } from "./components/DataExportSection";
import { DeleteAccountSection } from "./components/DeleteAccountSection";
import { useChangePassword } from "./hooks";

function ChangePasswordForm() {
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const { fields, message } = formErrors(change.error, ["current_password", "new_password"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
        },
      },
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="change-password-title">
      <h2 id="change-password-title">Change password</h2>
      {change.isSuccess ? (
        <Banner tone="success">
          <p>Password changed. Your other sessions were signed out.</p>
        </Banner>
      ) : null}
      <FormError message={message} />
      <CurrentPasswordField label="Current password" name="current_password" value={current} onValue={setCurrent} errors={fields.current_password ? ["Your current password is wrong."] : undefined} />
      <NewPasswordField
        label="New password"
        name="new_password"
        value={next}
        onValue={setNext}
        errors={fields.new_password}
      />
      <div className="form-actions">
        <Button type="submit" busy={change.isPending}>
          Change password
        </Button>
      </div>
    </form>
  );
}

/** An account made through a provider has no password until "Forgot password" sets one; what
 * asks for the password (changing it, changing the email) waits until then. */
function NoPasswordHint({ title, text }: { title: string; text: string }) {
  return (
    <div>
      <h2>{title}</h2>
      <p className="muted">
        {text} To set a password, use <Link to="/forgot-password">Forgot password</Link>; it mails you a link.
      </p>
    </div>
  );
}

function SignOutButtons() {
  const navigate = useNavigate();
  const [busy, setBusy] = useState<"one" | "all" | null>(null);
  async function run(everywhere: boolean) {
    setBusy(everywhere ? "all" : "one");
    await signOut(everywhere);
    navigate("/login", { replace: true });
  }
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <p className="muted">Sign out here, or on every device and browser where you are signed in.</p>
      <div className="form-actions">
        <Button variant="secondary" busy={busy === "one"} disabled={busy !== null} onClick={() => void run(false)}>
          Sign out
        </Button>
        <Button variant="danger" busy={busy === "all"} disabled={busy !== null} onClick={() => void run(true)}>
          Sign out everywhere
        </Button>
      </div>
    </section>
  );
}

export default function AccountPage() {
  const { user, refreshUser } = useSession();
  useEffect(() => {
    void refreshUser();
  }, [refreshUser]);
  if (!user) return null;
  return (
    <>
      <PageTitle title="Account" />
      <div className="grid-2">
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <dl className="details">
            <div>
              <dt>Email</dt>
              <dd>{user.email}</dd>
            </div>
            <div>
              <dt>Plan</dt>
              <dd>
                <Badge tone={user.user_type === "pro" ? "accent" : "neutral"}>
                  {user.user_type === "pro" ? "Pro" : "Basic"}
                </Badge>
              </dd>
            </div>
            <div>
              <dt>Verified</dt>
              <dd>{yesNo(user.is_verified)}</dd>
            </div>
            <div>
              <dt>Joined</dt>
              <dd>{formatDate(user.date_joined)}</dd>
            </div>
            <div>
              <dt>Apps</dt>
              <dd>
                {user.app_count} of {user.app_limit} apps
              </dd>
            </div>
          </dl>
        </section>
        <section className="card">
          {user.has_password ? (
            <ChangePasswordForm />
          ) : (
            <NoPasswordHint title="Password" text="Your account has no password: you sign in with a provider." />
          )}
        </section>
      </div>
      <div className="grid-2">
        <section className="card">
          {user.has_password ? (
            <ChangeEmailForm />
          ) : (
            <NoPasswordHint title="Change email" text="Changing your email asks for your password." />
          )}
        </section>
        <DataExportSection />
      </div>
      <SignOutButtons />
      <DeleteAccountSection email={user.email} mfaEnabled={user.mfa_enabled} hasPassword={user.has_password} />
    </>
  );
}
