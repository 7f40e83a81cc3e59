import { useState, type FormEvent, type ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { formErrors, isApiError } from "@/api/errors";
import { Badge } from "@/components/Badge";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { ConfirmDialog } from "@/components/Dialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { Spinner } from "@/components/Spinner";
import { formatDate, formatDateTime, yesNo } from "@/lib/format";
import { positiveInt } from "@/lib/navigation";
import { useAdminUser, useCancelSubscription, useUpdateAdminUser, type AdminUserDetail } from "../hooks";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function DisableToggle({ user }: { user: AdminUserDetail }) {
  const update = useUpdateAdminUser(user.id);
  const disabled = user.is_disabled_by_admin;
  return (
    <div className="stack">
      <p>
        {disabled
          ? "This account is disabled: the user cannot sign in or use the API."
          : "Disabling signs the user out everywhere and blocks every call at once."}
      </p>
      <FormError message={update.error ? formErrors(update.error, []).message : null} />
      <div>
        <Button
          variant={disabled ? "primary" : "danger"}
          busy={update.isPending}
          onClick={() => update.mutate({ is_disabled_by_admin: !disabled })}
        >
          {disabled ? "Enable" : "Disable"}
        </Button>
      </div>
    </div>
  );
}

function AppLimitOverride({ user }: { user: AdminUserDetail }) {
  const update = useUpdateAdminUser(user.id);
  const [value, setValue] = useState(user.app_limit_override === null ? "" : String(user.app_limit_override));
  const [invalid, setInvalid] = useState(false);
  const { fields, message } = formErrors(update.error, ["app_limit_override"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = value.trim();
    if (text !== "" && !/^\d+$/.test(text)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    update.mutate({ app_limit_override: text === "" ? null : Number(text) });
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <h3>Plan limit</h3>
      <FormError message={message} />
      {update.isSuccess ? (
        <p className="note-success" role="status">
          Saved. The limit is now {update.data.app_limit} apps.
        </p>
      ) : null}
      <Field
        label="App limit override"
        type="number"
        inputMode="numeric"
        min={0}
        max={2147483647}
        step={1}
        name="app_limit_override"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        errors={invalid ? ["Enter a whole number of 0 or more, or leave it empty."] : fields.app_limit_override}
        hint="Leave empty to use the plan's limit."
      />
      <div className="form-actions">
        <Button type="submit" variant="secondary" busy={update.isPending}>
          Save override
        </Button>
      </div>
    </form>
  );
}

function SubscriptionBlock({ user }: { user: AdminUserDetail }) {
  const cancel = useCancelSubscription(user.id);
  const [confirm, setConfirm] = useState<"period_end" | "now" | null>(null);
  const sub = user.subscription;
  return (
    <section className="card" aria-labelledby="subscription-title">
      <h2 id="subscription-title">Subscription</h2>
      {sub ? (
        <dl className="details">
          <Row label="Plan">{sub.plan_id ?? "—"}</Row>
          <Row label="Status">{sub.status}</Row>
          <Row label="Current period ends">{formatDate(sub.current_period_end)}</Row>
          <Row label="Cancels at period end">{yesNo(sub.cancel_at_period_end)}</Row>
          <Row label="Trial ends">{formatDate(sub.trial_end)}</Row>
          <Row label="Canceled at">{formatDateTime(sub.canceled_at)}</Row>
        </dl>
      ) : (
        <p className="muted">No subscription.</p>
      )}
      {cancel.isSuccess ? (
        <Banner tone="success">
          <p>
            {cancel.variables
              ? "Stripe was asked to cancel the subscription now."
              : "Stripe was asked to cancel the subscription at the end of the period."}
          </p>
        </Banner>
      ) : null}
      {cancel.isError && confirm === null ? (
        <ErrorMessage error={cancel.error} overrides={{ NOT_FOUND: "This user has no live subscription to cancel." }} />
      ) : null}
      {sub ? (
        <div className="form-actions">
          <Button variant="secondary" onClick={() => setConfirm("period_end")}>
            Cancel subscription at period end
          </Button>
          <Button variant="danger" onClick={() => setConfirm("now")}>
            Cancel subscription now
          </Button>
        </div>
      ) : null}
      {confirm ? (
        <ConfirmDialog
          title={confirm === "now" ? "Cancel the subscription now?" : "Cancel at the end of the period?"}
          message={
            <p>
              {confirm === "now"
                ? `${user.email}'s subscription ends immediately; they drop to the free plan once Stripe confirms.`
                : `${user.email} keeps their plan until ${formatDate(sub?.current_period_end)}, then the subscription ends.`}
            </p>
          }
          confirmLabel={confirm === "now" ? "Cancel now" : "Cancel at period end"}
          cancelLabel="Keep subscription"
          busy={cancel.isPending}
          error={cancel.error}
          errorOverrides={{ NOT_FOUND: "This user has no live subscription to cancel." }}
          onClose={() => {
            setConfirm(null);
            cancel.reset();
          }}
          onConfirm={() => cancel.mutate(confirm === "now", { onSuccess: () => setConfirm(null) })}
        />
      ) : null}
    </section>
  );
}

export default function AdminUserDetailPage() {
  const params = useParams();
  const id = positiveInt(params.id ?? null, 0);
  const query = useAdminUser(id);

  if (id === 0 || isApiError(query.error, "NOT_FOUND")) {
    return (
      <>
        <PageTitle title="User not found" />
        <Banner tone="error">
          <p>There is no user with this id.</p>
        </Banner>
        <p>
          <Link to="/admin/users">Back to users</Link>
        </p>
      </>
    );
  }
  if (query.isPending) return <Spinner label="Loading user…" />;
  if (query.isError) return <ErrorMessage error={query.error} />;

  const user = query.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/users">← Users</Link>
      </p>
      <PageTitle
        title={user.email}
        subtitle={
          <>
            <Badge tone={user.user_type === "pro" ? "accent" : "neutral"}>{user.user_type}</Badge>{" "}
            {user.is_staff ? <Badge tone="accent">staff</Badge> : null}{" "}
            {user.is_disabled_by_admin ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}
          </>
        }
      />
      <div className="grid-2">
        <section className="card" aria-labelledby="user-title">
          <h2 id="user-title">Account</h2>
          <dl className="details">
            <Row label="Email">{user.email}</Row>
            <Row label="Plan">{user.user_type}</Row>
            <Row label="Verified">{yesNo(user.is_verified)}</Row>
            <Row label="Staff">{yesNo(user.is_staff)}</Row>
            <Row label="Disabled">{yesNo(user.is_disabled_by_admin)}</Row>
            <Row label="Joined">{formatDateTime(user.date_joined)}</Row>
            <Row label="Last sign-in">{formatDateTime(user.last_login, "Never")}</Row>
            <Row label="Apps">
              {user.app_count} of {user.app_limit} apps
            </Row>
            <Row label="App limit override">{user.app_limit_override ?? "None (plan limit)"}</Row>
            <Row label="Collaborations">{user.collaboration_count}</Row>
            <Row label="Stripe customer">{user.stripe_customer_id ? <code>{user.stripe_customer_id}</code> : "—"}</Row>
          </dl>
        </section>
        <section className="card" aria-labelledby="controls-title">
          <h2 id="controls-title">Controls</h2>
          <DisableToggle user={user} />
          <hr />
          <AppLimitOverride key={user.id} user={user} />
        </section>
      </div>
      <SubscriptionBlock user={user} />
    </>
  );
}
