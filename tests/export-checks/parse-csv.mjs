// Parses a CSV file with Papa Parse (RFC 4180) and prints its rows, header first, as one JSON array of arrays.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

const text = readFileSync(process.argv[2], 'utf8');
const parsed = Papa.parse(text, { skipEmptyLines: true });
if (parsed.errors.length > 0) {
  console.error(JSON.stringify(parsed.errors));
  process.exit(1);
}
process.stdout.write(JSON.stringify(parsed.data));
