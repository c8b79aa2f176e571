// The header's count of new leads: read now and every few seconds while signed in, and again at once whenever a view
// triages a lead (the "timeline:leads-changed" event).
import { api } from './api.js';

const EVERY_MS = 10_000;
let timer = null;

async function refresh(badge) {
  try {
    const { data } = await api('/api/leads?status=new&limit=100');
    const count = data.items.length;
    badge.textContent = data.nextCursor ? `${count}+` : String(count);
    badge.hidden = count === 0;
    badge.setAttribute('aria-label', `${badge.textContent} new`);
  } catch {
    // the count is a hint: a failed read leaves the last one
  }
}

export const leadCount = {
  start(badge) {
    leadCount.stop();
    const tick = () => refresh(badge);
    tick();
    timer = setInterval(tick, EVERY_MS);
    window.addEventListener('timeline:leads-changed', tick);
    leadCount.stop = () => {
      clearInterval(timer);
      window.removeEventListener('timeline:leads-changed', tick);
      leadCount.stop = () => {};
    };
  },
  stop() {},
};
