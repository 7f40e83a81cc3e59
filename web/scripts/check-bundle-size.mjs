// After `vite build`: prints each JS asset's gzipped size and the first page's total (the entry
// chunk plus its static imports, from dist/.vite/manifest.json); exits 1 above the budget.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET = 150 * 1024;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

const assets = readdirSync(join(dist, "assets")).filter((f) => f.endsWith(".js")).sort();
for (const f of assets) console.log(`${kb(gz(`assets/${f}`)).padStart(10)}  assets/${f}`);

const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
if (entries.length !== 1) {
  console.error(`bundle: expected one entry chunk, found ${entries.length}`);
  process.exit(1);
}
const firstPage = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || firstPage.has(chunk.file)) return;
  firstPage.add(chunk.file);
  for (const imp of chunk.imports ?? []) visit(imp);
};
visit(entries[0][0]);
const total = [...firstPage].reduce((n, f) => n + gz(f), 0);
console.log(`first page JS (${[...firstPage].join(", ")}): ${kb(total)} gzipped (budget ${kb(BUDGET)})`);
if (total > BUDGET) {
  console.error("bundle: first page JS is over budget");
  process.exit(1);
}
