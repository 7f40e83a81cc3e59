import { Button } from "./Button";
import { ErrorMessage } from "./ErrorMessage";
import { PageTitle } from "./PageTitle";
import { Spinner } from "./Spinner";

/** A mailed link's page while its token is out, or after an error that is not about the token. */
export function TokenLinkPending({
  title,
  pendingTitle,
  error,
  onRetry,
}: {
  title: string;
  pendingTitle: string;
  error: unknown;
  onRetry: () => void;
}) {
  if (error) {
    return (
      <>
        <PageTitle title={title} />
        <ErrorMessage error={error} />
        <Button onClick={onRetry}>Try again</Button>
      </>
    );
  }
  return (
    <>
      <PageTitle title={pendingTitle} />
      <Spinner label={`${pendingTitle}…`} />
    </>
  );
}
