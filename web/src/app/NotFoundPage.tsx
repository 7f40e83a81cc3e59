import { Link } from "react-router-dom";
import { PageTitle } from "@/components/PageTitle";
import { useSession } from "@/lib/session";

export function NotFoundPage() {
  const { status } = useSession();
  return (
    <div className="not-found">
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <PageTitle title="Page not found" />
      <p>The page you are looking for does not exist or has moved.</p>
      <p>
        {status === "signed-in" ? (
          <Link className="btn btn-primary" to="/apps">
            Go to Apps
          </Link>
        ) : (
          <Link className="btn btn-primary" to="/login">
            Go to sign in
          </Link>
        )}
      </p>
    </div>
  );
}
