/**
 * The Neighbours tab: a combobox that completes from the vocabulary (asking the extension per
 * prefix, so the page never holds the whole vocabulary), and the top-k neighbours with cosine
 * similarity bars. Clicking (or Enter on) a neighbour searches it. Words go in via textContent only.
 */
import { LIMITS, type VectorsInfo, type Neighbour, type ToWebview } from '../extension/shared/protocol';
import { byId, el } from './dom';
import { formatInt } from './format';
import { t } from './l10n';
import { neighbourItem } from './neighbourItem';
import type { VsCodeApi } from './vscodeApi';
import { NeighboursOverTimeTable } from './neighboursOverTime';

const COMPLETIONS = 12;
const COMPLETE_DELAY_MS = 60;

export class NeighboursView {
  private readonly input = byId<HTMLInputElement>('search-input');
  private readonly kInput = byId<HTMLInputElement>('search-k');
  private readonly list = byId<HTMLUListElement>('search-list');
  private readonly results = byId<HTMLOListElement>('neighbours-list');
  private readonly message = byId('neighbours-message');
  private requestId = 0;
  private lastNeighbourRequest = -1;
  private lastCompleteRequest = -1;
  private options: string[] = [];
  private active = -1;
  private completeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The searched word's neighbours at each training snapshot, under the list. */
  private readonly overTime = new NeighboursOverTimeTable((w) => this.search(w));
  shown = 0;

  constructor(private readonly api: VsCodeApi, private readonly onStateChange: () => void) {
    byId<HTMLFormElement>('search-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const word = this.active >= 0 ? this.options[this.active] : this.input.value;
      this.closeList();
      this.search(word);
    });
    this.input.addEventListener('input', () => this.scheduleComplete());
    this.input.addEventListener('keydown', (e) => this.comboKey(e));
    this.input.addEventListener('blur', () => setTimeout(() => this.closeList(), 100));
    this.kInput.addEventListener('change', () => {
      this.kInput.value = String(this.k);
      this.onStateChange();
    });
    // Arrow keys move between neighbour buttons.
    this.results.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      const buttons = [...this.results.querySelectorAll('button')];
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (i < 0) return;
      e.preventDefault();
      buttons[Math.max(0, Math.min(buttons.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))].focus();
    });
  }

  get query(): string {
    return this.input.value.slice(0, LIMITS.wordLength);
  }

  get k(): number {
    const k = Math.round(Number(this.kInput.value));
    return Number.isFinite(k) ? Math.max(1, Math.min(LIMITS.maxK, k)) : 10;
  }

  restore(query: string, k: number): void {
    this.input.value = query;
    this.kInput.value = String(k);
  }

  search(raw: string): void {
    // A completion asked for while typing must not reopen the list under the result (Enter
    // pressed before it came back left the list open).
    if (this.completeTimer !== undefined) clearTimeout(this.completeTimer);
    this.completeTimer = undefined;
    this.lastCompleteRequest = -1;
    this.closeList();
    const word = raw.trim().slice(0, LIMITS.wordLength);
    this.input.value = word;
    this.onStateChange();
    if (!word) {
      this.showMessage(t('Type a word to see its nearest neighbours.'));
      this.overTime.clear();
      return;
    }
    this.lastNeighbourRequest = ++this.requestId;
    this.overTime.expect(this.lastNeighbourRequest);
    this.api.postMessage({ type: 'neighbours', requestId: this.lastNeighbourRequest, word, k: this.k });
  }

  setModel(model: VectorsInfo | undefined): void {
    byId('model-info').textContent = model
      ? t('Model: {0} words × {1} dimensions, from {2}.', formatInt(model.words), model.dim, model.source)
      : t('No model yet: train on a file, or load vectors, to search neighbours.');
  }

  handle(m: Extract<ToWebview, { type: 'neighbours' | 'completions' | 'neighboursOverTime' }>): void {
    if (m.type === 'neighboursOverTime') {
      this.overTime.handle(m);
      return;
    }
    if (m.type === 'completions') {
      if (m.requestId !== this.lastCompleteRequest || m.prefix !== this.query) return;
      this.showOptions(m.words);
      return;
    }
    if (m.requestId !== this.lastNeighbourRequest) return; // a newer search is on its way
    this.render(m.word, m.results, m.error);
  }

  private render(word: string, results: Neighbour[], error?: string): void {
    this.results.replaceChildren();
    this.shown = results.length;
    if (error) {
      this.showMessage(error);
      return;
    }
    if (results.length === 0) {
      this.showMessage(t('No neighbours for “{0}”.', word));
      return;
    }
    this.showMessage(t('Nearest {0} neighbours of “{1}” by cosine similarity:', results.length, word));
    for (const r of results) {
      this.results.append(neighbourItem(r, {
        title: t('Search the neighbours of {0}', r.word),
        ariaLabel: (label, score) => t('{0}, similarity {1}', label, score),
      }, (w) => this.search(w)));
    }
  }

  private showMessage(text: string): void {
    this.message.textContent = text;
    this.message.hidden = !text;
  }

  // ---- combobox ----

  private scheduleComplete(): void {
    if (this.completeTimer !== undefined) clearTimeout(this.completeTimer);
    this.completeTimer = setTimeout(() => {
      this.completeTimer = undefined;
      const prefix = this.query;
      if (!prefix.trim()) {
        this.closeList();
        return;
      }
      this.lastCompleteRequest = ++this.requestId;
      this.api.postMessage({ type: 'complete', requestId: this.lastCompleteRequest, prefix, limit: COMPLETIONS });
    }, COMPLETE_DELAY_MS);
  }

  private showOptions(words: string[]): void {
    this.options = words;
    this.active = -1;
    this.list.replaceChildren(
      ...words.map((w, i) => {
        const li = el('li', 'option', w);
        li.id = `search-option-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        // mousedown, not click: keep the focus in the input.
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          this.closeList();
          this.search(w);
        });
        return li;
      }),
    );
    const open = words.length > 0 && document.activeElement === this.input;
    this.list.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    this.input.removeAttribute('aria-activedescendant');
  }

  private closeList(): void {
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private setActive(i: number): void {
    this.active = i;
    [...this.list.children].forEach((c, j) => c.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      this.input.setAttribute('aria-activedescendant', `search-option-${i}`);
      this.list.children[i]?.scrollIntoView({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }

  private comboKey(e: KeyboardEvent): void {
    const open = !this.list.hidden && this.options.length > 0;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) {
        if (this.options.length > 0) {
          this.list.hidden = false;
          this.input.setAttribute('aria-expanded', 'true');
        } else this.scheduleComplete();
        return;
      }
      this.setActive((this.active + 1) % this.options.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      this.setActive(this.active <= 0 ? this.options.length - 1 : this.active - 1);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      this.closeList();
    } else if (e.key === 'Tab' && open && this.active >= 0) {
      this.input.value = this.options[this.active];
      this.closeList();
    }
  }
}
