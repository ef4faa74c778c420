/**
 * What linkage method v2 adds to the results page: a plain-language sentence for every
 * headline rate, the primary estimand, declined pairs, the rubric's components, the
 * agreement between coders, callers as a factor, and the spacing rule — each in words a
 * commissioner can read, with the method document a link away.
 */
import { h } from '../shared/dom';
import { percent, type CampaignResultsV2, type MethodExtras, type Rate, type RateKey } from '../shared/linkage';
import { scrollBox } from './rate-chart';

export const METHOD_DOC = '/api/docs/linkage-method.md';
export const ETHICS_DOC = '/api/docs/linkage-ethics.md';

const WHAT: Record<'reach' | 'knew' | 'information' | 'referral', string> = {
  reach: 'the service called could be reached',
  knew: 'the service called knew of the other service',
  information: 'the service called gave at least contact details for the other service',
  referral: 'the service called gave referral information for the other service',
};

/** The sentence the API gives for a rate, else one built from its figures. */
export function rateSentence(key: RateKey, rate: Rate & { sentence?: string }): string {
  if (typeof rate.sentence === 'string' && rate.sentence) return rate.sentence;
  const [measure, among] = key === 'reach' ? ['reach', 'closed'] as const : key.split('_') as ['knew' | 'information' | 'referral', 'reached' | 'closed'];
  const of = among === 'reached' ? 'pairs where the service called was reached' : 'closed pairs (reached or not)';
  if (!rate.n || rate.estimate === null) return `No ${of} yet, so no figure for how often ${WHAT[measure]}.`;
  return `In ${rate.x} of ${rate.n} ${of} (${percent(rate.estimate)}), ${WHAT[measure]}. `
    + `The true rate is likely (95% confidence) between ${percent(rate.lower)} and ${percent(rate.upper)}.`;
}

export function renderSentences(rows: { metric: RateKey; rate: Rate }[], primary: RateKey | null): HTMLElement {
  return h('ul', { className: 'rate-sentences' }, rows.map((r) => h('li', { 'data-metric': r.metric },
    r.metric === primary ? h('strong', {}, 'Primary: ') : null, rateSentence(r.metric, r.rate))));
}

const kappaWords = (k: MethodExtras['agreement']['outcome']) => (k.kappa === null ? 'not yet measurable' : `κ = ${k.kappa.toFixed(2)} (agreed on ${percent(k.observed, 0)}, ${percent(k.expected, 0)} expected by chance)`);

export function renderMethodSection(r: CampaignResultsV2): HTMLElement | null {
  const m = r.method;
  if (!m) return null;
  const c = m.components;
  return h('section', { 'aria-labelledby': 'method-heading', className: 'results-section', id: 'method' },
    h('h2', { id: 'method-heading' }, 'How to read these figures'),
    h('p', { className: 'estimands' }, m.estimands.note),
    h('ul', {},
      h('li', { 'data-item': 'declined' }, `${m.declined} ${m.declined === 1 ? 'service' : 'services'} declined to take part. Declined pairs are counted apart: they are in no rate, neither as reached nor as unreachable.`),
      h('li', { 'data-item': 'components' }, c.recorded
        ? `Of ${c.recorded} reached pairs whose answer was recorded in parts, contact details were given in ${c.contactDetails.x} (${percent(c.contactDetails.estimate)}) and referral information in ${c.referralInformation.x} (${percent(c.referralInformation.estimate)}); `
          + `${c.referralWithoutContact} gave referral advice without contact details.`
        : 'No reached pair has its answer recorded in parts yet (contact details and referral information separately).'),
      h('li', { 'data-item': 'agreement' }, m.agreement.doubleCoded
        ? `${m.agreement.doubleCoded} calls were coded by a second caller too (${Math.round(m.agreement.share * 100)}% of pairs are set aside for it). Agreement (Cohen’s kappa): outcome ${kappaWords(m.agreement.outcome)}; contact details ${kappaWords(m.agreement.contactDetails)}; referral information ${kappaWords(m.agreement.referralInformation)}.`
        : `No call has been coded by a second caller yet (${Math.round(m.agreement.share * 100)}% of pairs are set aside for it).`),
      h('li', { 'data-item': 'spacing' }, `${m.attemptSpacing.words} ${m.attemptSpacing.rule ? `${m.attemptSpacing.pairsKeepingRule} of ${m.attemptSpacing.pairsWithRepeatAttempts} pairs with repeat attempts kept it.` : ''}`)),
    m.callers?.length ? renderCallers(m.callers) : null,
    h('p', {}, 'See ', h('a', { href: METHOD_DOC }, 'the method document'), ' for every definition and formula, and ', h('a', { href: ETHICS_DOC }, 'the ethics and data-protection note'), ' for what is published and why.'));
}

function renderCallers(callers: NonNullable<MethodExtras['callers']>): HTMLElement {
  return h('div', {},
    h('h3', {}, 'By caller (campaign team only)'),
    h('p', { className: 'hint' }, 'If one caller’s rates differ much from another’s, the way calls are made or coded may be moving the figures.'),
    scrollBox('Rates by caller', h('table', { className: 'data callers-table' },
      h('caption', { className: 'visually-hidden' }, 'Rates by caller'),
      h('thead', {}, h('tr', {}, ['Caller', 'Closed', 'Declined', 'Reached', 'Knew (of reached)', 'Contact details+ (of reached)'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, callers.map((k) => h('tr', { 'data-caller': k.callerCode },
        h('th', { scope: 'row' }, k.callerCode), h('td', { className: 'num' }, k.closed), h('td', { className: 'num' }, k.declined),
        h('td', { className: 'num' }, `${k.reached} (${percent(k.reach.estimate)})`),
        h('td', { className: 'num' }, percent(k.knewAmongReached.estimate)), h('td', { className: 'num' }, percent(k.informationAmongReached.estimate))))))));
}
