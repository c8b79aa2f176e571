// EDTF (levels 0 and 1) as the API accepts it: a check that runs as the user types, with the same
// reasons the server gives, and the parts the words formatter needs. The server stays the authority.

/**
 * @typedef {{ year: string, month: string|null, day: string|null, uncertain: boolean, approximate: boolean,
 *             precision: 'year'|'month'|'day', earliest: string, latest: string }} EdtfSingle
 * @typedef {{ ok: true, text: string, interval: false, date: EdtfSingle }
 *         | { ok: true, text: string, interval: true, start: EdtfSingle|null, end: EdtfSingle|null,
 *             openStart: boolean, openEnd: boolean }
 *         | { ok: false, error: string }} EdtfResult
 */

const OPEN = '..';
const isQualifier = (c) => c === '?' || c === '~' || c === '%';
const isDigitOrX = (c) => (c >= '0' && c <= '9') || c === 'X';
const pad = (n, width) => String(n).padStart(width, '0');
const daysInMonth = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Parses EDTF text; never throws. @param {string|null|undefined} raw @returns {EdtfResult} */
export function parseEdtf(raw) {
  const text = String(raw ?? '').trim().replaceAll('x', 'X');
  if (text.length === 0) return fail('a date is required');
  if (/[{}[\]]/.test(text)) return fail("sets of dates ('{...}' or '[...]') are EDTF level 2, which is not supported");
  if (text.includes(':')) return fail('times of day are not supported; give a calendar date');
  if (/\s/.test(text)) return fail(`whitespace inside a date is not allowed ('${text}')`);

  const parts = text.split('/');
  if (parts.length > 2) return fail(`only one '/' is allowed; an interval is written start/end ('${text}')`);
  if (parts.length === 1) {
    const single = parseSingle(text);
    return typeof single === 'string' ? fail(single) : { ok: true, text, interval: false, date: single };
  }

  const start = parseEnd(parts[0], 'interval start');
  if (typeof start === 'string') return fail(start);
  const end = parseEnd(parts[1], 'interval end');
  if (typeof end === 'string') return fail(end);
  if (start === null && end === null) return fail(`at least one end of an interval must be a date ('${text}')`);
  if (start && end && start.earliest > end.latest) return fail(`the interval starts (${parts[0]}) after it ends (${parts[1]})`);
  return { ok: true, text, interval: true, start, end, openStart: parts[0] === OPEN, openEnd: parts[1] === OPEN };
}

/** Whether the text is a plain day, month or year, as the timeline's from/to take. */
export function isPlainBound(raw) {
  const r = parseEdtf(raw);
  return r.ok && !r.interval && !r.date.uncertain && !r.date.approximate;
}

function fail(error) {
  return { ok: false, error };
}

function parseEnd(part, which) {
  if (part.length === 0 || part === OPEN) return null;
  const single = parseSingle(part);
  return typeof single === 'string' ? `${which}: ${single}` : single;
}

/** @returns {EdtfSingle|string} the date, or why it is not one */
function parseSingle(s) {
  if (s.includes(OPEN)) return "'..' means an open interval end and must stand alone on one side of '/', as in '../2024'";

  let body = s;
  let qualifier = s.at(-1);
  if (isQualifier(qualifier)) body = s.slice(0, -1);
  else qualifier = '';
  if ([...body].every(isQualifier)) return `a qualifier ('?', '~' or '%') must follow a date ('${s}')`;
  const q = body.search(/[?~%]/);
  if (q >= 0) {
    return [...body.slice(q)].every(isQualifier)
      ? `only one qualifier may end a date ('${s}'); use '%' for uncertain and approximate together`
      : `a qualifier before or inside a date ('${s}') is EDTF level 2, which is not supported`;
  }
  if (body[0] === '-') return `negative years are not supported ('${s}')`;
  if (body[0] === 'Y' || body[0] === 'y') {
    return body.includes('E') || body.includes('S')
      ? `exponent and significant-digit years ('${s}') are EDTF level 2, which is not supported`
      : `years must have exactly four digits; 'Y'-prefixed years ('${s}') are not supported`;
  }
  if (body.includes('u') && [...body].every((c) => isDigitOrX(c) || c === '-' || c === 'u')) {
    return `use X for unspecified digits, not 'u' ('${s}')`;
  }

  const cursor = { i: 0 };
  const year = readRun(body, cursor);
  if (cursor.i < body.length && (body[cursor.i] === 'E' || body[cursor.i] === 'S')) {
    return `exponent and significant-digit years ('${s}') are EDTF level 2, which is not supported`;
  }
  if (year.length === 0) return `'${s}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD`;
  if (year.length !== 4) return `years must have exactly four digits, not '${year}'`;
  const firstX = year.indexOf('X');
  if (firstX >= 0) {
    if ([...year.slice(firstX)].some((c) => c !== 'X')) {
      return `unspecified digits (X) must be the rightmost digits of a year ('${year}'); anything else is EDTF level 2, which is not supported`;
    }
    if (firstX < 2) return `at most the last two digits of a year may be X ('${year}'); more is EDTF level 2, which is not supported`;
  }
  if (year === '0000') return 'year 0000 is not supported';

  let month = null;
  let day = null;
  if (cursor.i < body.length && body[cursor.i] === '-') {
    cursor.i++;
    month = readRun(body, cursor);
    const error = checkMonth(body, cursor.i, year, month, firstX >= 0);
    if (error) return error;
  }
  if (month !== null && cursor.i < body.length && body[cursor.i] === '-') {
    cursor.i++;
    day = readRun(body, cursor);
    const error = checkDay(body, cursor.i, year, month, day, firstX >= 0 || month === 'XX');
    if (error) return error;
  }
  if (cursor.i < body.length) return trailing(body, cursor.i, day !== null);

  return {
    year, month, day,
    uncertain: qualifier === '?' || qualifier === '%',
    approximate: qualifier === '~' || qualifier === '%',
    ...bounds(year, month, day),
  };
}

