/**
 * Between the asset form's controls and a CaptureDraft. Controls are found by `name`,
 * which is the draft's (and the API's) field name, so adding a field to the form and the
 * draft is all it takes. A field the form does not show keeps its empty draft value.
 */
import { emptyDraft, type CaptureDraft, type LatLng } from './draft';
import { readScheduleRows, renderScheduleRows } from './schedule-rows';

export function readDraft(form: HTMLFormElement, point: LatLng | null, scheduleContainer: HTMLElement): CaptureDraft {
  const draft = emptyDraft();
  const record = draft as unknown as Record<string, unknown>;
  for (const key of Object.keys(draft)) {
    const value = record[key];
    if (typeof value === 'string') {
      const el = form.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
      if (el) record[key] = el.value;
    } else if (typeof value === 'boolean') {
      const el = form.elements.namedItem(key) as HTMLInputElement | null;
      if (el) record[key] = el.checked;
    }
  }
  draft.whoFor = [...form.querySelectorAll<HTMLInputElement>('input[name="whoFor"]:checked')].map((b) => b.value);
  draft.schedule = readScheduleRows(scheduleContainer);
  draft.point = point;
  return draft;
}

export function writeDraft(form: HTMLFormElement, draft: CaptureDraft, scheduleContainer: HTMLElement, onChange: () => void): void {
  for (const [key, value] of Object.entries(draft)) {
    const el = form.elements.namedItem(key);
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
    if (typeof value === 'string') el.value = value;
    else if (typeof value === 'boolean' && el instanceof HTMLInputElement) el.checked = value;
  }
  for (const box of form.querySelectorAll<HTMLInputElement>('input[name="whoFor"]')) box.checked = draft.whoFor.includes(box.value);
  renderScheduleRows(scheduleContainer, draft.schedule, onChange);
}
