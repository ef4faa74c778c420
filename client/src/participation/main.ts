/**
 * The peer-participation review (issue 20): pick a round, see the partnership profile (a
 * ladder chart and the same numbers as a table), where perspectives disagree, the change
 * since the last round, and record views. Coordinators open rounds; volunteers record for
 * people in treatment. Every entry is kept: the history lists them all, dated.
 */
import '../shared/styles.css';
import './participation.css';
import { apiGet, describeError } from '../shared/api';
import { byId, clear, h } from '../shared/dom';
import type { Page } from '../shared/header';
import { startPage } from '../shared/page';
import { CAPTURE_ROLES, REVIEW_ROLES, hasRole, loginHref } from '../shared/session';
import { announce } from '../shared/status';
import { labelOf, loadVocabulary } from '../shared/vocabulary';
import { entryForm, roundForm } from './forms';
import { changeSection, disagreementList, ladderChart, ladderTable } from './ladder';
import type { ProfileAnswer, ReviewVocabulary, Round, RoundDetail } from './types';

// Not yet in the header's menu (the lead adds it); no menu entry is marked current meanwhile.
const PAGE: Page = 'participation';

async function main(): Promise<void> {
  const start = await startPage(PAGE);
  if (!start) return;
  const root = byId('review-root');
  const user = start.me.user;
  if (!user) {
    root.append(h('p', {}, h('a', { href: loginHref() }, 'Sign in'), ' to see and take part in the review.'));
    return;
  }
  const v = (await loadVocabulary()) as unknown as ReviewVocabulary;
  const picker = h('div', { className: 'field round-picker' });
  const body = h('div', {});
  const side = h('div', { className: 'review-side' });
  root.append(picker, h('div', { className: 'review-layout' }, body, side));

  // Only the round asked for last is drawn: a slower answer for an earlier choice is dropped.
  let asked = 0;
  async function showRound(id: string) {
    const mine = ++asked;
    let round: RoundDetail, answer: ProfileAnswer;
    try {
      [round, answer] = await Promise.all([apiGet<RoundDetail>(`/api/participation/rounds/${id}`), apiGet<ProfileAnswer>(`/api/participation/rounds/${id}/profile`)]);
    } catch (err) {
      announce(`The round could not be loaded: ${describeError(err)}`, 'error');
      return;
    }
    if (mine !== asked) return;
    clear(body);
    const service = (sid: string | null) => (sid === null ? 'The partnership as a whole' : round.services.find((s) => s.id === sid)?.name ?? 'A service');
    const parts: (HTMLElement | null)[] = [
      h('h2', { id: 'profile-heading' }, `Partnership profile: ${round.title} (${round.reviewDate})`),
      ladderChart(answer, v),
      ladderTable(answer, v),
      h('h3', {}, 'Where perspectives disagree'), disagreementList(answer, v),
      h('h3', {}, 'Change since the last round'), changeSection(answer, v),
      hasRole(user, CAPTURE_ROLES) ? entryForm(round, v, user!.role, () => { announce('View recorded.', 'success'); void showRound(id); }) : null,
      h('h3', {}, `Every entry (${round.entries.length}, oldest first)`),
      round.entries.length
        ? h('ol', { className: 'entries' }, round.entries.map((e) => h('li', {},
            h('strong', {}, `${labelOf(v.reviewPerspectives, e.perspective)} on ${service(e.assetId)}: ${labelOf(v.participationLevels, e.level)}`),
            e.onBehalf ? ' (recorded on their behalf)' : '',
            h('span', { className: 'item-sub' }, `${new Date(e.recordedAt).toLocaleString('en-GB')} — ${e.reason}${e.example ? ` Example: ${e.example}` : ''}`))))
        : h('p', { className: 'hint' }, 'No views recorded yet.'),
    ];
    body.append(...parts.filter((p): p is HTMLElement => p !== null));
  }

  async function loadRounds(selected?: string) {
    clear(picker);
    const rounds = (await apiGet<{ items: Round[] }>('/api/participation/rounds')).items;
    if (!rounds.length) {
      picker.append(h('p', {}, 'No review round has been opened yet.'));
      return;
    }
    const select = h('select', { id: 'round-select' }, rounds.map((r) => h('option', { value: r.id, selected: r.id === selected }, `${r.title} (${r.reviewDate}) — ${r.entryCount ?? 0} entries`)));
    select.addEventListener('change', () => void showRound(select.value));
    picker.append(h('label', { for: 'round-select' }, 'Review round'), select);
    await showRound(select.value);
  }

  try {
    await loadRounds();
    if (hasRole(user, REVIEW_ROLES)) side.append(await roundForm(v, (id) => { announce('Review round opened.', 'success'); void loadRounds(id); }));
  } catch (err) {
    announce(`The review could not be loaded: ${describeError(err)}`, 'error');
  }
}

void main();