function readRun(s, cursor) {
  const start = cursor.i;
  while (cursor.i < s.length && isDigitOrX(s[cursor.i])) cursor.i++;
  return s.slice(start, cursor.i);
}

function checkMonth(body, i, year, month, leftHasX) {
  if (month.length === 0) {
    return i < body.length ? `expected a two-digit month after '${year}-', not '${body.slice(i)}'` : `a month is missing after '${year}-'`;
  }
  if (month.length !== 2) return `month must be 01–12 written with two digits, not '${month}'`;
  if (month.includes('X') && month !== 'XX') {
    return `a month must be two digits or XX, not '${month}'; a partly unspecified month is EDTF level 2, which is not supported`;
  }
  if (leftHasX && month !== 'XX') {
    return `once a part of a date has X, everything after it must be X too ('${year}-${month}'); anything else is EDTF level 2, which is not supported`;
  }
  if (month === 'XX') return null;
  const m = Number(month);
  if (m >= 21 && m <= 41) return `seasons (month 21–41) are not supported ('${year}-${month}')`;
  return m >= 1 && m <= 12 ? null : `month must be 01–12, not '${month}'`;
}

function checkDay(body, i, year, month, day, leftHasX) {
  if (day.length === 0) {
    return i < body.length ? `expected a two-digit day after '${year}-${month}-', not '${body.slice(i)}'` : `a day is missing after '${year}-${month}-'`;
  }
  if (day.length !== 2) return `day must be written with two digits, not '${day}'`;
  if (day.includes('X') && day !== 'XX') {
    return `a day must be two digits or XX, not '${day}'; a partly unspecified day is EDTF level 2, which is not supported`;
  }
  if (leftHasX && day !== 'XX') {
    return `once a part of a date has X, everything after it must be X too ('${year}-${month}-${day}'); anything else is EDTF level 2, which is not supported`;
  }
  if (day === 'XX') return null;
  const d = Number(day);
  return d >= 1 && d <= daysInMonth(Number(year), Number(month)) ? null : `${year}-${month} has no day ${day}`;
}

function trailing(body, i, hasDay) {
  const prefix = body.slice(0, i);
  const rest = body.slice(i);
  if (rest[0] === 'T' || rest[0] === 't') return 'times of day are not supported; give a calendar date';
  if (rest[0] === '-' && hasDay) return `a date has at most a year, month and day; unexpected '${rest}' after '${prefix}'`;
  return `unexpected '${rest}' after '${prefix}'`;
}

/** The calendar days a well-formed date can mean, as YYYY-MM-DD strings, and its precision. */
function bounds(year, month, day) {
  const firstYear = Math.max(1, Number(year.replaceAll('X', '0')));
  const lastYear = Number(year.replaceAll('X', '9'));
  const iso = (y, m, d) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
  if (month === null || month === 'XX') {
    return { precision: 'year', earliest: iso(firstYear, 1, 1), latest: iso(lastYear, 12, 31) };
  }
  const m = Number(month);
  if (day === null || day === 'XX') {
    return { precision: 'month', earliest: iso(firstYear, m, 1), latest: iso(firstYear, m, daysInMonth(firstYear, m)) };
  }
  const date = iso(firstYear, m, Number(day));
  return { precision: 'day', earliest: date, latest: date };
}
