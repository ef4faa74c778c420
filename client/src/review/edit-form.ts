/**
 * The full edit form for one record, used by coordinators (review) and by volunteers fixing
 * their own (My records): name, category, description, who-for, contact details, the
 * schedule (the capture page's own schedule rows), commissioning, participation level,
 * the sensitive flag, and the first place. Sent as one PATCH; server field errors show
 * beside the fields with their labels, and in the summary above the Save button.
 */
import { apiSend, ApiError, describeError } from '../shared/api';
import { h } from '../shared/dom';
import { clearFieldErrors, showFieldErrors } from '../shared/field-errors';
import { announce } from '../shared/status';
import type { Asset, AssetWriteResult, Term, Vocabulary } from '../shared/types';
import { addScheduleRow, readScheduleRows, renderScheduleRows } from '../capture/schedule-rows';

const text = (id: string, name: string, value: string | null, type = 'text') => h('input', { type, id, name, value: value ?? '' });
const field = (name: string, label: string, control: HTMLElement, hint?: string) =>
  h('div', { className: 'field', 'data-field': name }, h('label', { for: control.id }, label), hint ? h('p', { className: 'hint' }, hint) : null, control);
function choice(id: string, terms: Term[], value: string | null): HTMLSelectElement {
  const select = h('select', { id }, h('option', { value: '' }, 'Not known'), terms.map((t) => h('option', { value: t.code }, t.label)));
  select.value = value ?? '';
  return select;
}
const orNull = (v: string) => (v.trim() ? v.trim() : null);

export function renderEditForm(asset: Asset, vocab: Vocabulary, onSaved: (result: AssetWriteResult) => void, onCancel: () => void, saveLabel = 'Save changes'): HTMLFormElement {
  const name = h('input', { type: 'text', id: 'edit-name', name: 'name', value: asset.name, required: true });
  const category = h('select', { id: 'edit-category', name: 'category' }, vocab.categories.map((c) => h('option', { value: c.code }, c.label)));
  category.value = asset.category;
  const description = h('textarea', { id: 'edit-description', name: 'description', rows: 4 });
  description.value = asset.description ?? '';
  const whoFor = vocab.whoFor.map((w) =>
    h('label', { className: 'check', for: `edit-whoFor-${w.code}` },
      h('input', { type: 'checkbox', id: `edit-whoFor-${w.code}`, name: 'whoFor', value: w.code, checked: asset.whoFor.includes(w.code) }), w.label));
  const phone = text('edit-phone', 'phone', asset.phone, 'tel');
  const email = text('edit-email', 'email', asset.email, 'email');
  const website = text('edit-website', 'website', asset.website, 'url');
  const schedule = h('div', { className: 'schedule-rows' });
  renderScheduleRows(schedule, asset.schedule.map((s) => ({ day: String(s.day), start: s.start, end: s.end ?? '' })), () => {});
  const commissioning = choice('edit-commissioning', vocab.commissioning, asset.commissioning);
  const participation = choice('edit-participation', vocab.participationLevels, asset.participationLevel);
  const sensitive = h('input', { type: 'checkbox', id: 'edit-sensitive', checked: asset.sensitive });
  const site = asset.sites[0];
  const venue = text('edit-venue', 'venueName', site?.venueName ?? null);
  const address = text('edit-address', 'address', site?.address ?? null);
  const postcode = text('edit-postcode', 'postcode', site?.postcode ?? null);
  const lat = text('edit-lat', 'lat', site ? String(site.lat) : null);
  const lng = text('edit-lng', 'lng', site ? String(site.lng) : null);
  const save = h('button', { type: 'submit' }, saveLabel);

  const form = h('form', { className: 'edit-form', novalidate: true, 'aria-labelledby': 'edit-heading' },
    h('h3', { id: 'edit-heading' }, 'Edit'),
    field('name', 'Name', name),
    field('category', 'Category', category),
    field('description', 'Description', description),
    h('fieldset', { 'data-field': 'whoFor' }, h('legend', {}, 'Who it is for'), whoFor),
    h('fieldset', { 'data-field': 'sites.0' },
      h('legend', {}, 'Where'),
      field('sites.0.venueName', 'Venue', venue),
      field('sites.0.address', 'Address', address),
      field('sites.0.postcode', 'Postcode', postcode),
      h('div', { className: 'button-row compact' }, field('sites.0.lat', 'Latitude', lat), field('sites.0.lng', 'Longitude', lng))),
    h('fieldset', { 'data-field': 'schedule' },
      h('legend', {}, 'When it meets'),
      schedule,
      h('button', { type: 'button', className: 'secondary small', onclick: () => addScheduleRow(schedule, () => {}) }, 'Add a session')),
    h('fieldset', {},
      h('legend', {}, 'Contact'),
      field('phone', 'Phone', phone), field('email', 'Email', email), field('website', 'Website', website)),
    field('commissioning', 'Commissioning', commissioning),
    field('participationLevel', 'Peer participation', participation),
    h('div', { className: 'field', 'data-field': 'sensitive' },
      h('label', { className: 'check', for: sensitive.id }, sensitive, 'Sensitive: hide the exact place from the public')),
    h('div', { className: 'button-row' }, save, h('button', { type: 'button', className: 'secondary', onclick: onCancel }, 'Cancel')));

  function placeChanged(): boolean {
    if (!site) return Boolean(lat.value.trim() || lng.value.trim());
    return venue.value !== (site.venueName ?? '') || address.value !== (site.address ?? '') || postcode.value !== (site.postcode ?? '')
      || lat.value.trim() !== String(site.lat) || lng.value.trim() !== String(site.lng);
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const body: Record<string, unknown> = {
      name: name.value.trim(),
      category: category.value,
      description: orNull(description.value),
      whoFor: whoFor.map((l) => l.querySelector('input')!).filter((b) => b.checked).map((b) => b.value),
      phone: orNull(phone.value),
      email: orNull(email.value),
      website: orNull(website.value),
      schedule: readScheduleRows(schedule).map((r) => ({ day: r.day === '' ? null : Number(r.day), start: r.start, end: r.end || null })),
      commissioning: orNull(commissioning.value),
      participationLevel: orNull(participation.value),
      sensitive: sensitive.checked,
    };
    if (placeChanged()) {
      // A changed place is a new site (the old one may be shared); the record's other places stay.
      body.sites = [
        { venueName: orNull(venue.value), address: orNull(address.value), postcode: orNull(postcode.value), lat: Number(lat.value), lng: Number(lng.value) },
        ...asset.sites.slice(1).map((s) => ({ id: s.id })),
      ];
    }
    save.disabled = true;
    try {
      onSaved(await apiSend<AssetWriteResult>('PATCH', `/api/assets/${asset.id}`, body));
    } catch (err) {
      if (err instanceof ApiError && err.details.length) showFieldErrors(form, err.fieldErrors());
      else announce(describeError(err), 'error');
    } finally {
      save.disabled = false;
    }
  });
  return form;
}
