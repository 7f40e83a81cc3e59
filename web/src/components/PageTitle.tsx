import type { ReactNode } from "react";
import { useDocumentTitle } from "@/lib/hooks";

/** The page's one <h1>, which also sets the document title. */
export function PageTitle({ title, children, subtitle }: { title: string; subtitle?: ReactNode; children?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {children ? <div className="page-actions">{children}</div> : null}
    </div>
  );
}
