// RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s steps), as an authenticator app computes it, so the
// browser tests can answer the server's code step from the secret the page shows.
import { createHmac } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const STEP_SECONDS = 30;

/** RFC 4648 base32, case-insensitive, spaces and padding ignored. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, "").toUpperCase();
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The code of time step `step` (RFC 4226 HOTP with the step as counter). */
export function totpAt(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, "0");
}

export function currentStep(now = Date.now()): number {
  return Math.floor(now / 1000 / STEP_SECONDS);
}

/** Waits until the clock enters a step later than `step`, then returns that step. The server
 * accepts no step at or before one it has accepted, so a second code needs a fresh step. */
export async function nextStepAfter(step: number): Promise<number> {
  for (;;) {
    const now = currentStep();
    if (now > step) return now;
    const wait = (step + 1) * STEP_SECONDS * 1000 - Date.now() + 50;
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 50)));
  }
}
