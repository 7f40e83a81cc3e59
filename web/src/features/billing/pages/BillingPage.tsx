import { Banner } from "@/components/Banner";
import { Badge } from "@/components/Badge";
import { Button } from "@/components/Button";
import { ErrorMessage } from "@/components/ErrorMessage";
import { PageTitle } from "@/components/PageTitle";
import { Spinner } from "@/components/Spinner";
import { isApiError } from "@/api/errors";
import { formatDate } from "@/lib/format";
import { isPaid, LIVE_STATUSES, planName, userTypeName } from "../format";
import { useCheckout, usePlans, usePortal, useSubscription, type Subscription } from "../hooks";

const STATUS_TEXT: Record<Subscription["status"], string> = {
  incomplete: "Incomplete",
  incomplete_expired: "Expired",
  trialing: "Trial",
  active: "Active",
  past_due: "Past due",
  canceled: "Canceled",
  unpaid: "Unpaid",
  paused: "Paused",
};

function SubscriptionDetails({ subscription }: { subscription: Subscription }) {
  const tone = subscription.status === "active" || subscription.status === "trialing" ? "success" : subscription.status === "past_due" ? "danger" : "neutral";
  return (
    <dl className="details">
      <div>
        <dt>Subscription</dt>
        <dd>
          {subscription.plan_id ? planName(subscription.plan_id) : "—"}{" "}
          <Badge tone={tone}>{STATUS_TEXT[subscription.status]}</Badge>
        </dd>
      </div>
      {subscription.status === "trialing" && subscription.trial_end ? (
        <div>
          <dt>Trial</dt>
          <dd>Trial ends on {formatDate(subscription.trial_end)}</dd>
        </div>
      ) : null}
      {LIVE_STATUSES.has(subscription.status) && subscription.current_period_end ? (
        <div>
          <dt>{subscription.cancel_at_period_end ? "Ends" : "Renewal"}</dt>
          <dd>
            {subscription.cancel_at_period_end
              ? `Cancels on ${formatDate(subscription.current_period_end)}`
              : `Renews on ${formatDate(subscription.current_period_end)}`}
          </dd>
        </div>
      ) : null}
      {subscription.status === "canceled" && subscription.canceled_at ? (
        <div>
          <dt>Canceled</dt>
          <dd>Canceled on {formatDate(subscription.canceled_at)}</dd>
        </div>
      ) : null}
    </dl>
  );
}

export default function BillingPage() {
  const plans = usePlans();
  const subscription = useSubscription();
  const checkout = useCheckout();
  const portal = usePortal();

  const userType = subscription.data?.user_type;
  const sub = subscription.data?.subscription ?? null;
  const livePlan = sub && LIVE_STATUSES.has(sub.status) ? sub.plan_id : null;
  const actionError = checkout.error ?? portal.error;
  // A server with no paid plan (no STRIPE_PRICE_IDS) has nothing to sell: say so before anyone
  // clicks, as the 503 BILLING_NOT_CONFIGURED of a server without a Stripe key does after.
  const noPaidPlan = plans.data !== undefined && plans.data.results.every((plan) => plan.price_id === null);
  const notConfigured =
    noPaidPlan ||
    isApiError(actionError, "BILLING_NOT_CONFIGURED") ||
    isApiError(plans.error, "BILLING_NOT_CONFIGURED");

  // Exactly one "Manage billing" button at a time: next to the problem it solves, else in the card.
  const alreadySubscribed = isApiError(actionError, "ALREADY_SUBSCRIBED");
  const pastDue = sub?.status === "past_due";
  const manageButton = (
    <Button variant="secondary" busy={portal.isPending} onClick={() => portal.mutate()}>
      Manage billing
    </Button>
  );

  return (
    <>
      <PageTitle title="Billing" subtitle="Your plan, your subscription and the plans on offer." />

      {notConfigured ? (
        <Banner tone="info">
          <p>Billing is not available on this server.</p>
        </Banner>
      ) : actionError ? (
        <ErrorMessage error={actionError}>
          {alreadySubscribed ? <p>{manageButton}</p> : null}
        </ErrorMessage>
      ) : null}

      {pastDue ? (
        <Banner tone="warning">
          <p>Payment past due — update your payment method</p>
          {alreadySubscribed ? null : <p>{manageButton}</p>}
        </Banner>
      ) : null}

      <section className="card" aria-labelledby="current-plan-title">
        <h2 id="current-plan-title">Current plan</h2>
        {subscription.isPending ? (
          <Spinner label="Loading your subscription…" />
        ) : subscription.isError ? (
          <ErrorMessage error={subscription.error} />
        ) : (
          <>
            <p className="current-plan">
              You are on <strong>{userTypeName(userType ?? "basic")}</strong>.
            </p>
            {sub ? <SubscriptionDetails subscription={sub} /> : <p className="muted">No subscription.</p>}
            {alreadySubscribed || pastDue || noPaidPlan ? null : <div className="form-actions">{manageButton}</div>}
          </>
        )}
      </section>

      <section aria-labelledby="plans-title">
        <h2 id="plans-title">Plans</h2>
        {plans.isPending ? (
          <Spinner label="Loading plans…" />
        ) : plans.isError ? (
          notConfigured ? null : <ErrorMessage error={plans.error} />
        ) : (
          <ul className="plan-grid">
            {plans.data.results.map((plan) => {
              const paid = isPaid(plan);
              const current = paid ? livePlan === plan.plan_id : userType === "basic";
              return (
                <li key={plan.plan_id} className={current ? "card plan-card plan-current" : "card plan-card"}>
                  <div className="plan-head">
                    <h3>{planName(plan.plan_id)}</h3>
                    {current ? <Badge tone="accent">Current plan</Badge> : null}
                  </div>
                  <p className="plan-price">{paid ? "Paid" : "Free"}</p>
                  <p className="plan-meta">
                    <code>{plan.plan_id}</code>
                  </p>
                  <ul className="plan-features">
                    <li>Up to {plan.app_limit} apps</li>
                    <li>Share apps with editors and viewers</li>
                    {paid ? <li>Billed through Stripe, cancel any time</li> : <li>No credit card needed</li>}
                  </ul>
                  {paid && !current ? (
                    <Button
                      aria-label={`Upgrade to ${plan.plan_id}`}
                      busy={checkout.isPending && checkout.variables === plan.plan_id}
                      disabled={checkout.isPending}
                      onClick={() => checkout.mutate(plan.plan_id)}
                      className="btn-block"
                    >
                      Upgrade
                    </Button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}
