import type { ReactNode } from "react";
import { Navigate, useLocation, useSearchParams } from "react-router-dom";
import { Spinner } from "@/components/Spinner";
import { safeNext } from "@/lib/navigation";
import { peekReturnPath } from "@/lib/returnPath";
import { useSession } from "@/lib/session";
import { NotFoundPage } from "./NotFoundPage";

function FullPageSpinner() {
  return (
    <div className="page-loading">
      <Spinner />
    </div>
  );
}

/** Signed-in routes: signed-out visitors go to /login?next=<where they were going>. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, reason } = useSession();
  const location = useLocation();
  if (status === "loading") return <FullPageSpinner />;
  if (status === "disabled") return <Navigate to="/account-disabled" replace />;
  if (status === "signed-out") {
    if (reason === "logout" || reason === "deleted") return <Navigate to="/login" replace />;
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

/** Staff-only routes: anyone else sees "not found". */
export function RequireStaff({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (!user?.is_staff) return <NotFoundPage />;
  return <>{children}</>;
}

/** /login and /register: a signed-in visitor goes on to ?next=, else to a page kept for after
 * sign-in (an invitation, across the email verification round trip), else /apps. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const [params] = useSearchParams();
  if (status === "loading") return <FullPageSpinner />;
  if (status === "signed-in") return <Navigate to={safeNext(params.get("next") ?? peekReturnPath()?.path)} replace />;
  return <>{children}</>;
}

/** "/": the apps when signed in, else the sign-in page. */
export function HomeRedirect() {
  const { status } = useSession();
  if (status === "loading") return <FullPageSpinner />;
  return <Navigate to={status === "signed-in" ? "/apps" : "/login"} replace />;
}
