// Parses an iCalendar file with ical.js and prints its events as JSON: uid, summary, description, url, status,
// sequence and the all-day start and (exclusive) end dates. Exits 1 when the file does not parse as a VCALENDAR.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], 'utf8')));
if (calendar.name !== 'vcalendar') {
  console.error(`not a calendar: ${calendar.name}`);
  process.exit(1);
}
const events = calendar.getAllSubcomponents('vevent').map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    url: component.getFirstPropertyValue('url'),
    status: component.getFirstPropertyValue('status'),
    sequence: event.sequence,
    allDay: event.startDate.isDate && event.endDate.isDate,
    start: event.startDate.toString(),
    end: event.endDate.toString(),
  };
});
process.stdout.write(JSON.stringify({ version: calendar.getFirstPropertyValue('version'), events }));
