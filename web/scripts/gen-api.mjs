// Generates src/api/schema.gen.ts from plangate's OpenAPI document:
//   npm run gen:api            (reads ../build/openapi.json, made by `./build/plangate openapi`)
//   PLANGATE_OPENAPI=path npm run gen:api
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const input = resolve(webDir, process.env.PLANGATE_OPENAPI || "../build/openapi.json");
if (!existsSync(input)) {
  console.error(`gen:api: ${input} does not exist; run \`./build/plangate openapi > build/openapi.json\` first`);
  process.exit(1);
}
const bin = resolve(webDir, "node_modules/.bin/openapi-typescript");
const result = spawnSync(bin, [input, "-o", resolve(webDir, "src/api/schema.gen.ts")], {
  stdio: "inherit",
  cwd: webDir,
});
process.exit(result.status ?? 1);
