/**
 * Server field errors shown where they belong. Each field's wrapper carries the API's
 * name for it (`data-field="schedule.0.end"`); a problem for a field with no wrapper of
 * its own goes to the nearest named parent ("sites.0.lat" → "sites"). An error summary
 * at the top lists every problem, linking to the field, for people who cannot see them all.
 */
import { h } from './dom';
import { fieldLabel } from './field-labels';

export function clearFieldErrors(root: HTMLElement): void {
  root.querySelectorAll('.field-error').forEach((e) => e.remove());
  root.querySelectorAll('[aria-invalid="true"]').forEach((e) => {
    e.removeAttribute('aria-invalid');
    const describedBy = (e.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.endsWith('-error')).join(' ');
    if (describedBy) e.setAttribute('aria-describedby', describedBy);
    else e.removeAttribute('aria-describedby');
  });
  root.querySelector('.error-summary')?.remove();
  root.querySelectorAll('.submit-error').forEach((e) => e.remove());
}

/** Shows the errors and moves focus to the summary; returns how many were placed beside a field. */
export function showFieldErrors(root: HTMLElement, errors: Map<string, string>, labelFor?: (field: string) => string): number {
  clearFieldErrors(root);
  let placed = 0;
  const summaryItems: HTMLElement[] = [];
  for (const [field, message] of errors) {
    const wrapper = findWrapper(root, field);
    const errorId = `${(wrapper?.dataset.field ?? field).replace(/[^a-zA-Z0-9_-]/g, '-')}-error`;
    if (wrapper) {
      const control = wrapper.querySelector<HTMLElement>('input, select, textarea');
      const existing = wrapper.querySelector(`#${CSS.escape(errorId)}`);
      if (existing) existing.textContent += `; ${message}`;
      else wrapper.append(h('p', { className: 'field-error', id: errorId }, message));
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        const describedBy = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
        describedBy.add(errorId);
        control.setAttribute('aria-describedby', [...describedBy].join(' '));
      }
      placed++;
    }
    const target = wrapper?.querySelector<HTMLElement>('input, select, textarea');
    const label = labelFor?.(field) ?? wrapperLabel(wrapper) ?? fieldLabel(field);
    const text = /^[a-z]/.test(message) ? `${label} ${message}` : `${label}: ${message}`;
    summaryItems.push(h('li', {}, target?.id ? h('a', { href: `#${target.id}` }, text) : text));
  }
  const summary = h('div', { className: 'error-summary', role: 'alert', tabindex: '-1' },
    h('h2', {}, 'Please check these'),
    h('ul', {}, summaryItems));
  root.prepend(summary);
  // The same, briefly, beside the Send/Save button, where the person's eyes are after pressing it.
  const submit = root.querySelector<HTMLButtonElement>('button[type="submit"]');
  const row = submit?.closest('.button-row') ?? submit;
  row?.after(h('p', { className: 'field-error submit-error' },
    errors.size === 1 ? `Not sent: ${summaryItems[0]!.textContent}` : `Not sent: ${errors.size} things to fix, listed at the top of the form.`));
  clearEachWhenFixed(root);
  summary.focus();
  return placed;
}

/** A field's error goes as soon as the person changes that field (the server checks again on send). */
function clearEachWhenFixed(root: HTMLElement): void {
  root.querySelectorAll<HTMLElement>('[aria-invalid="true"]').forEach((control) => {
    const clear = () => {
      const wrapper = control.closest<HTMLElement>('[data-field]');
      wrapper?.querySelectorAll(':scope > .field-error').forEach((e) => e.remove());
      control.removeAttribute('aria-invalid');
      if (!root.querySelector('[aria-invalid="true"]')) {
        root.querySelector('.submit-error')?.remove();
        root.querySelector('.error-summary')?.remove();
      }
    };
    control.addEventListener('input', clear, { once: true });
    control.addEventListener('change', clear, { once: true });
  });
}

function findWrapper(root: HTMLElement, field: string): HTMLElement | null {
  const parts = field.split('.');
  for (let n = parts.length; n > 0; n--) {
    const name = parts.slice(0, n).join('.');
    const el = root.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
    if (el) return el;
  }
  return null;
}

/** The words a person sees for a field: its label, or its group's legend, without "(optional)". */
function wrapperLabel(wrapper: HTMLElement | null): string | null {
  const label = wrapper?.querySelector('label, legend');
  if (!label) return null;
  const copy = label.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.optional, input').forEach((e) => e.remove());
  return copy.textContent?.trim() || null;
}
