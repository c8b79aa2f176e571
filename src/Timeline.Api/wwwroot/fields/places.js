// The event form's places: found by any of their names (GET /api/places?q=, the actors' name keys) or picked by a click
// on a small map of the recorded places; each with its role, how precisely the source places it, and, when the source
// says "near" or "around", how many kilometres it may be off. At most 50, as the API allows.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { api } from '../shared/api.js';
import { h, uid } from '../shared/dom.js';

export const ROLES = ['site', 'origin', 'destination', 'route'];
export const PRECISIONS = ['exact', 'near', 'city', 'region', 'country'];
const PRECISION_WORDS = { exact: 'exactly there', near: 'near it', city: 'somewhere in the city', region: 'somewhere in the region', country: 'somewhere in the country' };

/** A place as the form compares it: the API's members, uncertainty as a number or null. */
export const normPlace = (p) => ({ place: p.place, role: p.role ?? 'site', precision: p.precision, uncertaintyKm: p.uncertaintyKm ?? null });

const select = (id, values, value, label, words = {}) => h('select', { id, 'aria-label': label },
  values.map((v) => h('option', { value: v, selected: v === value }, words[v] ?? v)));

/** The precision a place's kind suggests when it is added: a city is placed "in the city", a site exactly. */
const precisionFor = (kind) => ({ site: 'exact', route: 'near', city: 'city', region: 'region', country: 'country' })[kind] ?? 'exact';

/**
 * @param {{ errors: import('./fields.js').FieldErrors }} options
 * @returns {{ element: HTMLElement, get: () => object[], set: (v: object[]) => void }}
 */
export function placesField({ errors }) {
  const error = h('p', { class: 'field-error', id: 'places-error' });
  const list = h('ul', { class: 'related-rows', id: 'place-rows' });
  const searchInput = h('input', { type: 'search', id: 'place-search', autocomplete: 'off', 'aria-describedby': 'place-search-help places-error' });
  const find = h('button', { type: 'button', class: 'secondary', id: 'place-find' }, 'Find place');
  const results = h('ul', { class: 'related-results', id: 'place-results' });
  const status = h('p', { class: 'muted', role: 'status', id: 'place-status' });
  const canvas = h('div', { class: 'place-picker', id: 'place-picker', role: 'region', 'aria-label': 'Recorded places: click one to add it' });
  const known = new Map();
  let rows = [];

  const announce = (text) => { status.textContent = text; };

  const addRow = (value, place) => {
    const row = { place: value.place, element: null };
    const name = place?.name ?? value.place;
    row.role = select(uid('place-role'), ROLES, value.role ?? 'site', `Role of ${name}`);
    row.precision = select(uid('place-precision'), PRECISIONS, value.precision ?? precisionFor(place?.kind), `How precisely the source places it at ${name}`, PRECISION_WORDS);
    row.km = h('input', { type: 'number', min: '0', step: 'any', id: uid('place-km'), value: value.uncertaintyKm ?? '', 'aria-label': `Within how many km of ${name} (optional)` });
    const remove = h('button', { type: 'button', class: 'link-button', 'aria-label': `Remove place ${name}` }, 'Remove');
    remove.addEventListener('click', () => {
      rows = rows.filter((r) => r !== row);
      row.element.remove();
      announce(`Removed ${name}.`);
      searchInput.focus();
    });
    row.element = h('li', { class: 'related-row place-row', dataset: { place: value.place } },
      h('strong', {}, name), ' ', row.role, ' ', row.precision, ' ', h('label', { for: row.km.id }, 'within km '), row.km, ' ', remove);
    rows.push(row);
    list.append(row.element);
  };

  const add = (place) => {
    if (rows.some((r) => r.place === place.code)) return announce(`${place.name} is among the places already.`);
    if (rows.length >= 50) return announce('An event has at most 50 places.');
    addRow({ place: place.code }, place);
    announce(`Added ${place.name}: say how precisely the source places it.`);
  };

  const search = async () => {
    const q = searchInput.value.trim();
    results.replaceChildren();
    if (!q) return;
    const { data } = await api(`/api/places?q=${encodeURIComponent(q)}&limit=10`);
    for (const p of data.items) known.set(p.code, p);
    results.append(...data.items.map((p) => {
      const button = h('button', { type: 'button', class: 'link-button' }, `Add ${p.name}`);
      button.addEventListener('click', () => add(p));
      return h('li', {}, button, ` (${p.kind}${p.match && p.match.name !== p.name ? `, as “${p.match.name}”` : ''})`);
    }));
    announce(data.items.length ? `${data.items.length} found.` : `No place is called “${q}”; record it at POST /api/places first.`);
  };
  find.addEventListener('click', search);
  searchInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      search();
    }
  });

  // The small map: each recorded place a dot (or its outline); a click adds it.
  let map = null;
  const drawMap = async () => {
    const { data } = await api('/api/places?limit=500');
    // The form may have been left meanwhile: a map is drawn only on a picker still on the page.
    if (!canvas.isConnected) return;
    // Nothing of it listens to the window: the form is left without telling its fields.
    // and nothing animates, so a form left mid-zoom leaves nothing running on a detached map.
    map = L.map(canvas, { minZoom: 1, maxZoom: 10, zoomControl: false, trackResize: false, zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false })
      .setView([45, 90], 2);
    L.control.zoom({ zoomInTitle: 'Zoom the map of places in', zoomOutTitle: 'Zoom the map of places out' }).addTo(map);
    // Made once the form is on the page, whose layout may still settle: measured again then.
    requestAnimationFrame(() => { if (canvas.isConnected) map.invalidateSize(); });
    const dots = L.featureGroup().addTo(map);
    for (const p of data.items) {
      known.set(p.code, p);
      const layer = p.point
        ? L.circleMarker([p.point[1], p.point[0]], { radius: 6, className: `timeline-map__marker place-${p.code}`, weight: 1 })
        : L.geoJSON(p.area, { style: { className: `timeline-map__area place-${p.code}`, weight: 1 } });
      layer.bindTooltip(p.name);
      layer.on('click', () => add(p));
      dots.addLayer(layer);
    }
    if (dots.getLayers().length && canvas.clientWidth > 0) map.fitBounds(dots.getBounds(), { maxZoom: 5, padding: [10, 10], animate: false });
  };
  drawMap().catch((e) => { canvas.textContent = `The map of places could not be drawn: ${e.message}`; });

  errors.register('places', error, searchInput, 'Places');
  const element = h('fieldset', { class: 'related', id: 'places', 'aria-describedby': 'places-error' },
    h('legend', {}, 'Places'),
    h('label', { for: 'place-search' }, 'Find a place'),
    h('p', { class: 'muted', id: 'place-search-help' }, 'Where it happened, as precisely as the source says: find a place by name, or click it on the map.'),
    h('div', { class: 'field-row' }, searchInput, find), results, canvas, list, status, error);
  return {
    element,
    get: () => rows.map((r) => normPlace({
      place: r.place, role: r.role.value, precision: r.precision.value,
      uncertaintyKm: r.km.value === '' ? null : Number(r.km.value),
    })),
    set: (v) => {
      rows = [];
      list.replaceChildren();
      for (const p of v ?? []) addRow(p, known.get(p.place) ?? null);
    },
    destroy: () => map?.remove(),
  };
}
