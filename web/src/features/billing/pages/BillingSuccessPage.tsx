import { useCallback, useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";
import { PageTitle } from "@/components/PageTitle";
import { Spinner } from "@/components/Spinner";
import { queryKeys } from "@/lib/queryKeys";
import { useSession } from "@/lib/session";

const GIVE_UP_AFTER_MS = 60_000;
const MAX_DELAY_MS = 8_000;

type Phase = "polling" | "done" | "timeout";

/**
 * Back from Stripe Checkout: the webhook makes the user pro a moment later, so poll /auth/me
 * with backoff (1 s, 2 s, 4 s, 8 s, 8 s, …) for about a minute.
 */
export default function BillingSuccessPage() {
  const { refreshUser } = useSession();
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<Phase>("polling");
  const [round, setRound] = useState(0);
  const cancelled = useRef(false);

  useEffect(() => {
    cancelled.current = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    let delay = 1_000;
    const check = async () => {
      const user = await refreshUser();
      if (cancelled.current) return;
      if (user?.user_type === "pro") {
        setPhase("done");
        void queryClient.invalidateQueries({ queryKey: queryKeys.subscription });
        return;
      }
      if (Date.now() - started + delay > GIVE_UP_AFTER_MS) {
        setPhase("timeout");
        return;
      }
      timer = setTimeout(() => void check(), delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    };
    void check();
    return () => {
      cancelled.current = true;
      if (timer) clearTimeout(timer);
    };
  }, [round, refreshUser, queryClient]);

  const checkAgain = useCallback(() => {
    setPhase("polling");
    setRound((r) => r + 1);
  }, []);

  return (
    <>
      <PageTitle title="Payment received" />
      {phase === "polling" ? (
        <div className="card">
          <p>Payment received — activating your plan…</p>
          <Spinner label="Activating your plan…" />
        </div>
      ) : phase === "done" ? (
        <Banner tone="success">
          <p>You are now on Pro.</p>
          <p>
            <Link to="/apps">Go to Apps</Link>
          </p>
        </Banner>
      ) : (
        <Banner tone="info">
          <p>Still processing — this can take a minute. We will update your plan as soon as payment is confirmed.</p>
          <p>
            <Button variant="secondary" onClick={checkAgain}>
              Check again
            </Button>
          </p>
        </Banner>
      )}
    </>
  );
}
