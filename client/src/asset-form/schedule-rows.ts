/**
 * The "when does it meet" rows: day, start, end, and a remove button each. Rows are
 * numbered as the API numbers them (schedule.0.end), so server errors land on the right one.
 * Element ids start with the container's `data-id-base` (several forms can share a page).
 */
import { clear, h } from '../shared/dom';
import { DAY_NAMES } from '../shared/schedule';
import type { ScheduleRow } from './draft';

/** Monday first, as people list a week here; values stay the API's (0 = Sunday). */
const DAY_ORDER = [1, 2, 3, 4, 5, 6, 0];

export function renderScheduleRows(container: HTMLElement, rows: ScheduleRow[], onChange: () => void): void {
  clear(container);
  rows.forEach((row, i) => container.append(scheduleRow(container, row, i, onChange)));
}

export function readScheduleRows(container: HTMLElement): ScheduleRow[] {
  return [...container.querySelectorAll<HTMLElement>('.schedule-row')].map((el) => ({
    day: el.querySelector<HTMLSelectElement>('select')!.value,
    start: el.querySelector<HTMLInputElement>('input[data-part="start"]')!.value,
    end: el.querySelector<HTMLInputElement>('input[data-part="end"]')!.value,
    ...(el.dataset.note ? { note: el.dataset.note } : {}),
  }));
}

const idBase = (container: HTMLElement) => container.dataset.idBase ?? 'schedule-';

export function addScheduleRow(container: HTMLElement, onChange: () => void): void {
  const rows = [...readScheduleRows(container), { day: '', start: '', end: '' }];
  renderScheduleRows(container, rows, onChange);
  container.querySelector<HTMLSelectElement>(`#${idBase(container)}${rows.length - 1}-day`)?.focus();
  onChange();
}

function scheduleRow(container: HTMLElement, row: ScheduleRow, i: number, onChange: () => void): HTMLElement {
  const id = (part: string) => `${idBase(container)}${i}-${part}`;
  const day = h('select', { id: id('day') },
    h('option', { value: '' }, 'Choose a day'),
    DAY_ORDER.map((d) => h('option', { value: String(d) }, DAY_NAMES[d]!)));
  day.value = row.day;
  const start = h('input', { type: 'time', id: id('start'), 'data-part': 'start', value: row.start });
  const end = h('input', { type: 'time', id: id('end'), 'data-part': 'end', value: row.end });
  const remove = h('button', { type: 'button', className: 'secondary small' }, 'Remove');
  remove.setAttribute('aria-label', `Remove session ${i + 1}`);
  remove.addEventListener('click', () => {
    const rows = readScheduleRows(container);
    rows.splice(i, 1);
    renderScheduleRows(container, rows, onChange);
    (container.querySelector<HTMLElement>('select') ?? container.parentElement?.querySelector<HTMLElement>('.add-session'))?.focus();
    onChange();
  });
  return h('div', { className: 'schedule-row', 'data-field': `schedule.${i}`, 'data-note': row.note ?? null, role: 'group', 'aria-label': `Session ${i + 1}` },
    h('div', { className: 'field', 'data-field': `schedule.${i}.day` }, h('label', { for: day.id }, 'Day'), day),
    h('div', { className: 'field', 'data-field': `schedule.${i}.start` }, h('label', { for: start.id }, 'Starts'), start),
    h('div', { className: 'field', 'data-field': `schedule.${i}.end` }, h('label', { for: end.id }, 'Ends'), end),
    remove);
}
