// Pointing at the chart: the wheel zooms (a trackpad's pinch arrives as a wheel with ctrlKey), a drag pans,
// two fingers pinch, a drag along the dates (or with Shift held) brushes a range, a click opens a mark.
import { AXIS_H, GUTTER } from './draw.js';

const CLICK_SLOP = 4;

/**
 * Wires pointer and wheel input on `canvas` to `chart`, which provides: scale, moved(), request(), hoverAt(x, y),
 * clickAt(x, y), brushTo(x0, x1 | null), brushDone(x0, x1).
 */
export function attachPointer(canvas, chart) {
  const pointers = new Map();
  let drag = null;

  const local = (e) => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const onWheel = (e) => {
    e.preventDefault();
    const { x } = local(e);
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    const dx = e.deltaX * unit;
    const dy = e.deltaY * unit;
    if (e.ctrlKey || Math.abs(dy) >= Math.abs(dx)) {
      chart.scale.zoom(Math.exp(-dy * (e.ctrlKey ? 0.01 : 0.0015)), Math.max(0, x - GUTTER));
    } else {
      chart.scale.pan(dx);
    }
    chart.moved();
  };

  const onDown = (e) => {
    if (e.button !== 0) return;
    canvas.setPointerCapture(e.pointerId);
    const p = local(e);
    pointers.set(e.pointerId, p);
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      drag = { mode: 'pinch', distance: Math.abs(a.x - b.x) || 1 };
      chart.brushTo(null);
      return;
    }
    const brushing = (p.y < AXIS_H || e.shiftKey) && p.x > GUTTER;
    drag = { mode: brushing ? 'brush' : 'pan', startX: p.x, startY: p.y, lastX: p.x, travelled: 0 };
  };

  const onMove = (e) => {
    const p = local(e);
    if (!pointers.has(e.pointerId)) {
      chart.hoverAt(p.x, p.y);
      return;
    }
    pointers.set(e.pointerId, p);
    if (!drag) return;
    if (drag.mode === 'pinch' && pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const distance = Math.abs(a.x - b.x) || 1;
      chart.scale.zoom(distance / drag.distance, Math.max(0, (a.x + b.x) / 2 - GUTTER));
      drag.distance = distance;
      chart.moved();
      return;
    }
    drag.travelled = Math.max(drag.travelled, Math.abs(p.x - drag.startX) + Math.abs(p.y - drag.startY));
    if (drag.mode === 'pan') {
      chart.scale.pan(drag.lastX - p.x);
      drag.lastX = p.x;
      if (drag.travelled > CLICK_SLOP) chart.moved();
    } else if (drag.mode === 'brush') {
      chart.brushTo(drag.startX, Math.max(GUTTER, p.x));
    }
  };

  const onUp = (e) => {
    const p = local(e);
    pointers.delete(e.pointerId);
    const ended = drag;
    if (pointers.size > 0) return;
    drag = null;
    if (!ended) return;
    if (ended.mode === 'brush' && Math.abs(p.x - ended.startX) > CLICK_SLOP) {
      chart.brushDone(ended.startX, Math.max(GUTTER, p.x));
    } else {
      chart.brushTo(null);
      if (ended.mode !== 'pinch' && ended.travelled <= CLICK_SLOP) chart.clickAt(p.x, p.y);
    }
  };

  const onLeave = () => { if (pointers.size === 0) chart.hoverAt(-1, -1); };
  const onCancel = (e) => { pointers.delete(e.pointerId); drag = null; chart.brushTo(null); };

  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('pointercancel', onCancel);
  canvas.addEventListener('pointerleave', onLeave);
}
