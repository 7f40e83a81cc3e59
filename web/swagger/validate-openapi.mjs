// Validates an OpenAPI document with an independent validator (@apidevtools/swagger-parser):
// node web/validate-openapi.mjs <schema.json>
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
try {
  const api = await SwaggerParser.validate(file);
  const operations = Object.values(api.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  console.log(`openapi: ${api.info.title} ${api.info.version} is valid OpenAPI ${api.openapi} (${operations} operations)`);
} catch (err) {
  console.error(`openapi: INVALID: ${err.message}`);
  process.exit(1);
}
