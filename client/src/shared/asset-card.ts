/**
 * One asset, as a person wants to read it: what it is, when, who for, how to get in,
 * how to reach it, where. Used by the map's card and the review queue's details.
 */
import { h, type Child } from './dom';
import { categorySwatch } from './palette';
import { describeSchedule } from './schedule';
import type { Asset, Site, Vocabulary } from './types';
import { labelOf } from './vocabulary';

export type Colocated = { assetId: string; name: string; category: string };

export type AssetCardOptions = {
  /** Other assets at the same site(s), offered as buttons that open their own card. */
  colocated?: Colocated[];
  onOpenColocated?: (assetId: string) => void;
  /** The review queue shows workflow fields the public card leaves out. */
  showWorkflow?: boolean;
  headingId?: string;
};

export function renderAssetCard(asset: Asset, vocab: Vocabulary, options: AssetCardOptions = {}): HTMLElement {
  const schedule = describeSchedule(asset.schedule);
  const rows: [string, Child | Child[]][] = [];
  if (schedule.length || asset.scheduleNotes) {
    rows.push(['When', [h('ul', { className: 'plain' }, schedule.map((line) => h('li', {}, line))), asset.scheduleNotes ? h('p', {}, asset.scheduleNotes) : null]]);
  }
  if (asset.whoFor.length) rows.push(['Who for', asset.whoFor.map((c) => labelOf(vocab.whoFor, c)).join(', ')]);
  const access = describeAccess(asset, vocab);
  if (access.length) rows.push(['Access', h('ul', { className: 'plain' }, access.map((a) => h('li', {}, a)))]);
  const contact = contactLinks(asset);
  if (contact.length) rows.push(['Contact', h('ul', { className: 'plain' }, contact.map((c) => h('li', {}, c)))]);
  if (asset.sites.length) rows.push([asset.sites.length > 1 ? 'Places' : 'Where', h('ul', { className: 'plain' }, asset.sites.map((s) => h('li', {}, describeSite(s))))]);
  if (options.showWorkflow) {
    rows.push(['Status', [labelOf(vocab.statuses, asset.status), asset.statusReason ? ` — ${asset.statusReason}` : '']]);
    if (asset.learnedFrom) rows.push(['Learned from', labelOf(vocab.learnedFrom, asset.learnedFrom)]);
    if (asset.participationLevel) rows.push(['Peer participation', labelOf(vocab.participationLevels, asset.participationLevel)]);
    if (asset.commissioning) rows.push(['Commissioning', labelOf(vocab.commissioning, asset.commissioning)]);
    rows.push(['Sensitive', asset.sensitive ? 'Yes: the public see an approximate location' : 'No']);
    rows.push(['Last updated', formatDate(asset.updatedAt)]);
    rows.push(['Last verified', asset.lastVerifiedAt ? formatDate(asset.lastVerifiedAt) : 'Never']);
  }

  const colocated = options.colocated ?? [];
  return h('article', { className: 'asset-card' },
    h('h2', { id: options.headingId ?? null, tabindex: '-1' }, asset.name),
    h('p', { className: 'asset-meta' },
      categorySwatch(asset.category), ' ', labelOf(vocab.categories, asset.category),
      asset.peerLed ? h('span', { className: 'tag' }, 'Peer-led') : null,
      asset.stale ? h('span', { className: 'tag tag-warn' }, 'Not checked for a year') : null),
    asset.organisation ? h('p', { className: 'asset-org' }, `Run by ${asset.organisation.name}`) : null,
    asset.description ? h('p', { className: 'asset-description' }, asset.description) : null,
    h('dl', { className: 'facts' }, rows.flatMap(([term, detail]) => [h('dt', {}, term), h('dd', {}, detail)])),
    colocated.length
      ? h('section', { className: 'colocated' },
          h('h3', {}, 'Also at this place'),
          h('ul', { className: 'plain' }, colocated.map((c) =>
            h('li', {},
              options.onOpenColocated
                ? h('button', { type: 'button', className: 'link-button', onclick: () => options.onOpenColocated!(c.assetId) }, categorySwatch(c.category, 16), ' ', c.name)
                : c.name))))
      : null,
  );
}

function describeAccess(asset: Asset, vocab: Vocabulary): string[] {
  const yesNo = (value: boolean | null, yes: string, no: string) => (value === null ? null : value ? yes : no);
  return [
    yesNo(asset.selfReferral, 'You can refer yourself', 'No self-referral'),
    yesNo(asset.professionalReferral, 'Professionals can refer', 'No professional referrals'),
    yesNo(asset.wheelchairAccess, 'Wheelchair accessible', 'Not wheelchair accessible'),
    asset.cost ? `Cost: ${labelOf(vocab.cost, asset.cost)}${asset.costNotes ? ` (${asset.costNotes})` : ''}` : asset.costNotes,
  ].filter((line): line is string => !!line);
}

function contactLinks(asset: Asset): Node[] {
  const links: Node[] = [];
  if (asset.phone) links.push(h('a', { href: `tel:${asset.phone.replace(/[^0-9+]/g, '')}` }, asset.phone));
  if (asset.email) links.push(h('a', { href: `mailto:${asset.email}` }, asset.email));
  // Only web addresses become links: the server checks http(s), and so do we, so no javascript: URL is ever clickable.
  if (asset.website && /^https?:\/\//i.test(asset.website)) {
    links.push(h('a', { href: asset.website, rel: 'noopener noreferrer', target: '_blank' }, asset.website.replace(/^https?:\/\//i, ''), h('span', { className: 'visually-hidden' }, ' (opens in a new tab)')));
  }
  return links;
}

/** How a masked place is described (see docs/privacy.md); exact places have no entry. */
const APPROXIMATE: Partial<Record<Site['locationPrecision'], string>> = {
  grid_1km: 'Approximate location, within about 1 km',
  grid_2km: 'Approximate location, within about 2 km',
  outward_code: 'Approximate location: somewhere in this postcode district',
};

export function describeSite(site: Site): string {
  const parts = [site.venueName, site.address, site.postcode].filter(Boolean).join(', ');
  const approximate = APPROXIMATE[site.locationPrecision];
  if (approximate) return parts ? `${parts} (${approximate.toLowerCase()})` : approximate;
  return parts || `${site.lat.toFixed(5)}, ${site.lng.toFixed(5)}`;
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}
