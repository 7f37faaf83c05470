import { randomBytes } from 'node:crypto';
import { evaluationPanelHtml, neighboursOverTimeHtml } from './evaluationHtml';
import type { Translate } from '../shared/translate';
import { runsTabHtml } from './runsHtml';
import { mapPanelHtml } from './mapHtml';

/** A fresh nonce per page load: only the script tag carrying it may run. */
export function makeNonce(): string {
  return randomBytes(18).toString('hex');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** Text for HTML, in an element or a quoted attribute: a translation is data, never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A translated message escaped, then its `{n}` placeholders filled with our own markup (a <strong>). */
function withMarkup(translated: string, ...html: string[]): string {
  return escapeHtml(translated).replace(/\{(\d+)\}/g, (whole, i: string) => html[Number(i)] ?? whole);
}

/** A table's column headers (already escaped). */
function headers(...cells: string[]): string {
  return cells.map((c) => `<th scope="col">${c}</th>`).join('');
}

/** A chart's text alternative: its numbers as a table, opened from the keyboard (webview/chartTable.ts fills it). */
function chartTable(id: string, summary: string): string {
  return `<details class="chart-table" id="${id}"><summary>${summary}</summary><table class="grid"><thead></thead><tbody></tbody></table></details>`;
}

export interface DashboardHtmlOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The translator of the page's static text: vscode.l10n.t in the extension. */
  t: Translate;
  /** The display language's bundle (vscode.l10n.bundle), for the page's own t() (webview/l10n.ts). */
  l10nBundle?: Record<string, unknown>;
  /** The display language (vscode.env.language), for <html lang>. */
  lang?: string;
}

/**
 * The dashboard page. Static markup only: every piece of data (corpus words included) is put in
 * by webview/main.ts with textContent, never as HTML. No inline style attributes (the CSP blocks
 * them); sizes come from media/dashboard.css. Its text goes through the translator, escaped.
 */
export function dashboardHtml(opts: DashboardHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri } = opts;
  /** A translated text, escaped for HTML. */
  const t = (message: string, ...args: (string | number)[]): string => escapeHtml(opts.t(message, ...args));
  // A JSON data block is never run, so the CSP does not apply; '<' is escaped so no word in a
  // translation can close the tag.
  const bundleJson = JSON.stringify(opts.l10nBundle ?? {}).replace(/</g, '\\u003c');
  const lang = escapeHtml(opts.lang ?? 'en');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri}">
<title>${t('Word2Vec Dashboard')}</title>
</head>
<body>
<header class="header">
  <h1 id="title">Word2Vec</h1>
  <span id="run-status" class="status" role="status" aria-live="polite">${t('No training run yet')}</span>
</header>
<div role="tablist" aria-label="${t('Dashboard sections')}" class="tabs">
  <button role="tab" id="tab-training" aria-controls="panel-training" aria-selected="true" tabindex="0">${t('Training')}</button>
  <button role="tab" id="tab-neighbours" aria-controls="panel-neighbours" aria-selected="false" tabindex="-1">${t('Neighbours')}</button>
  <button role="tab" id="tab-gradients" aria-controls="panel-gradients" aria-selected="false" tabindex="-1">${t('Gradients')}</button>
  <button role="tab" id="tab-sentiment" aria-controls="panel-sentiment" aria-selected="false" tabindex="-1">${t('Sentiment')}</button>
  <button role="tab" id="tab-evaluation" aria-controls="panel-evaluation" aria-selected="false" tabindex="-1">${t('Evaluation')}</button>
  <button role="tab" id="tab-map" aria-controls="panel-map" aria-selected="false" tabindex="-1">${t('Map')}</button>
  <button role="tab" id="tab-runs" aria-controls="panel-runs" aria-selected="false" tabindex="-1">${t('Runs')}</button>
</div>

