// Reads dates, one a line, and prints as JSON the ones edtf.js (the reference EDTF parser) accepts at its default level (2).
import { readFileSync } from 'node:fs';
import edtf from 'edtf';

const accepted = readFileSync(process.argv[2], 'utf8').split('\n').filter((line) => line.length > 0).filter((text) => {
  try {
    edtf(text);
    return true;
  } catch {
    return false;
  }
});
process.stdout.write(JSON.stringify(accepted));
