/**
 * The Map tab's static markup (the dashboard page calls it from html.ts). Data never goes in here:
 * webview/map.ts fills it with textContent. `tr` translates a static string (the display
 * language's bundle); its result is escaped, so no translation can inject markup.
 */
import type { Translate } from '../shared/translate';
import { escapeHtml } from './html';

export function mapPanelHtml(tr: Translate): string {
  const t = (s: string): string => escapeHtml(tr(s));
  return `<section role="tabpanel" id="panel-map" aria-labelledby="tab-map" tabindex="0" hidden>
  <p id="map-empty" class="muted">${t('No word vectors yet: train on a file or load vectors, and the map of the most frequent words appears here.')}</p>
  <form id="map-form" class="explorer-form" aria-label="${t('Map settings')}">
    <label>${t('Words (most frequent)')} <input id="map-count" type="number" min="2" max="10000" step="1" value="2000"></label>
    <label>${t('Projection')}
      <select id="map-projection">
        <option value="pca">${t('PCA')}</option>
        <option value="umap">${t('UMAP')}</option>
        <option value="axes">${t('Custom axes (words)')}</option>
      </select></label>
    <label id="map-x-label" hidden>${t('x axis')} <input id="map-x" type="text" spellcheck="false" placeholder="woman - man"></label>
    <label id="map-y-label" hidden>${t('y axis')} <input id="map-y" type="text" spellcheck="false" placeholder="good - bad"></label>
    <span class="buttons">
      <button type="submit" id="map-run">${t('Project')}</button>
      <button type="button" id="map-stop" class="secondary" hidden>${t('Stop')}</button>
    </span>
  </form>
  <div id="map-progress-row" class="progress-row" hidden>
    <div id="map-progress" class="progress" role="progressbar" aria-label="${t('Projection progress')}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div id="map-progress-fill" class="progress-fill"></div></div>
    <span id="map-progress-text" class="muted"></span>
  </div>
  <p id="map-chosen" class="muted" role="status" aria-live="polite"></p>
  <p id="map-note" class="muted small"></p>
  <p id="map-message" class="message" role="alert" hidden></p>
  <form id="map-search-form" class="explorer-form" aria-label="${t('Select words')}">
    <label>${t('Select words (substring)')} <input id="map-search" type="text" spellcheck="false" placeholder="king"></label>
    <label class="inline"><input id="map-regex" type="checkbox"> ${t('Regular expression')}</label>
    <span class="buttons">
      <button type="submit" id="map-isolate" class="secondary">${t('Isolate the selection')}</button>
      <button type="button" id="map-all" class="secondary" hidden>${t('Back to the most frequent words')}</button>
    </span>
    <span id="map-selected" class="muted" role="status" aria-live="polite"></span>
  </form>
  <div class="explorer-form">
    <label>${t('Colour')}
      <select id="map-colour">
        <option value="frequency">${t('by frequency')}</option>
        <option value="eval">${t('by membership in an evaluation set')}</option>
      </select></label>
    <span class="buttons">
      <button type="button" id="map-load-eval" class="secondary">${t('Load an evaluation set…')}</button>
    </span>
    <label>${t('Export as')}
      <select id="map-export-format"><option value="csv">CSV</option><option value="tsv">TSV</option></select></label>
    <span class="buttons">
      <button type="button" id="map-export-all" class="secondary">${t('Export coordinates')}</button>
      <button type="button" id="map-export-selection" class="secondary">${t('Export the selection')}</button>
    </span>
  </div>
  <p id="map-legend" class="muted small"></p>
  <div id="map-play" class="explorer-form" hidden>
    <span class="buttons"><button type="button" id="map-play-button" class="secondary">${t('Play training')}</button></span>
    <label>${t('Training snapshot')} <input id="map-frame" type="range" min="0" max="1" step="1" value="1"></label>
    <span id="map-frame-label" class="muted" role="status" aria-live="polite"></span>
  </div>
  <p id="map-hover" class="muted small map-hover"></p>
  <div class="chart-box chart-map"><canvas id="map-chart" role="img" aria-label="${t('Map of the words: hover a point for its word, click it for its nearest neighbours; the table below lists every point')}"></canvas></div>
  <details class="chart-table" id="map-table"><summary>${t('The map as a table')}</summary><p id="map-table-note" class="muted small"></p><table class="grid"><thead></thead><tbody></tbody></table></details>
  <div class="columns">
    <div>
      <h2>${t('Nearest neighbours')}</h2>
      <form id="map-focus-form" class="search" autocomplete="off">
        <label for="map-focus-word">${t('Word')}</label>
        <div class="combo"><input id="map-focus-word" type="text" spellcheck="false" placeholder="${t('click a point, or type a word')}"></div>
        <label for="map-k">${t('Top')}</label>
        <input id="map-k" type="number" min="1" max="50" value="10">
        <button type="submit" id="map-focus-button">${t('Show')}</button>
      </form>
      <p id="map-focus-message" class="muted" role="status" aria-live="polite"></p>
      <ol id="map-neighbours" class="neighbours" aria-label="${t('Nearest neighbours of the chosen word')}"></ol>
    </div>
    <div>
      <h2>${t('Analogy')}</h2>
      <form id="map-analogy-form" class="explorer-form" aria-label="${t('Analogy: a is to b as c is to ?')}">
        <label>a <input id="map-a" type="text" spellcheck="false" placeholder="man"></label>
        <label>b <input id="map-b" type="text" spellcheck="false" placeholder="king"></label>
        <label>c <input id="map-c" type="text" spellcheck="false" placeholder="woman"></label>
        <label>${t('Method')}
          <select id="map-method"><option value="3cosadd">3CosAdd</option><option value="3cosmul">3CosMul</option></select></label>
        <span class="buttons"><button type="submit" id="map-analogy-run">${t('Solve')}</button></span>
      </form>
      <p id="map-analogy-message" class="muted" role="status" aria-live="polite"></p>
      <ol id="map-analogy-list" class="neighbours" aria-label="${t('Answers of the analogy')}"></ol>
      <p id="map-analogy-scale" class="muted"></p>
    </div>
  </div>
</section>`;
}
