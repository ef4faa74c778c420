/**
 * The one form for an asset: the capture page (a new record), a coordinator's edit on the
 * review card, and a volunteer's fix-and-resend on My records. Same fields, labels, place
 * picking (Leaflet map, location, map centre, postcode), schedule rows and field errors
 * everywhere; what differs is passed in: which role-bound fields show, the buttons, and what
 * happens on change and on submit (the page's business, not the form's).
 *
 * Ids start with `idPrefix`, so two forms can share a page. Mount it into a form element
 * that is in the document and visible (Leaflet measures its container when it starts).
 */
import { apiGet, ApiError, describeError } from '../shared/api';
import { h, type Child } from '../shared/dom';
import { clearFieldErrors, showFieldErrors } from '../shared/field-errors';
import { pointInPolygon } from '../shared/geometry';
import { announce } from '../shared/status';
import type { ClientConfig, Organisation, Partnership, PostcodeLookup, Term, Vocabulary } from '../shared/types';
import { emptyDraft, type CaptureDraft, type FormFields, type LatLng } from './draft';
import { readDraft, writeDraft } from './form-binding';
import { createPlaceMap, type PlaceMap, type PlaceSource } from './place-map';
import { addScheduleRow } from './schedule-rows';
import './asset-form.css';

export type AssetFormOptions = {
  idPrefix: string;
  vocab: Vocabulary;
  organisations: Organisation[] | null;
  config: ClientConfig;
  partnership: Partnership;
  /** Role-bound fields: commissioning and participation, learned-from, publish-at-once. */
  fields: FormFields;
  heading?: { id: string; text: string };
  /** Shown above the first field (the capture page's "kept on this device"). */
  intro?: Child | Child[];
  /** The submit button's words, and any buttons beside it. */
  submitLabel: string;
  extraButtons?: HTMLElement[];
  /** Called on every change the person makes (typing, ticking, placing the pin). */
  onChange?: () => void;
  /** A hint in the "Where" group, e.g. that a sensitive place is shown only roughly. */
  placeNote?: string;
};

export type AssetForm = {
  form: HTMLFormElement;
  submitButton: HTMLButtonElement;
  /** Under "What is it?": the capture page's "is it already on the map?" panel goes here. */
  afterWhat: HTMLElement;
  read(): CaptureDraft;
  /** Fills the form (and the pin) from a draft; `source` says where it came from in the readout. */
  write(draft: CaptureDraft, source?: PlaceSource): void;
  reset(): void;
  showErrors(errors: Map<string, string>): void;
  clearErrors(): void;
  /** The heading of an edit, or the name field of a new record. */
  focusFirst(): void;
};

type Ctl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const optional = () => h('span', { className: 'optional' }, '(optional)');

