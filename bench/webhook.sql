-- pgbench: the SQL POST /api/v1/billing/webhook issues for one of bench/webhook.lua's events (a
-- customer.subscription.updated of sub_bench_<u>, customer cus_bench_<u>, for one of the 10,000
-- seeded users), src/billing/service.cpp BillingService::HandleWebhook: after the re-read of the
-- subscription from Stripe, which is not SQL and not in this ceiling, one transaction (a
-- re-delivery this instance saw processed is answered from memory, billing/processed_events.h;
-- the load has none): the event claimed (src/billing/billing_repo.cpp ClaimEvent), the user
-- found by customer with its row held (LockPlanHolderByCustomer; the read also says whether the
-- plan changes, for pgbench's \if), and
-- BillingService::ApplySubscription with the state the fake Stripe answers (bench/nginx.conf.in):
-- the user's subscriptions and the event's one in one read (ReadBeforeWrite), the upsert
-- (UpsertSubscription), and the plan written only when it changes (WriteUserType). The route has
-- no rate limit. Event ids are random, like the load's, distinct.
\set u random(2, 10001)
\set e random(1, 1000000000000000)
BEGIN;
INSERT INTO webhook_events (event_id, type, status, attempts, received_at, processed_at) VALUES ('evt_ceiling_' || :e, 'customer.subscription.updated', 'processed', 1, :now, :now) ON CONFLICT (event_id) DO UPDATE SET status = 'processed', attempts = webhook_events.attempts + 1, processed_at = excluded.processed_at, last_error = NULL WHERE webhook_events.status = 'failed' RETURNING event_id;
SELECT id, user_type, (user_type <> 'pro')::int AS changes FROM users WHERE stripe_customer_id = 'cus_bench_' || :u FOR NO KEY UPDATE \gset
SELECT user_id, stripe_subscription_id, stripe_customer_id, plan_id, price_id, status, current_period_end, cancel_at_period_end, trial_end, canceled_at, stripe_created FROM subscriptions WHERE user_id = :u OR stripe_subscription_id = 'sub_bench_' || :u ORDER BY stripe_created DESC, id DESC;
INSERT INTO subscriptions (user_id, stripe_subscription_id, stripe_customer_id, plan_id, price_id, status, current_period_end, cancel_at_period_end, trial_end, canceled_at, stripe_created, created_at, updated_at) VALUES (:u, 'sub_bench_' || :u, 'cus_bench_' || :u, 'pro_monthly', 'price_bench_pro', 'active', 1900000000, 0, NULL, NULL, 1700000000, :now, :now) ON CONFLICT (stripe_subscription_id) DO UPDATE SET user_id = excluded.user_id, stripe_customer_id = excluded.stripe_customer_id, plan_id = excluded.plan_id, price_id = excluded.price_id, status = excluded.status, current_period_end = excluded.current_period_end, cancel_at_period_end = excluded.cancel_at_period_end, trial_end = excluded.trial_end, canceled_at = excluded.canceled_at, stripe_created = excluded.stripe_created, updated_at = excluded.updated_at;
\if :changes
UPDATE users SET user_type = 'pro', updated_at = :now WHERE id = :u;
\endif
COMMIT;
