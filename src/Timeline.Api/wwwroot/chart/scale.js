// The chart's time axis: a window of calendar days mapped onto pixels, zoomed and panned within limits
// (from about a century down to a few days), and the ticks that suit the window's width.

export const DAY_MS = 86_400_000;
const MIN_DAYS = 4;
const MAX_DAYS = 200 * 365.25;
const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2024-06-19" → days since 1970-01-01 (UTC); null stays null. */
export function dayNumber(iso) {
  if (!iso) return null;
  return Math.round(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS);
}

/** Days since 1970-01-01 → "2024-06-19". */
export function isoDay(day) {
  return new Date(Math.floor(day) * DAY_MS).toISOString().slice(0, 10);
}

/** A window [start, end) of days shown across `width` pixels. */
export class TimeScale {
  constructor(start = 0, end = 365, width = 800) {
    this.width = width;
    this.set(start, end);
  }

  /** Shows the days [start, end), kept within the zoom limits. */
  set(start, end) {
    let span = Math.min(MAX_DAYS, Math.max(MIN_DAYS, end - start));
    const middle = (start + end) / 2;
    this.start = middle - span / 2;
    this.end = middle + span / 2;
    span = this.end - this.start;
    return this;
  }

  get span() {
    return this.end - this.start;
  }

  /** Pixels per day. */
  get k() {
    return this.width / this.span;
  }

  x(day) {
    return (day - this.start) * this.k;
  }

  day(x) {
    return this.start + x / this.k;
  }

  /** Zooms by `factor` (>1 closer) keeping the day under pixel `x` where it is. Returns whether anything changed. */
  zoom(factor, x = this.width / 2) {
    const anchor = this.day(x);
    const span = Math.min(MAX_DAYS, Math.max(MIN_DAYS, this.span / factor));
    if (Math.abs(span - this.span) < 1e-9) return false;
    const left = x / this.width;
    this.start = anchor - span * left;
    this.end = this.start + span;
    return true;
  }

  /** Moves the window by `dx` pixels (positive: later days come into view). */
  pan(dx) {
    const days = dx / this.k;
    this.start += days;
    this.end += days;
  }

  get atMaxZoom() {
    return this.span <= MIN_DAYS + 1e-6;
  }

  get atMinZoom() {
    return this.span >= MAX_DAYS - 1e-6;
  }

  /** Ticks for the window: [{ day, label, major }], about one per 90 pixels. */
  ticks() {
    const perTick = (90 / this.width) * this.span;
    const first = new Date(Math.floor(this.start) * DAY_MS);
    const last = Math.ceil(this.end);
    const out = [];
    const push = (date, label, major) => {
      const day = Math.round(date.getTime() / DAY_MS);
      if (day >= this.start - 1 && day <= last) out.push({ day, label, major });
    };
    if (perTick > 300) {
      const step = [1, 2, 5, 10, 20, 50].find((s) => s * 365 >= perTick) ?? 100;
      for (let y = Math.floor(first.getUTCFullYear() / step) * step; Date.UTC(y, 0, 1) / DAY_MS <= last; y += step) {
        push(new Date(Date.UTC(y, 0, 1)), String(y), y % (step * 5) === 0);
      }
    } else if (perTick > 20) {
      const step = [1, 2, 3, 6].find((s) => s * 30 >= perTick) ?? 6;
      for (let y = first.getUTCFullYear(), m = 0; Date.UTC(y, m, 1) / DAY_MS <= last; m += step) {
        if (m >= 12) { y += Math.floor(m / 12); m %= 12; }
        push(new Date(Date.UTC(y, m, 1)), m === 0 ? String(y) : SHORT[m], m === 0);
      }
    } else {
      const step = [1, 2, 7, 14].find((s) => s >= perTick) ?? 14;
      for (let d = Math.floor(this.start); d <= last; d += 1) {
        const date = new Date(d * DAY_MS);
        const dom = date.getUTCDate();
        if (dom === 1 || (step < 7 ? (dom - 1) % step === 0 && dom < 30 : dom === 15 && step === 14) || (step === 7 && date.getUTCDay() === 1 && dom > 3 && dom < 27)) {
          push(date, dom === 1 ? `${SHORT[date.getUTCMonth()]} ${date.getUTCFullYear()}` : String(dom), dom === 1);
        }
      }
    }
    return out;
  }
}

/** The first (or, with `end`, the last) day of a year, month or day bound such as "2024", "2024-06", "2024-06-19"; null if not one. */
export function boundDay(text, end = false) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(text ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null];
  if (d !== null) return Date.UTC(y, mo - 1, d) / DAY_MS + (end ? 1 : 0);
  if (mo !== null) return Date.UTC(y, end ? mo : mo - 1, 1) / DAY_MS;
  return Date.UTC(end ? y + 1 : y, 0, 1) / DAY_MS;
}
