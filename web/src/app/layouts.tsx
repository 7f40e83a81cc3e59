import { Suspense, useEffect, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import { Badge } from "@/components/Badge";
import { Button } from "@/components/Button";
import { Spinner } from "@/components/Spinner";
import { signOut, useSession } from "@/lib/session";

// Pages for signed-out people: a disabled session does not move them away (the sign-in form
// says "disabled" itself when they try).
const PUBLIC_PATHS = ["/login", "/register", "/check-email", "/verify-email", "/forgot-password", "/reset-password"];

/** Above every route: a 403 ACCOUNT_DISABLED anywhere (this tab or another) shows /account-disabled. */
export function RootLayout() {
  const { status } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const previous = useRef(status);
  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (status === "disabled" && was !== "disabled" && pathname !== "/account-disabled" && !PUBLIC_PATHS.includes(pathname)) {
      navigate("/account-disabled", { replace: true });
    }
  }, [status, pathname, navigate]);
  return <Outlet />;
}

function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to content
    </a>
  );
}

function Brand({ to }: { to: string }) {
  return (
    <Link to={to} className="brand">
      <span className="brand-mark" aria-hidden="true">
        p
      </span>
      <span className="brand-name">plangate</span>
    </Link>
  );
}

/** The signed-in shell: top bar with the main navigation, the user and "Sign out". */
export function AppShell() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  async function onSignOut() {
    setSigningOut(true);
    await signOut(false);
    navigate("/login", { replace: true });
  }
  const navClass = ({ isActive }: { isActive: boolean }) => (isActive ? "nav-link active" : "nav-link");
  return (
    <div className="shell">
      <SkipLink />
      <header className="topbar">
        <div className="topbar-inner">
          <Brand to="/apps" />
          <nav aria-label="Main" className="main-nav">
            <ul className="nav-links">
              <li>
                <NavLink to="/apps" className={navClass}>
                  Apps
                </NavLink>
              </li>
              <li>
                <NavLink to="/billing" className={navClass}>
                  Billing
                </NavLink>
              </li>
              <li>
                <NavLink to="/account" className={navClass}>
                  Account
                </NavLink>
              </li>
              <li>
                <NavLink to="/security" className={navClass}>
                  Security
                </NavLink>
              </li>
              {user?.is_staff ? (
                <li>
                  <NavLink to="/admin/users" className={navClass}>
                    Admin
                  </NavLink>
                </li>
              ) : null}
            </ul>
            <div className="user-menu">
            {user ? (
              <>
                <span className="user-email" title={user.email}>
                  {user.email}
                </span>
                <Badge tone={user.user_type === "pro" ? "accent" : "neutral"}>
                  <span className="visually-hidden">Plan: </span>
                  {user.user_type === "pro" ? "Pro" : "Basic"}
                </Badge>
              </>
            ) : null}
              <Button variant="secondary" size="sm" busy={signingOut} onClick={() => void onSignOut()}>
                Sign out
              </Button>
            </div>
          </nav>
        </div>
      </header>
      <main id="main" className="container" tabIndex={-1}>
        <Suspense fallback={<Spinner />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

/** Signed-out pages (sign in, register, links from emails): one centred card. */
export function PublicLayout() {
  return (
    <div className="public">
      <SkipLink />
      <header className="public-header">
        <Brand to="/" />
      </header>
      <main id="main" className="public-main" tabIndex={-1}>
        <div className="auth-card">
          <Suspense fallback={<Spinner />}>
            <Outlet />
          </Suspense>
        </div>
      </main>
      <footer className="public-footer">
        <p>plangate — plans, apps and the people who build them.</p>
      </footer>
    </div>
  );
}

/** For pages open to everyone (404): the shell when signed in, else the public card. */
export function AdaptiveLayout() {
  const { status } = useSession();
  if (status === "loading") return <Spinner />;
  return status === "signed-in" ? <AppShell /> : <PublicLayout />;
}
