// EDTF dates written as people write them: "June 2024", "c. Oct 2024", "Oct 2024?", "? 2024",
// "14–20 Oct 2024", "before Oct 2024", "after 19 Jun 2024", "2020s", "2022 – Oct 2024".
// Text that is not EDTF comes back as it is.
import { parseEdtf } from './edtf.js';

const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** @param {string} text an EDTF date @returns {string} the date in words */
export function edtfWords(text) {
  const parsed = parseEdtf(text);
  if (!parsed.ok) return String(text ?? '');
  if (!parsed.interval) {
    const d = parsed.date;
    // A plain month on its own reads best in full ("June 2024"); everywhere else months are short.
    const full = d.precision === 'month' && !d.uncertain && !d.approximate;
    return single(d, full);
  }

  const { start, end } = parsed;
  if (!start) return parsed.openStart ? `before ${single(end)}` : `? – ${single(end)}`;
  if (!end) return parsed.openEnd ? `after ${single(start)}` : `${single(start)} – ?`;
  return span(start, end);
}

/** One date; qualifiers as "c." (approximate) and "?" (uncertain). */
function single(d, full = false) {
  let words;
  if (d.precision === 'year') {
    words = yearWords(d);
  } else if (d.precision === 'month') {
    const name = (full ? LONG : SHORT)[Number(d.month) - 1];
    words = d.day === 'XX' ? `a day in ${name} ${d.year}` : `${name} ${d.year}`;
  } else {
    words = `${Number(d.day)} ${SHORT[Number(d.month) - 1]} ${d.year}`;
  }

  const plainYear = d.precision === 'year' && d.month === null && !d.year.includes('X');
  if (d.uncertain && !d.approximate && plainYear) return `? ${words}`;
  return `${d.approximate ? 'c. ' : ''}${words}${d.uncertain ? '?' : ''}`;
}

function yearWords(d) {
  if (d.year.endsWith('XX')) return `${d.year.slice(0, 2)}00–${d.year.slice(0, 2)}99`;
  if (d.year.endsWith('X')) return `${d.year.slice(0, 3)}0s`;
  return d.month === 'XX' ? `a month in ${d.year}` : d.year;
}

/** Both ends known: shared parts written once when both ends are plain ("14–20 Oct 2024", "Jun–Oct 2024"). */
function span(a, b) {
  const plain = (d) => !d.uncertain && !d.approximate && !d.year.includes('X') && d.month !== 'XX' && d.day !== 'XX';
  if (plain(a) && plain(b) && a.precision === b.precision) {
    const sameYear = a.year === b.year;
    const sameMonth = sameYear && a.month === b.month;
    if (a.precision === 'year') return sameYear ? a.year : `${a.year}–${b.year}`;
    if (a.precision === 'month' && sameYear) {
      return sameMonth ? `${SHORT[Number(a.month) - 1]} ${a.year}` : `${SHORT[Number(a.month) - 1]}–${SHORT[Number(b.month) - 1]} ${a.year}`;
    }
    if (a.precision === 'day' && sameMonth) {
      return a.day === b.day ? single(a) : `${Number(a.day)}–${Number(b.day)} ${SHORT[Number(a.month) - 1]} ${a.year}`;
    }
    if (a.precision === 'day' && sameYear) {
      return `${Number(a.day)} ${SHORT[Number(a.month) - 1]} – ${Number(b.day)} ${SHORT[Number(b.month) - 1]} ${a.year}`;
    }
  }
  return `${single(a)} – ${single(b)}`;
}
