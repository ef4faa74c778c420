/**
 * Editing a saved record in the shared asset form: a coordinator's edit on the review card,
 * and a volunteer's "Fix and send again" on My records. Sent as one PATCH of the fields the
 * form shows; server field errors show beside the fields with their labels, and above the
 * Save button.
 */
import { apiSend, ApiError, describeError } from '../shared/api';
import { h } from '../shared/dom';
import { announce } from '../shared/status';
import type { Asset, AssetWriteResult, ClientConfig, Organisation, Partnership, Vocabulary } from '../shared/types';
import { mountAssetForm, type AssetForm } from './asset-form';
import { draftFromAsset, missingEssentials, toAssetPatch, type FormFields } from './draft';

export type EditFormOptions = {
  asset: Asset;
  vocab: Vocabulary;
  organisations: Organisation[] | null;
  config: ClientConfig;
  partnership: Partnership;
  fields: FormFields;
  /** Unique on the page: several records can be open for editing at once. */
  idPrefix: string;
  saveLabel?: string;
  onSaved(result: AssetWriteResult): void;
  onCancel(): void;
};

/** Appends the form to `parent` (it must be visible: the place map measures itself) and fills it from the record. */
export function mountEditForm(parent: HTMLElement, o: EditFormOptions): AssetForm {
  const form = h('form', { className: 'edit-form', 'aria-labelledby': `${o.idPrefix}heading` });
  parent.append(form);
  const cancel = h('button', { type: 'button', className: 'secondary', onclick: () => o.onCancel() }, 'Cancel');
  const masked = o.asset.sites.some((s) => s.locationPrecision !== 'exact');
  const assetForm = mountAssetForm(form, {
    idPrefix: o.idPrefix,
    vocab: o.vocab, organisations: o.organisations, config: o.config, partnership: o.partnership,
    fields: { ...o.fields, publish: false },
    heading: { id: `${o.idPrefix}heading`, text: `Edit “${o.asset.name}”` },
    submitLabel: o.saveLabel ?? 'Save changes',
    extraButtons: [cancel],
    placeNote: masked ? 'The exact place is kept private, so the pin shows only its area. Leave it and the exact place stays as it is; move it and the new place replaces it.' : undefined,
  });
  assetForm.write(draftFromAsset(o.asset), 'saved');

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    assetForm.clearErrors();
    const draft = assetForm.read();
    const missing = missingEssentials(draft);
    if (!o.asset.sites.length) missing.delete('sites'); // a record imported with no place can still be edited
    if (missing.size) {
      assetForm.showErrors(missing);
      return;
    }
    assetForm.submitButton.disabled = true;
    try {
      o.onSaved(await apiSend<AssetWriteResult>('PATCH', `/api/assets/${o.asset.id}`, toAssetPatch(draft, o.asset, o.fields)));
    } catch (err) {
      if (err instanceof ApiError && err.details.length) assetForm.showErrors(err.fieldErrors());
      else announce(describeError(err), 'error');
    } finally {
      assetForm.submitButton.disabled = false;
    }
  });
  return assetForm;
}
