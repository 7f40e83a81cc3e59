import { Link } from "react-router-dom";
import { Banner } from "@/components/Banner";
import { PageTitle } from "@/components/PageTitle";

export default function AccountDisabledPage() {
  return (
    <>
      <PageTitle title="Account disabled" />
      <Banner tone="error">
        <p>Your account has been disabled. Contact support.</p>
      </Banner>
      <p className="auth-switch">
        <Link to="/login">Back to sign in</Link>
      </p>
    </>
  );
}