export function mountAssetForm(form: HTMLFormElement, o: AssetFormOptions): AssetForm {
  const p = o.idPrefix;
  const id = (name: string) => `${p}${name}`;
  const onChange = () => o.onChange?.();

  // --- controls ------------------------------------------------------------------------
  const input = (name: string, type = 'text', attrs: Record<string, string | boolean> = {}) =>
    h('input', { type, id: id(name), name, ...attrs });
  const select = (name: string, first: string, terms: Term[], className?: string) =>
    h('select', { id: id(name), name, className: className ?? null }, h('option', { value: '' }, first), terms.map((t) => h('option', { value: t.code }, t.label)));
  const tri = (name: string) => select(name, 'Not sure', [{ code: 'yes', label: 'Yes' }, { code: 'no', label: 'No' }], 'tri');
  const field = (name: string, label: Child[], control: Ctl | HTMLElement, hint?: string) => {
    const hintId = hint ? `${control.id}-hint` : null;
    if (hintId) control.setAttribute('aria-describedby', hintId);
    return h('div', { className: 'field', 'data-field': name },
      h('label', { for: control.id }, ...label), hint ? h('p', { className: 'hint', id: hintId }, hint) : null, control);
  };
  const check = (name: string, label: string, hint?: string) => {
    const box = input(name, 'checkbox');
    const hintId = hint ? `${box.id}-hint` : null;
    if (hintId) box.setAttribute('aria-describedby', hintId);
    return h('div', { className: 'field', 'data-field': name },
      h('label', { className: 'check', for: box.id }, box, ` ${label}`), hint ? h('p', { className: 'hint', id: hintId }, hint) : null);
  };

  const mapEl = h('div', { id: id('map'), className: 'place-map', role: 'region', 'aria-label': 'Map: tap to place the asset; arrow keys move the map', 'aria-describedby': id('where-hint') });
  const readout = h('p', { id: id('point-readout'), className: 'point-readout' }, 'No place chosen yet.');
  const postcode = input('postcode', 'text', { autocomplete: 'postal-code', autocapitalize: 'characters' });
  const findPostcodeButton = h('button', { type: 'button', className: 'secondary' }, 'Find');
  const useLocation = h('button', { type: 'button', className: 'secondary' }, 'Use my location');
  const useCentre = h('button', { type: 'button', className: 'secondary' }, "Put the pin at the map's centre");
  const scheduleRows = h('div', { className: 'schedule-rows', 'data-id-base': id('schedule-') });
  const addSession = h('button', { type: 'button', className: 'secondary add-session' }, 'Add a session');
  const organisationSelect = select('organisationId', 'Not listed / not sure',
    [...(o.organisations ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'en-GB')).map((org) => ({ code: org.id, label: org.name })));
  const categorySelect = select('category', 'Choose a category', o.vocab.categories);
  categorySelect.required = true;
  const submitButton = h('button', { type: 'submit' }, o.submitLabel);
  const afterWhat = h('section', { className: 'duplicates', 'aria-live': 'polite', hidden: true });
  const description = h('textarea', { id: id('description'), name: 'description', rows: 4 });

  form.classList.add('asset-form');
  form.noValidate = true;
  form.replaceChildren(...[
    // Only edits have a heading, and they sit under a record's own h2 (review card, My records).
    o.heading ? h('h3', { id: o.heading.id, tabindex: '-1' }, o.heading.text) : null,
    o.intro ? h('p', { className: 'hint' }, o.intro) : null,

    h('fieldset', { 'data-field': 'sites' },
      h('legend', {}, 'Where is it?'),
      h('p', { className: 'hint', id: id('where-hint') }, 'Tap the map where it meets, use your location, or find a postcode. You can drag the pin to adjust it.'),
      o.placeNote ? h('p', { className: 'hint' }, o.placeNote) : null,
      mapEl,
      readout,
      h('div', { className: 'button-row' }, useLocation, useCentre),
      h('div', { className: 'field postcode-row', 'data-field': 'sites.0.postcode' },
        h('label', { for: postcode.id }, 'Postcode'),
        h('div', { className: 'inline' }, postcode, findPostcodeButton)),
      field('sites.0.venueName', ['Venue name ', optional()], input('venueName'), 'For example "St Mary\'s church hall"'),
      field('sites.0.address', ['Address ', optional()], input('address', 'text', { autocomplete: 'street-address' }))),

    h('fieldset', {},
      h('legend', {}, 'What is it?'),
      field('name', ['Name'], input('name', 'text', { required: true })),
      field('category', ['Category'], categorySelect),
      field('description', ['What happens there ', optional()], description),
      o.organisations?.length ? field('organisationId', ['Run by ', optional()], organisationSelect) : null),

    afterWhat,

    h('fieldset', { 'data-field': 'whoFor' },
      h('legend', {}, 'Who is it for?'),
      h('p', { className: 'hint' }, 'Leave all unticked if it is open to everyone.'),
      h('div', { className: 'checks' }, o.vocab.whoFor.map((w) =>
        h('label', { className: 'check', for: id(`whoFor-${w.code}`) },
          h('input', { type: 'checkbox', id: id(`whoFor-${w.code}`), name: 'whoFor', value: w.code }), ` ${w.label}`))),
      check('peerLed', 'Run by people with lived experience (peer-led)')),

    h('fieldset', { 'data-field': 'schedule' },
      h('legend', {}, 'When does it meet?'),
      scheduleRows,
      addSession,
      field('scheduleNotes', ['Other timing notes ', optional()], input('scheduleNotes'), 'For example "first Monday of the month" or "closed in August"')),

    h('fieldset', {},
      h('legend', {}, 'Getting in'),
      field('selfReferral', ['Can people refer themselves?'], tri('selfReferral')),
      field('professionalReferral', ['Can professionals refer people?'], tri('professionalReferral')),
      field('wheelchairAccess', ['Wheelchair accessible?'], tri('wheelchairAccess')),
      field('cost', ['Cost'], select('cost', 'Not sure', o.vocab.cost)),
      field('costNotes', ['Cost notes ', optional()], input('costNotes'))),

    h('fieldset', {},
      h('legend', {}, 'Contact ', optional()),
      field('phone', ['Phone'], input('phone', 'tel', { autocomplete: 'off' })),
      field('email', ['Email'], input('email', 'email', { autocomplete: 'off' })),
      field('website', ['Website'], input('website', 'url', { placeholder: 'https://', autocomplete: 'off' }))),

    o.fields.classification
      ? h('fieldset', {},
          h('legend', {}, 'Commissioning and participation'),
          field('commissioning', ['Commissioning'], select('commissioning', 'Not known', o.vocab.commissioning)),
          field('participationLevel', ['Peer participation'], select('participationLevel', 'Not known', o.vocab.participationLevels)))
      : null,

    h('fieldset', {},
      h('legend', {}, 'About this record'),
      o.fields.learnedFrom ? field('learnedFrom', ['Who told you about it?'], select('learnedFrom', 'Not sure', o.vocab.learnedFrom)) : null,
      check('sensitive', 'Keep the exact place private', 'For example a women-only group or a meeting in a home. The public then see only an area about 1 km across.'),
      o.fields.publish ? check('publish', 'Publish straight away (coordinators only)') : null),

    h('div', { className: 'button-row submit-row' }, submitButton, ...(o.extraButtons ?? [])),
  ].filter(Boolean) as HTMLElement[]);

  // --- the place -----------------------------------------------------------------------
  let point: LatLng | null = null;
  const whereGroup = form.querySelector<HTMLElement>('[data-field="sites"]')!;
  const describePoint = (at: LatLng | null, source: PlaceSource) => {
    if (!at) {
      readout.textContent = 'No place chosen yet.';
      readout.classList.remove('warn');
      return;
    }
    const how = { map: 'from the map', location: 'from your location', postcode: 'from the postcode', centre: "at the map's centre", draft: 'from your draft', saved: 'where it is saved' }[source];
    const outside = o.partnership.boundary && !pointInPolygon(at.lng, at.lat, o.partnership.boundary);
    readout.textContent = `Pin placed ${how}: ${at.lat.toFixed(5)}, ${at.lng.toFixed(5)}.` + (outside ? ` This is outside ${o.partnership.name}: please check it.` : '');
    readout.classList.toggle('warn', !!outside);
  };
  const map: PlaceMap = createPlaceMap(mapEl, o.config, o.partnership, (at, source) => {
    point = at;
    describePoint(at, source);
    clearFieldErrors(whereGroup);
    onChange();
  });

  useCentre.addEventListener('click', () => map.place(map.centre(), 'centre'));
  useLocation.addEventListener('click', () => useMyLocation((at) => map.place(at, 'location', 16)));
  findPostcodeButton.addEventListener('click', () => void findPostcode());
  postcode.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void findPostcode();
    }
  });
  async function findPostcode(): Promise<void> {
    const wrapper = form.querySelector<HTMLElement>('[data-field="sites.0.postcode"]')!;
    wrapper.querySelectorAll('.field-error, .postcode-note').forEach((e) => e.remove());
    const typed = postcode.value.trim();
    if (!typed) {
      showFieldErrors(wrapper, new Map([['sites.0.postcode', 'Enter a postcode to find']]));
      return;
    }
    try {
      const found = await apiGet<PostcodeLookup>(`/api/postcodes/${encodeURIComponent(typed)}`);
      postcode.value = found.postcode;
      map.place({ lat: found.lat, lng: found.lng }, 'postcode', 16);
      announce(found.terminated ? `${found.postcode} is no longer in use; the pin is at its old centre. Please check it.` : `Pin placed at ${found.postcode}.`);
    } catch (err) {
      // A real postcode the loaded table lacks (a new build, or a district not loaded yet)
      // is not an error: it is kept with the record, and the pin goes where the user puts it.
      if (err instanceof ApiError && err.status === 404) {
        postcode.value = typed.toUpperCase();
        wrapper.append(h('p', { className: 'hint postcode-note', role: 'status' }, 'Postcode not on file: place it on the map. The postcode is kept with the record.'));
        announce('Postcode not on file: place it on the map.');
        return;
      }
      const message = err instanceof ApiError && err.status === 400 ? 'This is not a UK postcode' : describeError(err);
      showFieldErrors(wrapper, new Map([['sites.0.postcode', message]]));
    }
  }

  // --- the rest ------------------------------------------------------------------------
  addSession.addEventListener('click', () => addScheduleRow(scheduleRows, onChange));
  form.addEventListener('input', onChange);
  form.addEventListener('change', onChange);

  const write = (draft: CaptureDraft, source: PlaceSource = 'draft') => {
    writeDraft(form, draft, scheduleRows, onChange);
    point = draft.point;
    if (draft.point) map.place(draft.point, source, 15);
    else map.clear();
    describePoint(point, source);
  };

  return {
    form,
    submitButton,
    afterWhat,
    read: () => readDraft(form, point, scheduleRows),
    write,
    reset: () => {
      form.reset();
      write(emptyDraft());
      clearFieldErrors(form);
    },
    showErrors: (errors) => showFieldErrors(form, errors),
    clearErrors: () => clearFieldErrors(form),
    focusFirst: () => {
      if (!o.heading) return form.querySelector<HTMLElement>(`#${CSS.escape(id('name'))}`)?.focus();
      // An edit starts at its heading, scrolled to the top (not hidden under the sticky Save
      // row), so the place map below it is in view too.
      const heading = form.querySelector<HTMLElement>(`#${CSS.escape(o.heading.id)}`)!;
      heading.focus({ preventScroll: true });
      heading.scrollIntoView({ block: 'start' });
    },
  };
}

function useMyLocation(place: (p: LatLng) => void): void {
  if (!('geolocation' in navigator)) {
    announce('This browser cannot share your location. Tap the map or use a postcode.', 'error');
    return;
  }
  announce('Finding your location…');
  navigator.geolocation.getCurrentPosition(
    (pos) => {
      place({ lat: pos.coords.latitude, lng: pos.coords.longitude });
      announce(`Pin placed at your location (accurate to about ${Math.round(pos.coords.accuracy)} m). Drag it if needed.`);
    },
    (err) => announce(err.code === err.PERMISSION_DENIED ? 'Location permission was refused. Tap the map or use a postcode.' : `Could not find your location: ${err.message}`, 'error'),
    { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
  );
}
