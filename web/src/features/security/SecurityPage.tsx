import { useEffect } from "react";
import { PageTitle } from "@/components/PageTitle";
import { useSession } from "@/lib/session";
import { SessionsSection } from "./components/SessionsSection";
import { SignInMethodsSection } from "./components/SignInMethodsSection";
import { TwoFactorSection } from "./components/TwoFactorSection";

export default function SecurityPage() {
  const { user, refreshUser } = useSession();
  // mfa_enabled and has_password may have changed elsewhere (another tab, an admin reset).
  useEffect(() => {
    void refreshUser();
  }, [refreshUser]);
  if (!user) return null;
  return (
    <>
      <PageTitle title="Security" subtitle="How you sign in, two-factor sign-in and the devices where you are signed in." />
      <SignInMethodsSection user={user} />
      <TwoFactorSection user={user} />
      <SessionsSection />
    </>
  );
}
