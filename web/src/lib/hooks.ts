import { useEffect } from "react";

/** Sets the page's <title> ("Apps · plangate"). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · plangate` : "plangate";
  }, [title]);
}
