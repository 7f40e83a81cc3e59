import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { Badge } from "@/components/Badge";
import { Button } from "@/components/Button";
import { ConfirmDialog } from "@/components/Dialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Spinner } from "@/components/Spinner";
import { formatDate } from "@/lib/format";
import { useSession } from "@/lib/session";
import { InviteForm } from "./components/InviteForm";
import { PendingInvitations } from "./components/PendingInvitations";
import {
  useChangeRole,
  useCollaborators,
  useLeaveApp,
  useRemoveCollaborator,
  type Collaborator,
  type CollaboratorRole,
  type MemberRole,
} from "./hooks";

const ROLE_TONES = { owner: "accent", editor: "success", viewer: "neutral" } as const;

function RoleSelect({ appId, collaborator }: { appId: number; collaborator: Collaborator }) {
  const change = useChangeRole(appId);
  return (
    <div className="role-cell">
      <select
        aria-label={`Access for ${collaborator.email}`}
        value={change.isPending ? change.variables.role : collaborator.role}
        disabled={change.isPending}
        onChange={(e) => change.mutate({ userId: collaborator.user_id, role: e.target.value as CollaboratorRole })}
      >
        <option value="editor">editor</option>
        <option value="viewer">viewer</option>
      </select>
      {change.isError ? <ErrorMessage error={change.error} /> : null}
    </div>
  );
}

function LeaveApp({ appId, myUserId }: { appId: number; myUserId: number }) {
  const navigate = useNavigate();
  const leave = useLeaveApp(appId);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="leave-app">
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Leave this app
      </Button>
      {confirming ? (
        <ConfirmDialog
          title="Leave this app?"
          message={<p>You will lose access to it. Its owner can add you again.</p>}
          confirmLabel="Leave this app"
          busy={leave.isPending}
          error={leave.error}
          onClose={() => {
            setConfirming(false);
            leave.reset();
          }}
          onConfirm={() => leave.mutate(myUserId, { onSuccess: () => navigate("/apps", { replace: true }) })}
        />
      ) : null}
    </div>
  );
}

/** The collaborators of one app: list for every member; for the owner, management, the pending
 * invitations and the form that invites. */
export function CollaboratorsSection({ appId, myRole }: { appId: number; myRole: MemberRole }) {
  const { user } = useSession();
  const list = useCollaborators(appId);
  const remove = useRemoveCollaborator(appId);
  const [removing, setRemoving] = useState<Collaborator | null>(null);
  const isOwner = myRole === "owner";

  return (
    <section className="card" aria-labelledby="collaborators-title">
      <h2 id="collaborators-title">Collaborators</h2>
      {list.isPending ? (
        <Spinner label="Loading collaborators…" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Added</th>
                {isOwner ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {list.data.results.map((c) => (
                <tr key={c.user_id}>
                  <td>
                    {c.email}
                    {user && c.user_id === user.id ? <span className="muted"> (you)</span> : null}
                  </td>
                  <td>
                    {isOwner && c.role !== "owner" ? (
                      <RoleSelect appId={appId} collaborator={c} />
                    ) : (
                      <Badge tone={ROLE_TONES[c.role]} caps>
                        {c.role}
                      </Badge>
                    )}
                  </td>
                  <td>{formatDate(c.added_at)}</td>
                  {isOwner ? (
                    <td className="cell-actions">
                      {c.role !== "owner" ? (
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={`Remove ${c.email}`}
                          onClick={() => setRemoving(c)}
                        >
                          Remove
                        </Button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isOwner ? (
        <>
          <PendingInvitations appId={appId} />
          <InviteForm appId={appId} />
        </>
      ) : null}
      {!isOwner && user ? <LeaveApp appId={appId} myUserId={user.id} /> : null}
      {removing ? (
        <ConfirmDialog
          title="Remove collaborator?"
          message={
            <p>
              {removing.email} will lose access to this app.
            </p>
          }
          confirmLabel="Remove collaborator"
          busy={remove.isPending}
          error={remove.error}
          onClose={() => {
            setRemoving(null);
            remove.reset();
          }}
          onConfirm={() => remove.mutate(removing.user_id, { onSuccess: () => setRemoving(null) })}
        />
      ) : null}
    </section>
  );
}
