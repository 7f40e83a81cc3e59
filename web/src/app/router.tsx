import { lazy } from "react";
import { createBrowserRouter, Navigate } from "react-router-dom";
import { HomeRedirect, RedirectIfSignedIn, RequireAuth, RequireStaff } from "./guards";
import { AdaptiveLayout, AppShell, PublicLayout, RootLayout } from "./layouts";
import { NotFoundPage } from "./NotFoundPage";

// Every page is its own chunk; the first page loads only what it needs.
const LoginPage = lazy(() => import("@/features/auth/pages/LoginPage"));
const RegisterPage = lazy(() => import("@/features/auth/pages/RegisterPage"));
const CheckEmailPage = lazy(() => import("@/features/auth/pages/CheckEmailPage"));
const VerifyEmailPage = lazy(() => import("@/features/auth/pages/VerifyEmailPage"));
const ForgotPasswordPage = lazy(() => import("@/features/auth/pages/ForgotPasswordPage"));
const ResetPasswordPage = lazy(() => import("@/features/auth/pages/ResetPasswordPage"));
const OidcCallbackPage = lazy(() => import("@/features/auth/pages/OidcCallbackPage"));
const AccountDisabledPage = lazy(() => import("@/features/auth/pages/AccountDisabledPage"));
const AppsPage = lazy(() => import("@/features/apps/pages/AppsPage"));
const AppDetailRoute = lazy(() => import("./AppDetailRoute"));
const BillingPage = lazy(() => import("@/features/billing/pages/BillingPage"));
const BillingSuccessPage = lazy(() => import("@/features/billing/pages/BillingSuccessPage"));
const BillingCancelPage = lazy(() => import("@/features/billing/pages/BillingCancelPage"));
const AccountPage = lazy(() => import("@/features/account/AccountPage"));
const ConfirmEmailChangePage = lazy(() => import("@/features/account/pages/ConfirmEmailChangePage"));
const SecurityPage = lazy(() => import("@/features/security/SecurityPage"));
const AdminUsersPage = lazy(() => import("@/features/admin/pages/AdminUsersPage"));
const AdminUserDetailPage = lazy(() => import("@/features/admin/pages/AdminUserDetailPage"));
const AcceptInvitationPage = lazy(() => import("@/features/invitations/pages/AcceptInvitationPage"));

export const router = createBrowserRouter([
  {
    element: <RootLayout />,
    children: [
      { path: "/", element: <HomeRedirect /> },
      {
        element: <PublicLayout />,
        children: [
          { path: "/login", element: <RedirectIfSignedIn><LoginPage /></RedirectIfSignedIn> },
          { path: "/register", element: <RedirectIfSignedIn><RegisterPage /></RedirectIfSignedIn> },
          { path: "/check-email", element: <CheckEmailPage /> },
          { path: "/verify-email", element: <VerifyEmailPage /> },
          { path: "/forgot-password", element: <ForgotPasswordPage /> },
          { path: "/reset-password", element: <ResetPasswordPage /> },
          { path: "/account-disabled", element: <AccountDisabledPage /> },
          { path: "/auth/callback", element: <OidcCallbackPage /> },
          { path: "/confirm-email-change", element: <ConfirmEmailChangePage /> },
        ],
      },
      {
        element: (
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        ),
        children: [
          { path: "/apps", element: <AppsPage /> },
          { path: "/apps/:id", element: <AppDetailRoute /> },
          { path: "/billing", element: <BillingPage /> },
          { path: "/billing/success", element: <BillingSuccessPage /> },
          { path: "/billing/cancel", element: <BillingCancelPage /> },
          { path: "/account", element: <AccountPage /> },
          { path: "/security", element: <SecurityPage /> },
          { path: "/admin", element: <Navigate to="/admin/users" replace /> },
          { path: "/admin/users", element: <RequireStaff><AdminUsersPage /></RequireStaff> },
          { path: "/admin/users/:id", element: <RequireStaff><AdminUserDetailPage /></RequireStaff> },
        ],
      },
      {
        // Open to everyone: an invitation's link works signed in (the shell) or not (the card).
        element: <AdaptiveLayout />,
        children: [
          { path: "/invitations/accept", element: <AcceptInvitationPage /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
