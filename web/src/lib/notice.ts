// A one-line confirmation handed to the next page in the router's location state (e.g. "You
// joined Shared board as editor." shown on the app's page after accepting an invitation), so a
// feature can say what just happened on a page another feature owns.
export interface NoticeState {
  notice: string;
}

export function noticeState(notice: string): NoticeState {
  return { notice };
}

/** The notice in a location's state, if any. */
export function noticeFrom(state: unknown): string | null {
  if (state && typeof state === "object" && "notice" in state && typeof state.notice === "string") return state.notice;
  return null;
}
