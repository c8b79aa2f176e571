// Where the reader was in a timeline view — the events loaded, the scroll and the chart's window — kept per address
// in sessionStorage, so that going back to it (browser Back, or a "Back to the timeline" link) returns there. A new
// visit (the header's Timeline link, a bookmark) starts at the top.
const PREFIX = 'timeline.place:';
const RETURNING = 'timeline.returning';

/** Remembers the place for a view's address (its query string, as the timeline writes it). */
export function savePlace(search, place) {
  try {
    sessionStorage.setItem(PREFIX + search, JSON.stringify(place));
  } catch {
    // A full or unavailable storage only costs the way back.
  }
}

/** The place to return to for this address, when the view is being returned to; otherwise null. */
export function takePlace(search) {
  const returning = history.state?.timelinePlace === search || sessionStorage.getItem(RETURNING) === '1';
  sessionStorage.removeItem(RETURNING);
  if (!returning) return null;
  try {
    const place = JSON.parse(sessionStorage.getItem(PREFIX + search) ?? 'null');
    return place && Number.isInteger(place.count) && place.count > 0 ? place : null;
  } catch {
    return null;
  }
}

/** Marks the current history entry as this timeline view, so that Back to it (or a reload) returns to its place. */
export function stampEntry(search) {
  if (history.state?.timelinePlace !== search) history.replaceState({ ...(history.state ?? {}), timelinePlace: search }, '');
}

/** A "Back to the timeline" link was followed: the next timeline view returns to its place. */
export function markReturning() {
  sessionStorage.setItem(RETURNING, '1');
}

/** The first event at least partly in view, and how far its top is from the viewport's top. */
export function anchorIn(list) {
  for (const li of list.querySelectorAll('li.event')) {
    const box = li.getBoundingClientRect();
    if (box.bottom > 0) return { id: li.dataset.eventId, top: box.top };
  }
  return null;
}

/** Scrolls so the anchor event is where it was (or to the old scroll offset when it is not listed now). */
export function scrollToPlace(list, place) {
  const li = place.anchor && list.querySelector(`li.event[data-event-id="${CSS.escape(place.anchor.id)}"]`);
  if (li) window.scrollBy(0, li.getBoundingClientRect().top - place.anchor.top);
  else window.scrollTo(0, place.scrollY ?? 0);
}
