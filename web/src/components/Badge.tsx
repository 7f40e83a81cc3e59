import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "accent" | "success" | "warning" | "danger";

/** A small label. `caps` capitalises it on screen only (the text stays as given, e.g. "viewer"). */
export function Badge({ tone = "neutral", children, caps = false }: { tone?: BadgeTone; children: ReactNode; caps?: boolean }) {
  return (
    <span className={`badge badge-${tone}${caps ? " badge-caps" : ""}`}>
      {children}
    </span>
  );
}
