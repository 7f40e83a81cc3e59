import { useState } from "react";
import { Badge } from "@/components/Badge";
import { Button } from "@/components/Button";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Spinner } from "@/components/Spinner";
import { formatDateTime } from "@/lib/format";
import type { Schemas } from "@/api/client";
import { useRevokeSession, useSessions } from "../hooks";

type Session = Schemas["Session"];

function SessionRow({ session }: { session: Session }) {
  const revoke = useRevokeSession();
  const [revokedId, setRevokedId] = useState<number | null>(null);
  const device = session.user_agent || "Unknown browser";
  return (
    <li className="card session-card">
      <div className="session-main">
        <p className="session-device">
          {device} {session.current ? <Badge tone="success">This device</Badge> : null}
        </p>
        <dl className="details">
          <div>
            <dt>Signed in</dt>
            <dd>{formatDateTime(session.created_at)}</dd>
          </div>
          <div>
            <dt>Last used</dt>
            <dd>{formatDateTime(session.last_used_at)}</dd>
          </div>
          <div>
            <dt>IP address</dt>
            <dd>{session.ip ?? "Unknown"}</dd>
          </div>
        </dl>
        <ErrorMessage error={revoke.error} />
      </div>
      {session.current ? null : (
        <div className="session-actions">
          <Button
            variant="secondary"
            size="sm"
            busy={revoke.isPending}
            disabled={revokedId === session.id}
            aria-label={`Sign out ${device}, signed in ${formatDateTime(session.created_at)}`}
            onClick={() => revoke.mutate(session.id, { onSuccess: () => setRevokedId(session.id) })}
          >
            Sign out
          </Button>
        </div>
      )}
    </li>
  );
}

export function SessionsSection() {
  const sessions = useSessions();
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">Where you are signed in</h2>
      <p className="muted">Sign out a device you do not recognise or no longer use.</p>
      {sessions.isPending ? <Spinner /> : null}
      <ErrorMessage error={sessions.error} />
      {sessions.data ? (
        <ul className="card-list" aria-label="Sessions">
          {sessions.data.map((session) => (
            <SessionRow key={session.id} session={session} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
