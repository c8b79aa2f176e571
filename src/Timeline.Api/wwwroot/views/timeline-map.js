// The map beside the chart: where the filtered events happened, each place as precisely as its source says — a
// marker for a point, a circle of its radius for an uncertain one, its outline for an area the source names only as a
// city, region or country; never jittered. It draws the events the chart loaded (so it follows the same filters and
// address, and a brushed range narrows both); "Only what the map shows" makes the map's box the `bbox` filter.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { feature } from '../vendor/topojson-client/index.js';
import { api } from '../shared/api.js';
import { h, replace } from '../shared/dom.js';
import { edtfWords } from '../shared/edtf-words.js';

let countries = null; // Natural Earth's outlines (world-atlas, 1:110m), read once
const places = new Map(); // code → place, as GET /api/places gives them
let settings = null; // GET /api/map: the tile server, when one is configured

/**
 * A ring as a plane draws it: world-atlas's rings that cross the antimeridian jump from 180° to −180° (Russia's, Fiji's),
 * which a flat map would draw as a band round the world; unwrapped, they run on past 180°.
 */
function unwrap(ring) {
  let offset = 0;
  let previous = null;
  return ring.map(([x, y]) => {
    if (previous !== null && x + offset - previous > 180) offset -= 360;
    else if (previous !== null && x + offset - previous < -180) offset += 360;
    previous = x + offset;
    return [x + offset, y];
  });
}

function unwrapGeometry(g) {
  if (g?.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(unwrap) };
  if (g?.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((p) => p.map(unwrap)) };
  return g;
}

function countryOutlines() {
  countries ??= fetch('vendor/world-atlas/countries-110m.json')
    .then((r) => r.json())
    .then((topology) => feature(topology, topology.objects.countries))
    .then((outlines) => ({ ...outlines, features: outlines.features.map((f) => ({ ...f, geometry: unwrapGeometry(f.geometry) })) }));
  return countries;
}

function mapSettings() {
  settings ??= api('/api/map').then(({ data }) => data).catch(() => ({ tileUrl: null, tileAttribution: null }));
  return settings;
}

/** Reads the places these events name that are not known yet. */
async function readPlaces(codes) {
  const missing = codes.filter((c) => !places.has(c));
  if (missing.length === 0) return;
  const { data } = await api('/api/places?limit=500');
  for (const p of data.items) places.set(p.code, p);
  for (const code of missing.filter((c) => !places.has(c))) {
    try {
      places.set(code, (await api(`/api/places/${encodeURIComponent(code)}`)).data);
    } catch {
      // A place that cannot be read is left off the map; its events are counted as not shown.
    }
  }
}

