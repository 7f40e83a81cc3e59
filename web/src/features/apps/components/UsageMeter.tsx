import { useId } from "react";

/** "3 of 5 apps" with a progress bar. */
export function UsageMeter({ count, limit }: { count: number; limit: number }) {
  const labelId = useId();
  const ratio = limit > 0 ? Math.min(1, count / limit) : 1;
  const tone = count > limit ? "over" : count === limit ? "full" : "ok";
  const text = `${count} of ${limit} apps`;
  return (
    <div className="usage">
      <div className="usage-text">
        <span className="usage-label">Plan usage</span>
        <span id={labelId} className="usage-count">
          {text}
        </span>
      </div>
      <div
        className={`meter meter-${tone}`}
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(count, limit)}
        aria-valuetext={text}
      >
        <div className="meter-fill" style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
    </div>
  );
}
