/**
 * Linkage campaigns for the campaign team (researchers, coordinators, admins): the list,
 * then one campaign at a time: design and draw while a draft; assign pairs and close while
 * in progress; publish once closed. `?id=` keeps the open campaign across reloads.
 */
import '../shared/styles.css';
import './campaigns.css';
import { apiGet, apiSend, ApiError, describeError } from '../shared/api';
import { byId, clear, h } from '../shared/dom';
import { clearFieldErrors, showFieldErrors } from '../shared/field-errors';
import { startPage } from '../shared/page';
import { CAMPAIGN_TEAM_ROLES, hasRole, loginHref } from '../shared/session';
import { announce } from '../shared/status';
import type { CampaignList, CampaignView, LabelLookup } from '../shared/linkage';
import type { Vocabulary } from '../shared/types';
import { labelOf, loadVocabulary } from '../shared/vocabulary';
import { readBuilderForm, renderBuilderForm } from './builder-form';
import { renderCampaignList } from './campaign-list';
import { renderDrawPanel } from './draw-panel';
import { renderLifecycle } from './lifecycle';
import { renderAgreementsPanel } from './agreements-panel';
import { renderPairsPanel } from './pairs-panel';
import { renderPlanner } from './planner';

async function main(): Promise<void> {
  const start = await startPage('campaigns');
  if (!start) return;
  const user = start.me.user;
  if (!user || !hasRole(user, CAMPAIGN_TEAM_ROLES)) {
    const gate = byId('gate');
    gate.hidden = false;
    gate.append(user
      ? h('p', {}, `Campaigns are run by researchers, coordinators and administrators. You are signed in as a ${user.role}. `,
          h('a', { href: '/results.html' }, 'Published results'), ' are open to everyone.')
      : h('p', {}, h('a', { href: loginHref() }, 'Sign in'), ' to run linkage campaigns.'));
    return;
  }
  let vocab: Vocabulary;
  try {
    vocab = await loadVocabulary();
  } catch (err) {
    announce(`The page could not load: ${describeError(err)}`, 'error');
    return;
  }
  const label: LabelLookup = (code) => labelOf(vocab.categories, code);
  const detail = byId('campaign-detail');
  let selectedId = new URLSearchParams(location.search).get('id');

  async function refreshList(): Promise<void> {
    try {
      const list = await apiGet<CampaignList>('/api/campaigns');
      byId('campaign-list').replaceChildren(renderCampaignList(list.items, selectedId, (id) => void openCampaign(id)));
    } catch (err) {
      announce(`Campaigns could not load: ${describeError(err)}`, 'error');
    }
  }

  async function openCampaign(id: string | null, focus = true): Promise<void> {
    selectedId = id;
    history.replaceState(null, '', id ? `?id=${encodeURIComponent(id)}` : location.pathname);
    void refreshList();
    if (!id) return showCampaign(null, focus);
    try {
      showCampaign(await apiGet<CampaignView>(`/api/campaigns/${encodeURIComponent(id)}`), focus);
    } catch (err) {
      clear(detail);
      announce(`That campaign could not load: ${describeError(err)}`, 'error');
    }
  }

  function showCampaign(campaign: CampaignView | null, focus: boolean): void {
    const form = renderBuilderForm(campaign, vocab);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void save(form, campaign);
    });
    const usePairs = (n: number) => {
      const input = form.querySelector<HTMLInputElement>('#f-pairCount')!;
      if (input.readOnly) return announce(`With strata, share the ${n} pairs out among the strata's counts.`);
      input.value = String(n);
      input.focus();
    };
    const side: (HTMLElement | null)[] = [];
    if (!campaign || campaign.status === 'draft') side.push(renderPlanner(usePairs));
    if (campaign?.status === 'draft') side.push(renderDrawPanel(campaign, label, form, (c) => showCampaign(c, true)));
    const lifecycle = (c: CampaignView) => renderLifecycle(c, (updated) => { showCampaign(updated, true); void refreshList(); });
    let lifecycleSection = campaign && campaign.status !== 'draft' ? lifecycle(campaign) : null;
    side.push(lifecycleSection);
    // After an assignment only the counts change: keep the pairs panel (and the chosen caller) as it is.
    const countsChanged = async () => {
      if (!campaign) return;
      void refreshList();
      try {
        const fresh = lifecycle(await apiGet<CampaignView>(`/api/campaigns/${encodeURIComponent(campaign.id)}`));
        lifecycleSection?.replaceWith(fresh);
        lifecycleSection = fresh;
      } catch (err) {
        announce(describeError(err), 'error');
      }
    };
    detail.replaceChildren(
      h('div', { className: 'campaign-layout' }, h('div', {}, form), h('div', { className: 'campaign-side' }, side)),
      campaign && campaign.status !== 'draft' ? renderPairsPanel(campaign, label, () => void countsChanged()) : '',
      campaign && campaign.status !== 'draft' ? renderAgreementsPanel(campaign) : '',
    );
    void refreshList();
    if (focus) detail.focus();
  }

  async function save(form: HTMLFormElement, campaign: CampaignView | null): Promise<void> {
    clearFieldErrors(form);
    const body = readBuilderForm(form, campaign);
    try {
      const saved = campaign
        ? await apiSend<CampaignView>('PATCH', `/api/campaigns/${campaign.id}`, body)
        : await apiSend<CampaignView>('POST', '/api/campaigns', body);
      announce(campaign ? 'Changes saved.' : `Campaign “${saved.name}” created. Check the frame, then draw the pairs.`, 'success');
      selectedId = saved.id;
      history.replaceState(null, '', `?id=${encodeURIComponent(saved.id)}`);
      showCampaign(saved, true);
    } catch (err) {
      if (err instanceof ApiError && err.details.length) showFieldErrors(form, err.fieldErrors());
      announce(`Not saved: ${describeError(err)}`, 'error');
    }
  }

  byId('new-campaign').addEventListener('click', () => void openCampaign(null));
  byId('campaigns').hidden = false;
  if (selectedId) await openCampaign(selectedId, false);
  else await refreshList();
}

void main();
