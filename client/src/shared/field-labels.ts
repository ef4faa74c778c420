/**
 * The words people see for the API's field names: `sites.0.postcode: is not a UK postcode`
 * reads "Postcode is not a UK postcode." Used wherever a field has no label on screen
 * (the outbox, a status message, a summary entry with no wrapper).
 */
const LABELS: Record<string, string> = {
  name: 'Name', category: 'Category', description: 'Description', whoFor: 'Who it is for', tags: 'Tags',
  phone: 'Phone', email: 'Email', website: 'Website', organisationId: 'Organisation',
  schedule: 'When it meets', scheduleNotes: 'Schedule notes', day: 'Day', start: 'Start time', end: 'End time', note: 'Note',
  sites: 'Place', venueName: 'Venue', address: 'Address', postcode: 'Postcode', lat: 'Place on the map', lng: 'Place on the map', id: 'Place',
  cost: 'Cost', costNotes: 'Cost notes', commissioning: 'Commissioning', participationLevel: 'Peer participation',
  learnedFrom: 'How you heard of it', sensitive: 'Sensitive', reason: 'Reason', survivorId: 'Record to keep', ids: 'Records',
};

export function fieldLabel(field: string): string {
  const parts = field.replace(/^(query|params)\./, '').split('.');
  const last = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? field;
  const label = LABELS[last] ?? last.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
  const session = parts[0] === 'schedule' && /^\d+$/.test(parts[1] ?? '') ? ` (session ${Number(parts[1]) + 1})` : '';
  return label + session;
}

/** "Postcode is not a UK postcode." from ("sites.0.postcode", "is not a UK postcode"). */
export function fieldSentence(field: string, message: string): string {
  const label = fieldLabel(field);
  const text = /^[a-z]/.test(message) ? `${label} ${message}` : `${label}: ${message}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
