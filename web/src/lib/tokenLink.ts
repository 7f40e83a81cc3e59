import { useEffect, useRef } from "react";

/** Posts the single-use token of a mailed link once per token, even when StrictMode runs effects
 * twice (a second post would find it used). */
export function usePostTokenOnce(token: string, post: (body: { token: string }) => void): void {
  const postedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!token || postedFor.current === token) return;
    postedFor.current = token;
    post({ token });
  }, [token, post]);
}
