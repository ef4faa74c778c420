/**
 * The list beside the map: the assets the map shows in its current view, as buttons, so
 * everything on the map can be reached and opened by keyboard or screen reader.
 */
import { clear, h } from '../shared/dom';
import { categorySwatch } from '../shared/palette';
import type { AssetPointFeature, Vocabulary } from '../shared/types';
import { labelOf } from '../shared/vocabulary';

/** One list entry per asset per place: the same asset can run at several sites. */
export const featureKey = (f: AssetPointFeature) => `${f.properties.assetId}@${f.properties.siteId}`;

/** Beyond this many the list asks you to zoom in rather than growing without end. */
export const LIST_LIMIT = 200;

export function renderAssetList(
  container: HTMLElement,
  heading: HTMLElement,
  features: AssetPointFeature[],
  vocab: Vocabulary,
  selectedKey: string | null,
  onOpen: (feature: AssetPointFeature, opener: HTMLElement) => void,
  /** The records are the first page of a longer listing (tile mode: view-listing.ts). */
  more = false,
): void {
  const sorted = [...features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'en-GB'));
  heading.textContent = more ? `More than ${LIST_LIMIT} assets in view`
    : sorted.length === 1 ? '1 asset in view' : `${sorted.length} assets in view`;
  clear(container);
  if (!sorted.length) {
    container.append(h('p', { className: 'hint' }, 'No assets match here. Zoom out, move the map or change the filters.'));
    return;
  }
  const items = sorted.slice(0, LIST_LIMIT).map((f) => {
    const p = f.properties;
    const where = [p.venueName, p.locationPrecision !== 'exact' ? 'approximate location' : null].filter(Boolean).join(' · ');
    const button = h('button', {
      type: 'button',
      className: 'item-button',
      'data-asset-id': p.assetId,
      'aria-current': selectedKey === featureKey(f) ? 'true' : null,
    },
      categorySwatch(p.category),
      h('span', {},
        h('span', { className: 'item-name' }, p.name),
        h('span', { className: 'item-sub' }, [labelOf(vocab.categories, p.category), p.organisationName, where].filter(Boolean).join(' · '))));
    button.addEventListener('click', () => onOpen(f, button));
    return h('li', {}, button);
  });
  container.append(h('ul', { className: 'item-list' }, items));
  if (more || sorted.length > LIST_LIMIT) {
    container.append(h('p', { className: 'hint' }, `Showing the first ${LIST_LIMIT} by name. Zoom in to see the rest.`));
  }
}
