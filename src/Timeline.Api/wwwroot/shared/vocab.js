// The words of the domain the forms offer (the API accepts any well-formed type; these are the usual ones).

export const EVENT_TYPES = [
  'treaty.signed', 'military.deployment', 'military.supply', 'sanctions.designation', 'sanctions.delisting', 'sanctions.enforcement',
  'un.vote', 'un.veto', 'statement', 'intelligence.release', 'institution.formed', 'trade.flow',
];

/** Types and subtrees for the timeline's type filter. */
export const TYPE_FILTERS = [...EVENT_TYPES, 'military.*', 'sanctions.*', 'un.*', 'treaty.*', 'intelligence.*'];

export const STATUSES = ['reported', 'confirmed', 'disputed', 'retracted'];

/** The statuses an event can be recorded or amended with (retraction has its own action). */
export const WRITABLE_STATUSES = ['reported', 'confirmed', 'disputed'];

export const RELATIONS = ['confirms', 'contradicts', 'responds-to', 'follows'];
