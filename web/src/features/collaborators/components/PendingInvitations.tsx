import { useState } from "react";
import { Badge } from "@/components/Badge";
import { Button } from "@/components/Button";
import { ConfirmDialog } from "@/components/Dialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { FormError } from "@/components/FormError";
import { Spinner } from "@/components/Spinner";
import { formatDateTime } from "@/lib/format";
import { useInvitations, useResendInvitation, useRevokeInvitation, type Invitation } from "../hooks";
import { inviteErrorText } from "../inviteErrors";

const ROLE_TONES = { editor: "success", viewer: "neutral" } as const;

/** The owner's pending invitations, each with "Resend" (a new link; the old one dies) and "Revoke". */
export function PendingInvitations({ appId }: { appId: number }) {
  const list = useInvitations(appId);
  const revoke = useRevokeInvitation(appId);
  const resend = useResendInvitation(appId);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  return (
    <div className="pending-invitations">
      <h3 id="invitations-title">Pending invitations</h3>
      {resend.isError ? <FormError message={inviteErrorText(resend.error, resend.variables.email)} /> : null}
      {resend.isSuccess ? (
        <p className="note-success" role="status">
          Sent a new invitation to {resend.data.email}. The earlier link no longer works.
        </p>
      ) : null}
      {revoke.isSuccess && !revoking ? (
        <p className="note-success" role="status">
          Invitation revoked. Its link no longer works.
        </p>
      ) : null}
      {list.isPending ? (
        <Spinner label="Loading invitations…" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.results.length === 0 ? (
        <p className="muted">No pending invitations.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-labelledby="invitations-title">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.results.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.email}</td>
                  <td>
                    <Badge tone={ROLE_TONES[invitation.role]} caps>
                      {invitation.role}
                    </Badge>
                  </td>
                  <td>{formatDateTime(invitation.expires_at)}</td>
                  <td className="cell-actions">
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Resend the invitation to ${invitation.email}`}
                      busy={resend.isPending && resend.variables.id === invitation.id}
                      disabled={resend.isPending}
                      onClick={() => {
                        revoke.reset();
                        resend.mutate(invitation);
                      }}
                    >
                      Resend
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Revoke the invitation to ${invitation.email}`}
                      onClick={() => {
                        resend.reset();
                        setRevoking(invitation);
                      }}
                    >
                      Revoke
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking ? (
        <ConfirmDialog
          title="Revoke invitation?"
          message={<p>The link sent to {revoking.email} will stop working. You can invite them again later.</p>}
          confirmLabel="Revoke invitation"
          busy={revoke.isPending}
          error={revoke.error}
          errorOverrides={{ NOT_FOUND: "This invitation is no longer pending: it was accepted, revoked or has expired." }}
          onClose={() => {
            setRevoking(null);
            revoke.reset();
          }}
          onConfirm={() => revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
        />
      ) : null}
    </div>
  );
}
