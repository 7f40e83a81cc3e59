// Reads what plangate's file email backend wrote: one .eml per message.
import fs from "node:fs";
import path from "node:path";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

function parse(raw: string): Mail {
  const header = (name: string) => raw.match(new RegExp(`^${name}: (.*)$`, "mi"))?.[1]?.trim() ?? "";
  return { to: header("To"), subject: header("Subject"), text: raw };
}

export function mailsTo(dir: string, address: string): Mail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .sort()
    .map((f) => parse(fs.readFileSync(path.join(dir, f), "utf8")))
    .filter((m) => m.to.toLowerCase().includes(address.toLowerCase()));
}

/** Waits for the count-th mail to `address` whose body has a link to `page`, and returns the link. */
export async function waitForLink(dir: string, address: string, page: string, count = 1): Promise<string> {
  const pattern = new RegExp(`https?://[^\\s"<>]+/${page}\\?token=[A-Za-z0-9_-]+`);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const links = mailsTo(dir, address)
      .map((m) => m.text.match(pattern)?.[0])
      .filter((l): l is string => !!l);
    const link = links[count - 1];
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no ${page} link mailed to ${address} in 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for a mail to `address` whose Subject contains `subject`, and returns it. */
export async function waitForMail(dir: string, address: string, subject: string): Promise<Mail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mail = mailsTo(dir, address).find((m) => m.subject.includes(subject));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${address} in 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for a link to `page` mailed to `address` that is none of `known`, and returns it (mails of
 * the same second are not ordered by their file names). */
export async function waitForNewLink(dir: string, address: string, page: string, known: string[]): Promise<string> {
  const pattern = new RegExp(`https?://[^\\s"<>]+/${page}\\?token=[A-Za-z0-9_-]+`);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const link = mailsTo(dir, address)
      .map((m) => m.text.match(pattern)?.[0])
      .find((l): l is string => !!l && !known.includes(l));
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no new ${page} link mailed to ${address} in 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
