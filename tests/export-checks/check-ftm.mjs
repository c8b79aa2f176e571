// Reads FollowTheMoney JSON lines (a file, or stdin) and checks them against FollowTheMoney's own model: every
// entity's schema exists and is not abstract, its required properties are there, every property is one of its
// schema's, dates and countries are of their types, and every entity reference names an entity of the file whose
// schema is in the property's range. Prints "ftm: ok <n> entities" or the problems, and exits 1 on any.
import { readFileSync } from 'node:fs';
import { Model, defaultModel } from '@alephdata/followthemoney';

const model = new Model(defaultModel);
const lines = readFileSync(process.argv[2] ?? 0, 'utf8').split('\n').filter((l) => l.trim() !== '');
const problems = [];
const entities = new Map();
for (const [i, line] of lines.entries()) {
  let raw;
  try { raw = JSON.parse(line); } catch (e) { problems.push(`line ${i + 1}: not JSON (${e.message})`); continue; }
  const schema = model.getSchema(raw.schema);
  if (!schema) { problems.push(`line ${i + 1}: no schema ${raw.schema}`); continue; }
  if (schema.abstract) problems.push(`${raw.id}: ${raw.schema} is abstract`);
  if (typeof raw.id !== 'string' || raw.id === '') problems.push(`line ${i + 1}: no id`);
  if (entities.has(raw.id)) problems.push(`${raw.id}: the id is used twice`);
  // The model's own reading of the entity throws on a property its schema does not have.
  try { model.getEntity(raw); } catch (e) { problems.push(`${raw.id}: ${e.message}`); }
  entities.set(raw.id, { raw, schema });
  for (const required of schema.required ?? []) {
    if (!(raw.properties?.[required]?.length > 0)) problems.push(`${raw.id}: required ${required} is missing`);
  }
  for (const [name, values] of Object.entries(raw.properties ?? {})) {
    if (!schema.hasProperty(name)) { problems.push(`${raw.id}: ${raw.schema} has no property ${name}`); continue; }
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || v === '')) problems.push(`${raw.id}: ${name} is not a list of strings`);
    const type = schema.getProperty(name).type.name;
    for (const value of values) {
      if (type === 'date' && !/^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$/.test(value)) problems.push(`${raw.id}: ${name} ${value} is not an FtM date`);
      if (type === 'country' && !model.types.country.values.has(value)) problems.push(`${raw.id}: ${name} ${value} is not an FtM country`);
    }
  }
}
for (const { raw, schema } of entities.values()) {
  for (const [name, values] of Object.entries(raw.properties ?? {})) {
    const property = schema.hasProperty(name) ? schema.getProperty(name) : null;
    if (property?.type.name !== 'entity') continue;
    for (const id of values) {
      const target = entities.get(id);
      if (!target) problems.push(`${raw.id}: ${name} refers to ${id}, which is not in the file`);
      else if (!target.schema.isA(property.getRange())) problems.push(`${raw.id}: ${name} refers to a ${target.raw.schema}, not a ${property.getRange().name}`);
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const schemata = [...new Set([...entities.values()].map((e) => e.raw.schema))].sort().join(',');
console.log(`ftm: ok ${entities.size} entities (${schemata})`);
