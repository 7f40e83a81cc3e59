-- pgbench: the SQL POST /api/v1/billing/webhook issues for one of bench/webhook.lua's events (a
-- customer.subscription.updated of sub_bench_<u>, customer cus_bench_<u>, for one of the 10,000
-- seeded users), src/billing/service.cpp BillingService::HandleWebhook: the event looked up
-- outside any transaction (src/billing/billing_repo.cpp EventProcessed); then, after the re-read
-- of the subscription from Stripe, which is not SQL and not in this ceiling, one transaction: the
-- event claimed (billing_repo.cpp ClaimEvent), the user found by customer (UserByCustomer), and
-- BillingService::ApplySubscription with the state the fake Stripe answers (bench/nginx.conf.in):
-- the stored subscription (FindSubscription), the upsert (UpsertSubscription), the user's
-- subscriptions (SubscriptionsOf) and the plan's user type (SetUserType: read, then written only
-- when it changes; the read also says whether it does, for pgbench's \if). The route has no rate
-- limit. Event ids are random, like the load's, distinct.
\set u random(2, 10001)
\set e random(1, 1000000000000000)
SELECT COUNT(*) FROM webhook_events WHERE event_id = 'evt_ceiling_' || :e AND status = 'processed';
BEGIN;
INSERT INTO webhook_events (event_id, type, status, attempts, received_at, processed_at) VALUES ('evt_ceiling_' || :e, 'customer.subscription.updated', 'processed', 1, :now, :now) ON CONFLICT (event_id) DO UPDATE SET status = 'processed', attempts = webhook_events.attempts + 1, processed_at = excluded.processed_at, last_error = NULL WHERE webhook_events.status = 'failed' RETURNING event_id;
SELECT id FROM users WHERE stripe_customer_id = 'cus_bench_' || :u;
SELECT user_id, stripe_subscription_id, stripe_customer_id, plan_id, price_id, status, current_period_end, cancel_at_period_end, trial_end, canceled_at, stripe_created FROM subscriptions WHERE stripe_subscription_id = 'sub_bench_' || :u;
INSERT INTO subscriptions (user_id, stripe_subscription_id, stripe_customer_id, plan_id, price_id, status, current_period_end, cancel_at_period_end, trial_end, canceled_at, stripe_created, created_at, updated_at) VALUES (:u, 'sub_bench_' || :u, 'cus_bench_' || :u, 'pro_monthly', 'price_bench_pro', 'active', 1900000000, 0, NULL, NULL, 1700000000, :now, :now) ON CONFLICT (stripe_subscription_id) DO UPDATE SET user_id = excluded.user_id, stripe_customer_id = excluded.stripe_customer_id, plan_id = excluded.plan_id, price_id = excluded.price_id, status = excluded.status, current_period_end = excluded.current_period_end, cancel_at_period_end = excluded.cancel_at_period_end, trial_end = excluded.trial_end, canceled_at = excluded.canceled_at, stripe_created = excluded.stripe_created, updated_at = excluded.updated_at;
SELECT user_id, stripe_subscription_id, stripe_customer_id, plan_id, price_id, status, current_period_end, cancel_at_period_end, trial_end, canceled_at, stripe_created FROM subscriptions WHERE user_id = :u ORDER BY stripe_created DESC, id DESC;
SELECT user_type, (user_type <> 'pro')::int AS changes FROM users WHERE id = :u \gset
\if :changes
UPDATE users SET user_type = 'pro', updated_at = :now WHERE id = :u;
\endif
COMMIT;