/** What to draw for an event's place, as the API's footprints do: the point for exact or near, else the area when there is one. */
function shapeOf(at, place) {
  const point = place.point ? { type: 'Point', coordinates: place.point } : null;
  return at.precision === 'exact' || at.precision === 'near' ? point ?? place.area : place.area ?? point;
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** The box as the `bbox` parameter writes it: west,south,east,north, to about 100 m. */
const boxOf = (bounds) => [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
  .map((v, i) => Math.max(i % 2 ? -90 : -180, Math.min(i % 2 ? 90 : 180, v)).toFixed(3)).join(',');

/** `setBox(bbox)` applies the map's box as the `bbox` filter ('' lifts it); `box` is the filter's box now. */
export function timelineMap({ box, setBox }) {
  const canvas = h('div', { class: 'timeline-map__canvas', id: 'timeline-map', role: 'region', 'aria-label': 'Map of the events’ places' });
  const summary = h('p', { class: 'timeline-map__summary', role: 'status' }, 'Loading the map…');
  const only = h('input', { type: 'checkbox', id: 'map-only-box', checked: Boolean(box) });
  const listed = h('div', { class: 'timeline-map__listed', 'aria-live': 'polite' });
  const element = h('section', { class: 'timeline-map', 'aria-label': 'Map' },
    canvas,
    h('label', { class: 'timeline-map__only', for: 'map-only-box' }, only, ' Only what the map shows'),
    summary, listed);

  // Its own zoom buttons, named apart from the chart's.
  const map = L.map(canvas, { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomControl: false }).setView([45, 90], 2);
  L.control.zoom({ zoomInTitle: 'Zoom the map in', zoomOutTitle: 'Zoom the map out' }).addTo(map);
  // Outlines, places and fits arrive after awaits: none of them is drawn on a map the view has let go of.
  let destroyed = false;
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" rel="noopener noreferrer">Leaflet</a>');
  const drawn = L.featureGroup().addTo(map);
  mapSettings().then(async (s) => {
    if (destroyed) return;
    if (s.tileUrl) {
      L.tileLayer(s.tileUrl, { attribution: s.tileAttribution ?? '' }).addTo(map);
      return;
    }
    const outlines = await countryOutlines();
    if (destroyed) return;
    L.geoJSON(outlines, { interactive: false, style: { className: 'timeline-map__country', weight: 0.6 } })
      .addTo(map).bringToBack();
    map.attributionControl.addAttribution('Outlines: Natural Earth');
  });
  // The page's own moves (fitting the events or the address's box) are not the reader choosing a box.
  let quiet = null;
  const fit = (bounds, options) => {
    clearTimeout(quiet);
    quiet = setTimeout(() => { quiet = null; }, 1500);
    map.fitBounds(bounds, { ...options, animate: false });
  };
  // The map is made before the page places it: once it has a size, Leaflet measures it again (and shows the box).
  let sized = false;
  const resized = new ResizeObserver(() => {
    if (destroyed || canvas.clientWidth === 0) return;
    map.invalidateSize();
    if (!sized && box) {
      const [w, s, e, n] = box.split(',').map(Number);
      fit([[s, w], [n, e]]);
    }
    sized = true;
  });
  resized.observe(canvas);

  let moving = null;
  map.on('moveend', () => {
    if (!only.checked || quiet) return;
    clearTimeout(moving);
    // Still wanted when the reader stops moving: unticked meanwhile, the box is not applied.
    moving = setTimeout(() => { if (only.checked && !destroyed) setBox(boxOf(map.getBounds())); }, 300);
  });
  only.addEventListener('change', () => {
    clearTimeout(moving);
    setBox(only.checked ? boxOf(map.getBounds()) : '');
  });

  /** Lists the events at a place, as a click on it asks. */
  const list = (place, at) => {
    replace(listed,
      h('h3', {}, `${place.name}: ${plural(at.length, 'event', 'events')}`),
      h('ul', {}, ...at.map(({ e, p }) => h('li', {},
        h('a', { href: `#/events/${e.id}` }, e.title), ` — ${edtfWords(e.occurred)}, ${p.role}, ${p.precision}`,
        p.uncertaintyKm ? ` (within ${p.uncertaintyKm} km)` : ''))));
  };

  let shown = 0;
  return {
    element,
    /** Draws the events (all the chart has loaded so far); fits them unless the map's box is the filter. */
    async show(events, complete) {
      const mine = ++shown;
      await readPlaces([...new Set(events.flatMap((e) => (e.places ?? []).map((p) => p.place)))]);
      if (mine !== shown || destroyed) return;
      const byShape = new Map();
      let placed = 0;
      for (const e of events) {
        let onMap = false;
        for (const p of e.places ?? []) {
          const place = places.get(p.place);
          const shape = place && shapeOf(p, place);
          if (!shape) continue;
          onMap = true;
          // One mark per place drawn the same way: a point, a circle of one radius, or the area.
          const circle = shape.type === 'Point' && p.uncertaintyKm ? p.uncertaintyKm : 0;
          const key = `${p.place}|${shape.type}|${circle}`;
          if (!byShape.has(key)) byShape.set(key, { place, shape, circle, at: [] });
          byShape.get(key).at.push({ e, p });
        }
        if (onMap) placed++;
      }
      drawn.clearLayers();
      for (const { place, shape, circle, at } of byShape.values()) {
        const title = `${place.name}: ${plural(at.length, 'event', 'events')}`;
        const [lon, lat] = shape.type === 'Point' ? shape.coordinates : [0, 0];
        const layer = shape.type !== 'Point'
          ? L.geoJSON(shape, { style: { className: `timeline-map__area place-${place.code}`, weight: 1 } })
          : circle
            ? L.circle([lat, lon], { radius: circle * 1000, className: `timeline-map__circle place-${place.code}`, weight: 1 })
            : L.circleMarker([lat, lon], { radius: 6, className: `timeline-map__marker place-${place.code}`, weight: 1 });
        layer.bindTooltip(title);
        layer.on('click', () => list(place, at));
        drawn.addLayer(layer);
      }
      const unplaced = events.length - placed;
      summary.textContent = `${plural(placed, 'event', 'events')} on the map` +
        (unplaced ? `; ${plural(unplaced, 'event has', 'events have')} no place and ${unplaced === 1 ? 'is' : 'are'} not shown.` : '.') +
        (complete ? '' : ' Loading more…');
      if (complete && !only.checked && drawn.getLayers().length > 0 && canvas.clientWidth > 0) fit(drawn.getBounds(), { maxZoom: 6, padding: [12, 12] });
    },
    /** The box is no longer the filter (the filters were cleared). */
    lift() {
      only.checked = false;
    },
    destroy() {
      destroyed = true;
      clearTimeout(moving);
      clearTimeout(quiet);
      resized.disconnect();
      map.remove();
    },
  };
}
