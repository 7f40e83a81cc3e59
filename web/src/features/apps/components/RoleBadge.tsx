import { Badge } from "@/components/Badge";
import type { AppRole } from "../hooks";

const TONES = { owner: "accent", editor: "success", viewer: "neutral" } as const;

export function RoleBadge({ role }: { role: AppRole }) {
  return <Badge tone={TONES[role]} caps>
      {role}
    </Badge>;
}
