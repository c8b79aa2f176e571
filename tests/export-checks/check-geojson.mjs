// Reads a GeoJSON file and checks it with Placemark's check-geojson (RFC 7946: structure, coordinates, ring closure
// and winding-independent validity of what a map reads). Prints "geojson: ok <n> features" or the issues, and exits 1.
import { readFileSync } from 'node:fs';
import { check } from '@placemarkio/check-geojson';

const text = readFileSync(process.argv[2] ?? 0, 'utf8');
try {
  const collection = check(text);
  if (collection.type !== 'FeatureCollection') throw new Error(`a ${collection.type}, not a FeatureCollection`);
  console.log(`geojson: ok ${collection.features.length} features`);
} catch (e) {
  console.log(`geojson: ${e.message}`);
  for (const issue of e.issues ?? []) console.log(`  ${issue.message} (${issue.from}-${issue.to})`);
  process.exit(1);
}
