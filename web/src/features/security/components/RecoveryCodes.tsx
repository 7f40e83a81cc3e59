import { useState } from "react";
import { Banner } from "@/components/Banner";
import { Button } from "@/components/Button";

const FILE_NAME = "plangate-recovery-codes.txt";

function asText(codes: readonly string[], email: string): string {
  return [
    `plangate recovery codes for ${email}`,
    "Each code signs you in once when you cannot use your authenticator app.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/** The recovery codes, shown once: copy, download as .txt, and "I saved them" to close. */
export function RecoveryCodes({ codes, email, onDone }: { codes: readonly string[]; email: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(asText(codes, email));
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([asText(codes, email)], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = FILE_NAME;
    document.body.append(link);
    link.click();
    link.remove();
    // After the click has handed the blob to the download.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <section className="recovery-codes" aria-labelledby="recovery-codes-title">
      <h3 id="recovery-codes-title">Your recovery codes</h3>
      <Banner tone="warning">
        <p>
          Save these codes somewhere safe now: they are shown only once. Each one signs you in once if you lose your
          authenticator app.
        </p>
      </Banner>
      <ul className="recovery-code-list" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <Button variant="secondary" onClick={() => void copy()}>
          Copy
        </Button>
        <Button variant="secondary" onClick={download}>
          Download
        </Button>
        <Button onClick={onDone}>I saved them</Button>
        {copied ? (
          <span role="status" className="muted">
            {copied === "yes" ? "Copied." : "Could not copy: select the codes instead."}
          </span>
        ) : null}
      </div>
    </section>
  );
}
