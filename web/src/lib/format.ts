const dateFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

function parse(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Dec 6, 2026" (the viewer's locale); "—" for null. */
export function formatDate(value: string | null | undefined): string {
  const d = parse(value);
  return d ? dateFormat.format(d) : "—";
}

/** "Dec 6, 2026, 04:49 PM"; `never` text for null. */
export function formatDateTime(value: string | null | undefined, never = "—"): string {
  const d = parse(value);
  return d ? dateTimeFormat.format(d) : never;
}

export function yesNo(value: boolean): string {
  return value ? "Yes" : "No";
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A wait in words: "45 seconds", "1 minute", "38 minutes" (minutes rounded up). */
export function formatWait(seconds: number): string {
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), "second");
  return plural(Math.ceil(seconds / 60), "minute");
}
