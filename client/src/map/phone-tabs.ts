/**
 * On a phone the map and the list are two tabs rather than one very tall page; the
 * selected asset's card opens as a sheet over whichever is showing, so it appears where
 * the user is looking. Wider screens show both side by side and ignore the tabs.
 */
import { byId } from '../shared/dom';

export type View = 'map' | 'list';

export function setUpPhoneTabs(onShowMap: () => void): { show(view: View): void } {
  const tabs = { map: byId<HTMLButtonElement>('view-tab-map'), list: byId<HTMLButtonElement>('view-tab-list') };
  const show = (view: View) => {
    document.body.dataset.view = view;
    for (const [name, tab] of Object.entries(tabs)) {
      tab.setAttribute('aria-selected', String(name === view));
      tab.tabIndex = name === view ? 0 : -1;
    }
    if (view === 'map') onShowMap();
  };
  for (const [name, tab] of Object.entries(tabs) as [View, HTMLButtonElement][]) {
    tab.addEventListener('click', () => show(name));
    tab.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const other: View = name === 'map' ? 'list' : 'map';
      show(other);
      tabs[other].focus();
    });
  }
  show('map');
  return { show };
}
