/** Per-asset in / out / reachability, and the network of successful links, as tables. */
import { h } from '../shared/dom';
import { percent, type AssetResult, type LabelLookup, type MethodExtras, type NetworkResult, type Rate } from '../shared/linkage';
import { interval, scrollBox } from './rate-chart';

const rateCells = (r: Rate) => [h('td', { className: 'num' }, `${r.x} / ${r.n}`), h('td', { className: 'num' }, percent(r.estimate)), h('td', { className: 'num' }, interval(r))];

export function renderAssets(assets: AssetResult[], label: LabelLookup, perService: MethodExtras['perService'] | null): HTMLElement {
  const withheld = perService?.shown === 'agreed_only'
    ? h('p', { className: 'hint per-service-rule' }, `A service’s own figures are published only with its agreement: ${assets.length ? `${assets.length} services agreed; ` : ''}${perService.withheld} services’ figures stay with the campaign team.`)
    : null;
  if (!assets.length) {
    return h('section', { 'aria-labelledby': 'assets-heading', className: 'results-section' }, h('h2', { id: 'assets-heading' }, 'Each service'), withheld ?? h('p', {}, 'No services in the pairs yet.'));
  }
  return h('section', { 'aria-labelledby': 'assets-heading', className: 'results-section' },
    h('h2', { id: 'assets-heading' }, 'Each service'),
    withheld,
    h('p', { className: 'hint' }, 'Known (in): when asked about, how often the service called knew it. Knew (out): when reached, how often it knew the service asked about. Reached: how often it could be reached.'),
    h('details', { className: 'table-view' }, h('summary', {}, `All ${assets.length} services in the pairs`),
      scrollBox('Each service: table', h('table', { className: 'data assets-table' },
        h('caption', { className: 'visually-hidden' }, 'Each service: in, out and reachability'),
        h('thead', {}, h('tr', {}, ['Service', 'Category', 'Known (in)', '%', 'CI', 'Knew (out)', '%', 'CI', 'Reached', '%', 'CI'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, assets.map((a) => h('tr', { 'data-asset-id': a.assetId },
          h('th', { scope: 'row' }, a.name), h('td', {}, label(a.category)), rateCells(a.in), rateCells(a.out), rateCells(a.reach))))))));
}

export function renderNetwork(n: NetworkResult, informative: MethodExtras['networkInformative'] | null): HTMLElement {
  const fact = (term: string, value: string | number) => [h('dt', {}, term), h('dd', {}, String(value))];
  // Under one-way random pairs the network figures carry no information: say so, and show none of them.
  if (informative && !informative.informative) {
    return h('section', { 'aria-labelledby': 'network-heading', className: 'results-section network-hidden' },
      h('h2', { id: 'network-heading' }, 'The network of working pathways'),
      h('p', {}, `Network figures are not shown for this campaign: they would carry no information. ${n.edges} working links were found among ${n.nodes} services.`),
      h('ul', {}, informative.reasons.map((r) => h('li', {}, r))),
      h('p', { className: 'hint' }, 'A campaign designed with reciprocal pairs (each pair tested both ways) can estimate reciprocity and show how services connect.'));
  }
  return h('section', { 'aria-labelledby': 'network-heading', className: 'results-section' },
    h('h2', { id: 'network-heading' }, 'The network of working pathways'),
    h('p', { className: 'hint' }, `A link A → B when A gave at least outcome ${n.linkThreshold} about B.`),
    h('dl', { className: 'facts network-facts' },
      fact('Services', n.nodes), fact('Links', n.edges),
      fact('Density', n.density === null ? '–' : n.density.toFixed(4)),
      fact('Reciprocity (pairs tested both ways)', `${n.reciprocity.mutual} mutual of ${n.reciprocity.withAnyLink} linked (${n.reciprocity.testedBothWays} tested both ways)${n.reciprocity.rate.n ? `: ${percent(n.reciprocity.rate.estimate)}` : ''}`),
      fact('Weakly connected groups', `${n.weakComponents.count} (largest ${n.weakComponents.largest})`),
      fact('Strongly connected groups', `${n.strongComponents.count} (largest ${n.strongComponents.largest})`),
      fact('Isolated services', n.isolated.length)),
    n.brokers.length ? scrollBox('Brokers', h('table', { className: 'data' },
      h('caption', {}, 'Brokers: services that most often sit on the shortest path between others'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Service'), h('th', { scope: 'col' }, 'Betweenness (normalised)'))),
      h('tbody', {}, n.brokers.map((b) => h('tr', {}, h('th', { scope: 'row' }, b.name), h('td', { className: 'num' }, b.betweenness.toFixed(4))))))) : null,
    n.isolated.length ? h('details', {}, h('summary', {}, 'Isolated services (no working link in or out)'),
      h('ul', {}, n.isolated.map((i) => h('li', {}, i.name)))) : null,
    h('details', { className: 'table-view' }, h('summary', {}, 'Links in and out of each service'),
      scrollBox('Links in and out of each service', h('table', { className: 'data' },
        h('thead', {}, h('tr', {}, ['Service', 'Links in', 'Links out'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, n.degree.map((d) => h('tr', {}, h('th', { scope: 'row' }, d.name), h('td', { className: 'num' }, d.inDegree), h('td', { className: 'num' }, d.outDegree))))))));
}
