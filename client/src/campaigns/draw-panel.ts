/**
 * Before the draw: what the frame holds now and how many pairs the design can give, then
 * the draw itself (with an optional seed, so a draw can be repeated exactly).
 */
import { apiGet, apiSend, ApiError, describeError } from '../shared/api';
import { h } from '../shared/dom';
import { showFieldErrors } from '../shared/field-errors';
import type { CampaignView, DrawResult, FramePreview, LabelLookup } from '../shared/linkage';
import { announce } from '../shared/status';

export function renderDrawPanel(campaign: CampaignView, label: LabelLookup, builder: HTMLFormElement, drawn: (c: CampaignView) => void): HTMLElement {
  const preview = h('div', { className: 'frame-preview', 'aria-live': 'polite' });
  const seed = h('input', { type: 'number', id: 'f-seed', min: 0, max: 2147483647, inputmode: 'numeric', 'aria-describedby': 'f-seed-hint' });
  const loadPreview = async () => {
    try {
      const frame = await apiGet<FramePreview>(`/api/campaigns/${campaign.id}/frame`);
      preview.replaceChildren(renderFrame(frame, label));
    } catch (err) {
      preview.replaceChildren(h('p', { className: 'field-error' }, describeError(err)));
    }
  };
  const draw = async () => {
    const body = seed.value === '' ? {} : { seed: Number(seed.value) };
    try {
      const result = await apiSend<DrawResult>('POST', `/api/campaigns/${campaign.id}/draw`, body);
      announce(`${result.pairsDrawn} pairs drawn (seed ${result.campaign.seed}).`, 'success');
      drawn(result.campaign);
    } catch (err) {
      if (err instanceof ApiError && err.details.length) showFieldErrors(builder, err.fieldErrors());
      announce(`The draw failed: ${describeError(err)}`, 'error');
    }
  };
  void loadPreview();
  return h('section', { className: 'panel', 'aria-labelledby': 'draw-heading' },
    h('h3', { id: 'draw-heading' }, 'Frame and draw'),
    preview,
    h('div', { className: 'button-row' }, h('button', { type: 'button', className: 'secondary', onclick: () => void loadPreview() }, 'Check the frame again')),
    h('div', { className: 'field' },
      h('label', { for: 'f-seed' }, 'Seed ', h('span', { className: 'optional' }, '(optional)')),
      h('p', { className: 'hint', id: 'f-seed-hint' }, 'The same seed and frame give the same pairs. Left blank, one is chosen and stored.'),
      seed),
    h('p', { className: 'hint' }, 'After the draw the frame, rubric and design are fixed.'),
    h('div', { className: 'button-row' }, h('button', { type: 'button', id: 'draw-pairs', onclick: () => void draw() }, 'Draw the pairs')));
}

function renderFrame(frame: FramePreview, label: LabelLookup): HTMLElement {
  return h('div', {},
    h('p', {}, `${frame.assetCount} published assets in the frame; at most ${frame.maxDrawable} pairs can be drawn with this design.`),
    h('table', { className: 'data' },
      h('caption', {}, 'Capacity by stratum'),
      h('thead', {}, h('tr', {}, ['Call', 'Ask about', 'Can be called', 'Can be asked about', 'Possible pairs', 'Most drawable', 'Asked for'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, frame.strata.map((s) => h('tr', {},
        h('td', {}, s.from ? label(s.from) : 'any'), h('td', {}, s.to ? label(s.to) : 'any'),
        h('td', { className: 'num' }, s.frameFrom), h('td', { className: 'num' }, s.frameTo),
        h('td', { className: 'num' }, s.possiblePairs), h('td', { className: 'num' }, s.maxDrawable),
        h('td', { className: 'num' }, s.requested ?? '–'))))),
    h('details', {}, h('summary', {}, 'Assets by category'),
      h('ul', {}, frame.byCategory.map((c) => h('li', {}, `${label(c.category)}: ${c.count}`)))));
}
