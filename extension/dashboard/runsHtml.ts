/**
 * The Runs tab's static markup (the page's webview/runs.ts fills it): "train with a mistake" beside
 * a correct run, the last runs' loss curves overlaid, and their settings, outcomes, live checks and
 * probe neighbours side by side. No data here: every word goes in through textContent. `t`
 * translates and escapes (html.ts's).
 */
import { KERNEL_MISTAKES } from '../core/train/mistakes';
import { escapeHtml } from './html';

export function runsTabHtml(t: (message: string) => string, chartTable: (id: string, summary: string) => string): string {
  // The mistakes' labels are constants of the extension (no corpus data); escaped all the same.
  const options = KERNEL_MISTAKES.map((m) => `<option value="${m.id}">${escapeHtml(m.label)}</option>`).join('');
  return `<section role="tabpanel" id="panel-runs" aria-labelledby="tab-runs" tabindex="0" hidden>
  <h2 id="mistake-heading">${t('Train with a mistake')}</h2>
  <p class="muted">${t('Trains the last run\'s corpus with a mistake planted in the training kernel\'s update, then a correct run of the same corpus, settings and seed. Watch the two loss curves, the live kernel checks and the neighbours below.')}</p>
  <form id="mistake-form" class="explorer-form" aria-labelledby="mistake-heading">
    <label>${t('Mistake')} <select id="mistake-select">${options}</select></label>
    <span class="buttons"><button type="submit" id="mistake-run">${t('Train with this mistake beside a correct run')}</button></span>
  </form>
  <p id="mistake-detail" class="muted small"></p>
  <p id="runs-status" class="muted" role="status" aria-live="polite"></p>
  <h2>${t('The last runs')}</h2>
  <p id="runs-empty" class="empty">${t('No runs yet: each training run is kept here (the last five), with its loss curve, settings and checks.')}</p>
  <div id="runs-body" hidden>
    <div class="chart-box chart-tall"><canvas id="runs-chart" role="img" aria-label="${t('The loss curves of the last runs, overlaid, against words processed')}"></canvas></div>
    ${chartTable('runs-table', t('The loss curves as a table'))}
    <p id="runs-note" class="muted small"></p>
    <div class="runs-compare" tabindex="0" role="region" aria-label="${t('The runs side by side')}">
      <table id="runs-compare" class="grid runs-grid"><thead></thead><tbody></tbody></table>
    </div>
  </div>
</section>`;
}
