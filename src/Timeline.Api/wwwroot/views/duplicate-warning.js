// The event form's warning of possible duplicates: as the title, the date and the actors are entered, the body is
// compared with recorded events (POST /api/events/possible-duplicates) and the likely ones are listed with why.
import { api } from '../shared/api.js';
import { h, replace } from '../shared/dom.js';

export function duplicateWarning(body) {
  const element = h('section', { class: 'possible-duplicates warning', id: 'possible-duplicates', hidden: true, 'aria-live': 'polite' });
  let timer = null;
  let asked = 0;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      const { title, occurred, actors, summary, sources } = body();
      if (!title && !sources?.length) {
        element.hidden = true;
        return;
      }
      try {
        const { data } = await api('/api/events/possible-duplicates', { method: 'POST', body: { title, occurred, actors, summary, sources } });
        if (mine !== asked) return;
        element.hidden = data.items.length === 0;
        replace(element, h('h2', {}, 'This may already be recorded'),
          h('ul', {}, data.items.map((d) => h('li', {}, h('a', { href: `#/events/${d.eventId}`, target: '_blank', rel: 'noopener' }, d.title),
            ` (${d.occurred}) — ${d.reasons.join(', ')}`))));
      } catch {
        // a half-typed form may not compare yet; the warning is only a hint
      }
    }, 400);
  };
  return { element, refresh };
}
