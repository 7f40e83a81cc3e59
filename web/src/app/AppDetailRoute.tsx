import { lazy, Suspense } from "react";
import { Spinner } from "@/components/Spinner";
import AppDetailPage from "@/features/apps/pages/AppDetailPage";

const CollaboratorsSection = lazy(() =>
  import("@/features/collaborators/CollaboratorsSection").then((m) => ({ default: m.CollaboratorsSection })),
);

/** /apps/:id — the apps feature's page with the collaborators feature composed into its slot. */
export default function AppDetailRoute() {
  return (
    <AppDetailPage
      collaboratorsSlot={(app) => (
        <Suspense fallback={<Spinner label="Loading collaborators…" />}>
          <CollaboratorsSection appId={app.id} myRole={app.role} />
        </Suspense>
      )}
    />
  );
}