<section role="tabpanel" id="panel-training" aria-labelledby="tab-training" tabindex="0">
  <p id="training-empty" class="empty">${withMarkup(opts.t('No training run yet. Open a text file and run {0} from the command palette (or the editor\'s context menu); its loss curve, speed, settings and vocabulary appear here as it trains.'),
    `<strong>${t('Word2Vec: Train word2vec on file')}</strong>`)}</p>
  <div id="training-body" hidden>
  <div class="progress-row">
    <div id="progress" class="progress" role="progressbar" aria-label="${t('Training progress')}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div id="progress-fill" class="progress-fill"></div></div>
    <span id="progress-text" class="muted">0%</span>
  </div>
  <dl class="stats" id="live-stats">
    <div><dt>${t('Words/s')}</dt><dd id="stat-wps">–</dd></div>
    <div><dt>${t('Epoch')}</dt><dd id="stat-epoch">–</dd></div>
    <div><dt>${t('Learning rate')}</dt><dd id="stat-alpha">–</dd></div>
    <div><dt id="stat-loss-label" title="${t('Mean loss per pair over the current epoch so far; when the run ends, the last epoch\'s mean: the final loss')}">${t('Mean loss, this epoch')}</dt><dd id="stat-loss">–</dd></div>
    <div><dt>${t('Words processed')}</dt><dd id="stat-words">–</dd></div>
    <div><dt>${t('Elapsed')}</dt><dd id="stat-elapsed">–</dd></div>
    <div><dt>${t('ETA')}</dt><dd id="stat-eta">–</dd></div>
  </dl>
  <div id="run-message" class="message" role="alert" hidden></div>
  <h2>${t('Loss')}</h2>
  <div class="chart-box chart-tall"><canvas id="loss-chart" role="img" aria-label="${t('Training loss against words processed')}"></canvas></div>
  ${chartTable('loss-table', t('The loss curve as a table'))}
  <p id="loss-note" class="muted small"></p>
  <div class="columns">
    <div>
      <h2>${t('Settings')}</h2>
      <table class="kv" id="settings-table" aria-label="${t('Settings of the run')}"><tbody></tbody></table>
    </div>
    <div>
      <h2>${t('Vocabulary')}</h2>
      <table class="kv" id="vocab-table" aria-label="${t('Vocabulary statistics')}"><tbody></tbody></table>
      <h3>${t('Most frequent words')}</h3>
      <ol id="top-words" class="top-words"></ol>
    </div>
  </div>
  </div>
</section>

<section role="tabpanel" id="panel-neighbours" aria-labelledby="tab-neighbours" tabindex="0" hidden>
  <form id="search-form" class="search" autocomplete="off">
    <label for="search-input">${t('Word')}</label>
    <div class="combo">
      <input id="search-input" type="text" role="combobox" aria-autocomplete="list" aria-expanded="false"
        aria-controls="search-list" spellcheck="false" placeholder="${t('Type a word from the vocabulary')}">
      <ul id="search-list" role="listbox" aria-label="${t('Words in the vocabulary')}" class="listbox" hidden></ul>
    </div>
    <label for="search-k">${t('Top')}</label>
    <input id="search-k" type="number" min="1" max="200" value="10">
    <button type="submit" id="search-button">${t('Search')}</button>
  </form>
  <p id="model-info" class="muted"></p>
  <p id="neighbours-message" class="message" role="status" aria-live="polite" hidden></p>
  <ol id="neighbours-list" class="neighbours" aria-label="${t('Nearest neighbours')}"></ol>
  ${neighboursOverTimeHtml()}
</section>

