/**
 * ARIA tabs (WAI-ARIA Authoring Practices): one tab stop for the set, arrow keys move
 * between tabs, Home/End jump, and moving activates the tab.
 */
export function setUpTabs(tabs: HTMLButtonElement[], panel: HTMLElement, onSelect: (tab: HTMLButtonElement) => void): void {
  const select = (tab: HTMLButtonElement, focus: boolean) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', tab.id);
    if (focus) tab.focus();
    onSelect(tab);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (e) => {
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      select(tabs[(next + tabs.length) % tabs.length]!, true);
    });
  });
}
