import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { reportsDir } from '../helpers/core/config';
import { operations } from '../schemas/catalogue';
import { buildOpenApi } from '../schemas/openapi-export';
import { validateOpenApi } from './openapi-document';

/** `npm run openapi [-- <out.json>]` (REPORTS_DIR/openapi.json by default): writes the OpenAPI 3.1 export, and refuses to write an invalid one. */
const out = resolve(process.argv[2] ?? join(reportsDir(), 'openapi.json'));
const document = buildOpenApi();
const problems = await validateOpenApi(document);
if (problems.length) {
  console.error(`The generated OpenAPI document is invalid; fix the catalogue or the schemas:\n${problems.join('\n')}`);
  process.exit(1);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
const los = operations.filter((op) => op.los).length;
const schemas = Object.keys((document.components as { schemas: object }).schemas).length;
console.log(`OpenAPI 3.1 written to ${out}: ${los} LOS operations + ${operations.length - los} CRM, ${schemas} component schemas (valid)`);
