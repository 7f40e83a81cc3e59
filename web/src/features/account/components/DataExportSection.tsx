import { Button } from "@/components/Button";
import { ErrorMessage } from "@/components/ErrorMessage";
import { useDownloadData } from "../hooks";

export function DataExportSection() {
  const download = useDownloadData();
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">Your data</h2>
      <p className="muted">
        Everything stored about you (profile, apps, collaborations, subscription, sessions) as one JSON file.
      </p>
      {download.isError ? <ErrorMessage error={download.error} /> : null}
      <div className="form-actions">
        <Button variant="secondary" busy={download.isPending} onClick={() => download.mutate()}>
          Download my data
        </Button>
      </div>
    </section>
  );
}
