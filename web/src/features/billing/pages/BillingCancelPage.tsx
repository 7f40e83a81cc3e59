import { Link } from "react-router-dom";
import { PageTitle } from "@/components/PageTitle";

export default function BillingCancelPage() {
  return (
    <>
      <PageTitle title="Checkout canceled" />
      <div className="card">
        <p>Checkout canceled. Nothing was charged.</p>
        <p>
          <Link to="/billing">Back to billing</Link>
        </p>
      </div>
    </>
  );
}