<section role="tabpanel" id="panel-gradients" aria-labelledby="tab-gradients" tabindex="0" hidden>
  <h2 id="explorer-heading">${t('Gradient explorer')}</h2>
  <p class="muted">${t('Checks every parameter a window\'s loss touches: analytic gradient against central differences, relative error |a − n| / max(1, |a|, |n|), threshold 1e-5 as in the assignments. The model is never changed.')}</p>
  <p><button type="button" id="ex-derivations" class="link derivations-link">${t('How these gradients are derived')}</button></p>
  <form id="explorer-form" class="explorer-form" aria-labelledby="explorer-heading">
    <label>${t('Model')}
      <select id="ex-target">
        <option value="skipgram">${t('skip-gram')}</option>
        <option value="cbow">${t('CBOW')}</option>
        <option value="network">${t('network (CS224d problem set 1, §2.3)')}</option>
        <option value="sentiment">${t('sentiment classifier (CS224d problem set 1, §4)')}</option>
      </select></label>
    <label id="ex-loss-label">${t('Loss')}
      <select id="ex-loss">
        <option value="neg">${t('negative sampling')}</option>
        <option value="softmax">${t('naive softmax')}</option>
        <option value="hs">${t('hierarchical softmax')}</option>
      </select></label>
    <label id="ex-k-label">K <input id="ex-k" type="number" min="1" max="50" value="10"></label>
    <label>${t('Break a gradient')}
      <select id="ex-broken"><option value="">${t('none (the correct gradient)')}</option></select></label>
    <span class="buttons">
      <button type="submit" id="ex-run">${t('Run check')}</button>
      <button type="button" id="ex-cancel" class="secondary" hidden>${t('Cancel')}</button>
      <button type="button" id="ex-copy" class="secondary" disabled>${t('Copy as Markdown')}</button>
      <button type="button" id="ex-export" class="secondary" disabled>${t('Export JSON')}</button>
    </span>
  </form>
  <p id="ex-status" class="muted" role="status" aria-live="polite"></p>
  <div id="ex-result" hidden>
    <p id="ex-summary"></p>
    <div id="ex-broken-note" class="message" hidden></div>
    <div id="ex-cards" class="grad-summary"></div>
    <div id="ex-kernel" hidden>
      <h3>${t('The training kernel, on the same window')}</h3>
      <p id="ex-kernel-intro" class="muted small">${t('The kernel that trains, its own update of this window against central differences of its own loss.')}</p>
      <div id="ex-kernel-cards" class="grad-summary"></div>
      <ul id="ex-kernel-notes" class="muted small"></ul>
      <h3>${t('One update, step by step')}</h3>
      <p id="ex-steps-summary" class="muted small"></p>
      <details>
        <summary id="ex-steps-count">${t('Every term the kernel computed')}</summary>
        <table id="ex-steps" class="grid">
          <thead><tr>${headers(t('Pair'), t('Output row'), t('Score uᵀx'), t('Probability'), t('Label'), t('Error = label − probability'), t('Loss term'))}</tr></thead>
          <tbody></tbody>
        </table>
      </details>
      <div id="ex-step-rows" class="step-rows"></div>
    </div>
    <h3>${t('Formulas')}</h3>
    <div id="ex-formulas" class="formulas"></div>
    <h3>${t('Relative error of every checked parameter')}</h3>
    <p class="muted small">${t('One cell per parameter (row = vocabulary word or matrix row, column = component), colour = log10 of the relative error. Focus a map and use the arrow keys to read cells.')}</p>
    <div id="ex-heatmap-legend" class="heatmap-legend"></div>
    <div id="ex-heatmaps" class="heatmaps"></div>
    <h3>${t('Distribution')}</h3>
    <div class="chart-box"><canvas id="ex-hist" role="img" aria-label="${t('Histogram of the relative errors of this check, log scale')}"></canvas></div>
    ${chartTable('ex-hist-table', t('The histogram as a table'))}
    <h3>${t('Worst entries')}</h3>
    <table id="ex-worst" class="grid">
      <thead><tr>${headers(t('Group'), t('Row'), t('Component'), t('Analytic'), t('Numeric'), t('Relative error'))}</tr></thead>
      <tbody></tbody>
    </table>
  </div>

  <h2>${t('Checks during training')}</h2>
  <p class="muted">${t('The engine checks the gradient at the current parameters on a real window of the corpus every few seconds: the training kernel itself (its own update against central differences of its own loss), and CS224n\'s formulas on the same window.')}</p>
  <p><button type="button" id="grad-derivations" class="link derivations-link">${t('The derivations behind these checks')}</button></p>
  <div id="grad-summary" class="grad-summary" aria-live="polite"></div>
  <ul id="grad-notes" class="muted small"></ul>
  <h3>${t('Worst relative error per group over the run')}</h3>
  <div class="chart-box"><canvas id="grad-chart" role="img" aria-label="${t('Maximum gradient-check relative error per parameter group against words processed, log scale')}"></canvas></div>
  ${chartTable('grad-table', t('The worst errors as a table'))}
  <h3>${t('Distribution in the latest check')}</h3>
  <p id="grad-latest" class="muted"></p>
  <div class="chart-box"><canvas id="grad-hist" role="img" aria-label="${t('Histogram of relative errors in the latest gradient check, log scale')}"></canvas></div>
  ${chartTable('grad-hist-table', t('The histogram as a table'))}
</section>
<section role="tabpanel" id="panel-sentiment" aria-labelledby="tab-sentiment" tabindex="0" hidden>
  <p id="sent-empty" class="muted">${t('No sentiment classifier yet: run “Word2Vec: Train sentiment classifier” to train softmax regression on averaged word vectors, sweeping the regularization (CS224d problem set 1, §4).')}</p>
  <div id="sent-result" hidden>
    <p id="sent-summary"></p>
    <h2>${t('Accuracy against regularization')}</h2>
    <div class="chart-box chart-tall"><canvas id="sent-chart" role="img" aria-label="${t('Train and dev accuracy against the regularization strength, log scale; the Sweep table below has the same numbers')}" aria-describedby="sent-sweep"></canvas></div>
    <div class="columns">
      <div>
        <h2>${t('Confusion matrix on dev')}</h2>
        <p id="sent-confusion-note" class="muted small"></p>
        <table id="sent-confusion" class="grid confusion"><thead></thead><tbody></tbody></table>
      </div>
      <div>
        <h2>${t('Data')}</h2>
        <table id="sent-splits" class="grid">
          <thead><tr>${headers(t('Split'), t('File'), t('Sentences'), t('Token coverage'), t('Per class'))}</tr></thead>
          <tbody></tbody>
        </table>
      </div>
    </div>
    <h2>${t('Sweep')}</h2>
    <table id="sent-sweep" class="grid">
      <thead><tr>${headers(t('Regularization'), t('Train accuracy'), t('Dev accuracy'), '‖W‖²', t('Iterations'), t('Seconds'))}</tr></thead>
      <tbody></tbody>
    </table>
  </div>
</section>
${evaluationPanelHtml()}
${mapPanelHtml(opts.t)}
${runsTabHtml(t, chartTable)}
<script type="application/json" id="l10n-bundle">${bundleJson}</script>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
