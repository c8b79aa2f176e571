// The words of the domain, in one place: what the forms offer and how the page names what the API sends. The API
// accepts any well-formed type; the types here are the usual ones.

export const EVENT_TYPES = [
  'treaty.signed', 'military.deployment', 'military.supply', 'sanctions.designation', 'sanctions.delisting', 'sanctions.enforcement',
  'un.vote', 'un.veto', 'statement', 'intelligence.release', 'institution.formed', 'trade.flow',
];

/** Types and subtrees for the timeline's type filter. */
export const TYPE_FILTERS = [...EVENT_TYPES, 'military.*', 'sanctions.*', 'un.*', 'treaty.*', 'intelligence.*'];

/** The types that may carry a designation (its authority, programme, measures…). */
export const SANCTION_TYPES = ['sanctions.designation', 'sanctions.delisting'];

export const STATUSES = ['reported', 'confirmed', 'disputed', 'retracted'];

/** The statuses an event can be recorded or amended with (retraction has its own action). */
export const WRITABLE_STATUSES = ['reported', 'confirmed', 'disputed'];

/** How one event relates to another, and the words for it ("this event responds to …"). */
export const RELATIONS = ['confirms', 'contradicts', 'responds-to', 'follows'];
export const RELATION_WORDS = { confirms: 'confirms', contradicts: 'contradicts', 'responds-to': 'responds to', follows: 'follows' };

/** A source's reliability, on the Admiralty (NATO) scale. */
export const RELIABILITY = {
  A: 'completely reliable', B: 'usually reliable', C: 'fairly reliable', D: 'not usually reliable', E: 'unreliable', F: 'reliability cannot be judged',
};

/** An event's credibility, on the same scale. */
export const CREDIBILITY = {
  1: 'confirmed by other sources', 2: 'probably true', 3: 'possibly true', 4: 'doubtful', 5: 'improbable', 6: 'truth cannot be judged',
};

/** An actor's kinds, as the API writes them and as the page names them. */
export const ACTOR_KINDS = {
  state: 'State', organisation: 'Organisation', person: 'Person', company: 'Company', vessel: 'Vessel', aircraft: 'Aircraft',
};

/** The identifier schemes an actor may have one of each, and their names. */
export const IDENTIFIER_SCHEMES = {
  wikidata: 'Wikidata',
  opensanctions: 'OpenSanctions',
  imo: 'IMO number',
  ofac: 'OFAC SDN uid',
  un: 'UN sanctions reference',
  iso3166: 'ISO 3166 code',
};

/** A follow-up's statuses, all of them (an event page lists every follow-up it has). */
export const FOLLOW_UP_STATUSES = ['open', 'overdue', 'fulfilled', 'cancelled'];

/** The alert kinds, in words. */
export const ALERT_KINDS = {
  'event.recorded': 'New event',
  'event.amended': 'Event amended',
  'event.retracted': 'Event retracted',
  'followup.due': 'Follow-up due soon',
  'followup.overdue': 'Follow-up overdue',
  'followup.fulfilled': 'Follow-up fulfilled',
  'claim.recorded': 'Claim recorded',
};
