import { TABS, type TabId } from '../extension/shared/protocol';
import { byId } from './dom';

/**
 * WAI-ARIA tabs: one tab in the Tab order (roving tabindex); Left/Right (and Home/End) move
 * between tabs and activate them.
 */
export class Tabs {
  private current: TabId = 'training';

  constructor(private readonly onChange: (tab: TabId) => void) {
    for (const id of TABS) {
      const tab = byId(`tab-${id}`);
      tab.addEventListener('click', () => this.select(id, true));
      tab.addEventListener('keydown', (e) => this.key(e, id));
    }
  }

  get selected(): TabId {
    return this.current;
  }

  select(id: TabId, focus = false): void {
    this.current = id;
    for (const t of TABS) {
      const tab = byId(`tab-${t}`);
      const on = t === id;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      byId(`panel-${t}`).hidden = !on;
    }
    if (focus) byId(`tab-${id}`).focus();
    this.onChange(id);
  }

  private key(e: KeyboardEvent, id: TabId): void {
    const i = TABS.indexOf(id);
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = TABS.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    this.select(TABS[next], true);
  }
}
