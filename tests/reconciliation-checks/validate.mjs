// Validates a JSON file against one of the W3C Entity Reconciliation API 0.2 schemas (vendored in schemas/0.2), as
// the specification's own CI does (ajv 6): node validate.mjs manifest|reconciliation-query-batch|reconciliation-result-batch FILE
import { readFileSync, readdirSync } from 'node:fs';
import Ajv from 'ajv';

const dir = new URL('./schemas/', import.meta.url);
const ajv = new Ajv({ allErrors: true });
ajv.addSchema(JSON.parse(readFileSync(new URL('swagger-security-definition.json', dir), 'utf8')));
for (const file of readdirSync(new URL("0.2/", dir)).filter((f) => f.endsWith(".json"))) {
  ajv.addSchema(JSON.parse(readFileSync(new URL(`0.2/${file}`, dir), 'utf8')), file);
}
const valid = ajv.validate(`${process.argv[2]}.json`, JSON.parse(readFileSync(process.argv[3], 'utf8')));
if (!valid) {
  console.error(ajv.errorsText(ajv.errors, { separator: '\n' }));
  process.exit(1);
}
console.log('valid');
