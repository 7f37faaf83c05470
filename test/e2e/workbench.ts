// What a person does in VS Code, as Playwright steps: keyboard and mouse only (F1 and typing, clicks,
// hovering), never the extension API or executeCommand. Every wait is for an element or a text to
// appear, never a fixed time.
import { basename } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** Waits longer than Playwright's 30 s default: these shared 2-core machines are slow under load. */
export const SLOW = 90_000;

/** How long the command palette is given to list a command before it is asked again (see runCommand). */
const LISTED_MS = 10_000;
const PALETTE_ATTEMPTS = 9;

/** `text` as a RegExp source that matches it literally. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a label that is `text` exactly (spaces around it aside), whatever characters it has. */
function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

export class Workbench {
  constructor(readonly page: Page) {}

  get statusBar(): Locator {
    return this.page.locator('#workbench\\.parts\\.statusbar');
  }

  get toasts(): Locator {
    return this.page.locator('.notifications-toasts .notification-toast');
  }

  /** Waits for the workbench to be ready for keyboard input: the explorer shows the folder. */
  async ready(folderName: string): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: SLOW });
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').getByText(folderName, { exact: false }).first().waitFor({ timeout: SLOW }).catch(() => undefined);
    await this.statusBar.waitFor({ timeout: SLOW });
  }

  /**
   * F1, type the command's title as shown in the palette, Enter on the row with exactly that title.
   * A workbench that has just opened may be asked before the extension's commands are registered,
   * and its palette does not list them until asked again; and a palette that loses the focus as it
   * opens (to a webview coming up) closes: when the row has not shown within LISTED_MS, close the
   * palette if it is open (Escape) and ask again.
   */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const row = this.page.locator('.quick-input-widget .monaco-list-row .label-name').filter({ hasText: exactly(title) }).first();
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      const listed = await input.waitFor({ state: 'visible', timeout: LISTED_MS })
        .then(() => input.fill(`>${title}`, { timeout: LISTED_MS }))
        .then(() => row.waitFor({ timeout: LISTED_MS }))
        .then(() => true, () => false);
      if (listed) break;
      if (attempt === PALETTE_ATTEMPTS) throw new Error(`the command palette never listed ${title}`);
      // Escape only in the palette: elsewhere it would close the notifications a test reads.
      if (await input.isVisible()) {
        await this.page.keyboard.press('Escape');
        await input.waitFor({ state: 'hidden', timeout: SLOW });
      }
    }
    const handle = await input.elementHandle();
    await this.chooseInQuickPick(title);
    // The palette closes, or the command opens a picker of its own in the same widget.
    await this.page.waitForFunction(([el, v]) => !(el as HTMLElement).isConnected || (el as HTMLElement).offsetParent === null || (el as HTMLInputElement).value !== v,
      [handle, `>${title}`] as const, { timeout: SLOW });
  }

  /**
   * In the open quick pick, moves down with the arrow key to the row labelled exactly `label` (other
   * rows may match the filter better, like "Browse Color Themes" for "Color Theme") and presses Enter.
   */
  async chooseInQuickPick(label: string): Promise<void> {
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    const exact = exactly(label);
    await rows.filter({ has: this.page.locator('.label-name', { hasText: exact }) }).first().waitFor({ timeout: SLOW });
    for (let i = 0; i < 20; i++) {
      const focused = rows.and(this.page.locator('.focused'));
      await focused.first().waitFor({ timeout: SLOW });
      if (exact.test((await focused.first().locator('.label-name').first().textContent()) ?? '')) {
        await this.page.keyboard.press('Enter');
        return;
      }
      const index = await focused.first().getAttribute('data-index');
      await this.page.keyboard.press('ArrowDown');
      await rows.and(this.page.locator('.focused')).and(this.page.locator(`:not([data-index="${index}"])`)).first().waitFor({ timeout: SLOW });
    }
    throw new Error(`no quick pick row "${label}" within 20 rows`);
  }

  /** Ctrl+P (Go to File), type the name, Enter: the file opens in the editor. */
  async openFile(name: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible', timeout: SLOW });
    await input.fill(name);
    await this.page.locator('.quick-input-widget .monaco-list-row.focused').filter({ hasText: name }).waitFor({ timeout: SLOW });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active').filter({ hasText: name }).waitFor({ timeout: SLOW });
  }

  /**
   * Types a path into the simple file dialog VS Code shows in the browser, once the dialog titled
   * `title` is up (one dialog follows another in the same widget), then Enter. `newFile`: a save
   * dialog's new file, which its listing does not show.
   */
  async pickFile(title: RegExp, path: string, newFile = false): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title').filter({ hasText: title }).waitFor({ state: 'visible', timeout: SLOW });
    const input = widget.locator('.quick-input-box input');
    // The dialog lists the folder and fills in its starting path after it shows: type after that,
    // and again if it was still filling in (the split tables of the result show which files were used).
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    await (newFile ? rows : rows.filter({ hasText: basename(path) })).first().waitFor({ timeout: SLOW });
    for (let attempt = 1; ; attempt++) {
      await input.fill(path);
      const typed = await this.page.waitForFunction(([el, p]) => (el as HTMLInputElement).value === p, [await input.elementHandle(), path] as const, { timeout: 5_000 })
        .then(() => true, () => false);
      if (typed) break;
      if (attempt === 5) throw new Error(`the file dialog kept replacing the typed path ${path}`);
    }
    // A save dialog may still be listing the typed path's folder and take the Enter for that: press it again then.
    const dialog = widget.locator('.quick-input-title').filter({ hasText: title });
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Enter');
      if (await dialog.waitFor({ state: 'hidden', timeout: newFile ? 5_000 : SLOW }).then(() => true, () => false)) break;
      if (!newFile || attempt === 5) throw new Error(`the file dialog did not take ${path}`);
    }
  }

  /** Types `text` into a field the way a person does (click, clear, type) and presses Enter. */
  async typeAndEnter(field: Locator, text: string): Promise<void> {
    await field.click();
    await field.fill('');
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** The toast whose text matches, once it shows. */
  async toast(text: RegExp | string): Promise<Locator> {
    const t = this.toasts.filter({ hasText: text }).first();
    await t.waitFor({ state: 'visible', timeout: SLOW });
    return t;
  }

  /** The status bar item whose text matches, once it shows. */
  async statusItem(text: RegExp | string): Promise<Locator> {
    const item = this.statusBar.locator('.statusbar-item').filter({ hasText: text }).first();
    await item.waitFor({ state: 'visible', timeout: SLOW });
    return item;
  }

  /**
   * The content of the webview whose tab is titled `title`, shown by the extension `extensionId`:
   * webviews are an iframe (the host page, which names the extension in its address) holding
   * another iframe (the extension's page). Waits for the inner page's body.
   */
  async webview(title: string, extensionId: string): Promise<FrameLocator> {
    await this.page.locator('.tabs-container .tab').filter({ hasText: title }).first().waitFor({ timeout: SLOW });
    const outer = this.page.frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}&"]`).first();
    const inner = outer.frameLocator('iframe#active-frame');
    await inner.locator('body').waitFor({ timeout: SLOW });
    return inner;
  }

  /** F1, Close All Editors; an unsaved editor's "Save?" dialog is answered Don't Save. */
  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
    const dialog = this.page.locator('.monaco-dialog-box').filter({ visible: true });
    const empty = this.page.locator('.editor-group-watermark').filter({ visible: true });
    await dialog.or(empty).first().waitFor({ state: 'visible', timeout: SLOW });
    if (await dialog.isVisible()) await dialog.getByRole('button', { name: /Don.t Save/ }).click();
    await empty.first().waitFor({ state: 'visible', timeout: SLOW });
  }

  /** F1, Clear All Notifications (so screenshots show what is under the toasts). */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.toasts.first().waitFor({ state: 'hidden', timeout: SLOW });
  }

  /** Clicks an editor tab (so the editor, not a webview, has the keyboard). */
  async focusTab(name: string): Promise<void> {
    await this.page.locator('.tabs-container .tab').filter({ hasText: name }).first().click();
  }

  /**
   * Moves the mouse onto the first visible occurrence of `word` (as a whole word) in the active
   * editor and returns the hover widget once it shows text. The position is read from the rendered
   * lines, as a person reads the screen.
   */
  async hoverWord(word: string): Promise<Locator> {
    const box = await this.page.evaluate(({ w, pattern }) => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor .view-lines')
        ?? document.querySelector('.monaco-editor .view-lines');
      if (!editor) return undefined;
      const re = new RegExp(`\\b${pattern}\\b`);
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const m = re.exec(n.textContent ?? '');
        if (!m) continue;
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + w.length);
        const r = range.getBoundingClientRect();
        if (r.width > 0) return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      return undefined;
    }, { w: word, pattern: escapeRegExp(word) });
    if (!box) throw new Error(`"${word}" is not visible in the editor`);
    // Come from outside the word, as a pointer does, so the editor sees a move onto it.
    await this.page.mouse.move(box.x, box.y - 40);
    await this.page.mouse.move(box.x, box.y, { steps: 5 });
    const hover = this.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
    await hover.waitFor({ state: 'visible', timeout: SLOW });
    // It fades in: wait until it is fully opaque, as a person waits to read it.
    await this.page.waitForFunction((el) => {
      for (let e: Element | null = el; e; e = e.parentElement) if (Number(getComputedStyle(e).opacity) < 1) return false;
      return true;
    }, await hover.elementHandle(), { timeout: SLOW, polling: 'raf' });
    return hover;
  }
}
