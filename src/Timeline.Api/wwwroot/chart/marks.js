// What the chart draws, worked out once per set of events: each event as a mark from its earliest to its
// latest day (open ends run off the axis), and the lanes the marks go in, by actor or by type.
import { dayNumber } from './scale.js';

const MAX_LANES = 12;

/** One event as a mark: days [start, end), open ends as ±Infinity. */
export function markOf(event) {
  const first = dayNumber(event.earliest);
  const last = dayNumber(event.latest);
  return {
    event,
    start: first ?? -Infinity,
    end: last === null ? Infinity : last + 1,
    openStart: first === null,
    openEnd: last === null,
    point: first !== null && first === last,
    unsure: Boolean(event.uncertain || event.approximate),
    retracted: event.status === 'retracted',
  };
}

/**
 * Lanes of marks, each sorted by start: by 'actor' (an event is in the lane of each of its actors) or by 'type'.
 * The busiest lanes come first; past twelve the rest share one. `names` maps actor codes to names.
 */
export function lanesOf(events, by = 'actor', { hideRetracted = false, names = new Map() } = {}) {
  const groups = new Map();
  const add = (key, mark) => {
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(mark);
  };
  for (const event of events) {
    if (hideRetracted && event.status === 'retracted') continue;
    const mark = markOf(event);
    const keys = by === 'type' ? [event.type] : event.actors?.length ? event.actors : [''];
    for (const key of keys) add(key, mark);
  }

  let lanes = [...groups].map(([key, marks]) => ({ key, marks }));
  lanes.sort((a, b) => b.marks.length - a.marks.length || a.key.localeCompare(b.key));
  if (lanes.length > MAX_LANES) {
    const rest = lanes.slice(MAX_LANES - 1);
    const seen = new Set();
    const marks = rest.flatMap((l) => l.marks).filter((m) => !seen.has(m) && seen.add(m));
    lanes = [...lanes.slice(0, MAX_LANES - 1), { key: '*', marks, label: `${rest.length} more ${by === 'type' ? 'types' : 'actors'}` }];
  }
  for (const lane of lanes) {
    lane.marks.sort((a, b) => a.start - b.start || a.end - b.end);
    lane.label ??= lane.key === '' ? 'No actor' : lane.key;
    lane.title = by === 'actor' ? names.get(lane.key) ?? lane.label : lane.label;
    // The longest mark bounds how far back a mark that still reaches into view may start.
    lane.longest = lane.marks.reduce((max, m) => Math.max(max, Number.isFinite(m.start) && Number.isFinite(m.end) ? m.end - m.start : 0), 0);
  }
  return lanes;
}

/** The first and last days any mark covers (open ends left out), or null when there are none. */
export function extentOf(lanes) {
  let first = Infinity;
  let last = -Infinity;
  for (const lane of lanes) {
    for (const m of lane.marks) {
      if (Number.isFinite(m.start)) { first = Math.min(first, m.start); last = Math.max(last, m.start + 1); }
      if (Number.isFinite(m.end)) { last = Math.max(last, m.end); first = Math.min(first, m.end - 1); }
    }
  }
  return first <= last ? { first, last } : null;
}

/** The index of the first mark whose start is at or after `day` (marks sorted by start). */
export function firstFrom(marks, day) {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid].start < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
