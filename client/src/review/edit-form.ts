/**
 * The reviewer's quick edit: name, category, description and who-for, sent as a PATCH.
 * Server field errors show beside the fields.
 */
import { apiSend, ApiError, describeError } from '../shared/api';
import { h } from '../shared/dom';
import { clearFieldErrors, showFieldErrors } from '../shared/field-errors';
import { announce } from '../shared/status';
import type { Asset, AssetWriteResult, Vocabulary } from '../shared/types';

export function renderEditForm(asset: Asset, vocab: Vocabulary, onSaved: (result: AssetWriteResult) => void, onCancel: () => void): HTMLFormElement {
  const name = h('input', { type: 'text', id: 'edit-name', name: 'name', value: asset.name, required: true });
  const category = h('select', { id: 'edit-category', name: 'category' }, vocab.categories.map((c) => h('option', { value: c.code }, c.label)));
  category.value = asset.category;
  const description = h('textarea', { id: 'edit-description', name: 'description', rows: 4 });
  description.value = asset.description ?? '';
  const whoFor = vocab.whoFor.map((w) =>
    h('label', { className: 'check', for: `edit-whoFor-${w.code}` },
      h('input', { type: 'checkbox', id: `edit-whoFor-${w.code}`, name: 'whoFor', value: w.code, checked: asset.whoFor.includes(w.code) }), w.label));
  const save = h('button', { type: 'submit' }, 'Save changes');

  const form = h('form', { className: 'edit-form', novalidate: true, 'aria-labelledby': 'edit-heading' },
    h('h3', { id: 'edit-heading' }, 'Edit'),
    h('div', { className: 'field', 'data-field': 'name' }, h('label', { for: name.id }, 'Name'), name),
    h('div', { className: 'field', 'data-field': 'category' }, h('label', { for: category.id }, 'Category'), category),
    h('div', { className: 'field', 'data-field': 'description' }, h('label', { for: description.id }, 'Description'), description),
    h('fieldset', { 'data-field': 'whoFor' }, h('legend', {}, 'Who it is for'), whoFor),
    h('div', { className: 'button-row' }, save, h('button', { type: 'button', className: 'secondary', onclick: onCancel }, 'Cancel')));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const body = {
      name: name.value.trim(),
      category: category.value,
      description: description.value.trim() || null,
      whoFor: whoFor.map((l) => l.querySelector('input')!).filter((b) => b.checked).map((b) => b.value),
    };
    save.disabled = true;
    try {
      const result = await apiSend<AssetWriteResult>('PATCH', `/api/assets/${asset.id}`, body);
      onSaved(result);
    } catch (err) {
      if (err instanceof ApiError && err.details.length) showFieldErrors(form, err.fieldErrors());
      else announce(describeError(err), 'error');
    } finally {
      save.disabled = false;
    }
  });
  return form;
}
