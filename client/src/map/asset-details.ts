/**
 * The card for one asset, opened from the map or the list. Focus moves to the card's
 * heading and, when it closes, back to whatever opened it, so keyboard users keep their place.
 */
import { apiGet, describeError } from '../shared/api';
import { renderAssetCard, type Colocated } from '../shared/asset-card';
import { clear, h } from '../shared/dom';
import type { Asset, AssetPointFeature, Vocabulary } from '../shared/types';

export type DetailsPanel = { open(assetId: string, opener?: HTMLElement | null): Promise<void>; close(): void };

export function createDetailsPanel(
  panel: HTMLElement,
  vocab: Vocabulary,
  currentFeatures: () => AssetPointFeature[],
  onShown: (asset: Asset | null) => void,
): DetailsPanel {
  let opener: HTMLElement | null = null;
  let latest = 0;

  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });

  async function open(assetId: string, from: HTMLElement | null = null): Promise<void> {
    const request = ++latest;
    if (from) opener = from;
    panel.hidden = false;
    panel.setAttribute('aria-busy', 'true');
    clear(panel);
    panel.append(h('p', {}, 'Loading…'));
    try {
      const asset = await apiGet<Asset>(`/api/assets/${encodeURIComponent(assetId)}`);
      if (request !== latest) return; // a later click won
      clear(panel);
      panel.append(
        h('button', { type: 'button', className: 'secondary close-card', onclick: close, 'aria-label': `Close details of ${asset.name}` }, 'Close'),
        renderAssetCard(asset, vocab, {
          headingId: 'details-heading',
          colocated: colocatedWith(asset, currentFeatures()),
          onOpenColocated: (id) => void open(id),
        }),
      );
      panel.setAttribute('aria-labelledby', 'details-heading');
      onShown(asset);
      panel.querySelector<HTMLElement>('#details-heading')?.focus();
      panel.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      if (request !== latest) return;
      clear(panel);
      panel.append(h('p', { role: 'alert' }, `Could not open this asset: ${describeError(err)}`),
        h('button', { type: 'button', className: 'secondary', onclick: close }, 'Close'));
    } finally {
      if (request === latest) panel.removeAttribute('aria-busy');
    }
  }

  function close(): void {
    latest++;
    panel.hidden = true;
    clear(panel);
    onShown(null);
    focusOpener();
    opener = null;
  }

  /** The opener, or its stand-in when the list was redrawn while the card was open. */
  function focusOpener(): void {
    if (opener?.isConnected) opener.focus();
    else if (opener?.dataset.assetId) {
      document.querySelector<HTMLElement>(`.item-button[data-asset-id="${CSS.escape(opener.dataset.assetId)}"]`)?.focus();
    }
  }

  return { open, close };
}

/** Other published assets at any of this asset's sites, one entry each. */
export function colocatedWith(asset: Asset, features: AssetPointFeature[]): Colocated[] {
  const siteIds = new Set(asset.sites.map((s) => s.id));
  const seen = new Map<string, Colocated>();
  for (const f of features) {
    const p = f.properties;
    if (p.assetId !== asset.id && siteIds.has(p.siteId) && !seen.has(p.assetId)) {
      seen.set(p.assetId, { assetId: p.assetId, name: p.name, category: p.category });
    }
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
