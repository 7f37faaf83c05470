/**
 * The Evaluation tab's and the neighbours-over-time table's static markup (containers with ids);
 * webview/evaluation.ts and webview/neighboursOverTime.ts fill them, every text through t() and
 * every word through textContent.
 */

/** The Evaluation tab's panel. */
export function evaluationPanelHtml(): string {
  return `<section role="tabpanel" id="panel-evaluation" aria-labelledby="tab-evaluation" tabindex="0" hidden>
  <p id="eval-intro" class="muted"></p>
  <div class="eval-controls">
    <button type="button" id="eval-open" class="primary"></button>
    <label id="eval-preset-label"><span id="eval-preset-text"></span>
      <select id="eval-preset"><option value="gensim"></option><option value="compute-accuracy"></option></select></label>
  </div>
  <div id="eval-recent-box" hidden>
    <h3 id="eval-recent-heading"></h3>
    <ul id="eval-recent" class="eval-recent" aria-labelledby="eval-recent-heading"></ul>
  </div>
  <p id="eval-status" class="muted" role="status" aria-live="polite"></p>
  <div id="eval-results"></div>
</section>`;
}

/** Under the Neighbours tab's list: the searched word's neighbours at each training snapshot. */
export function neighboursOverTimeHtml(): string {
  return `<div id="over-time" hidden>
  <h2 id="over-time-heading"></h2>
  <p id="over-time-note" class="muted small"></p>
  <p id="over-time-message" class="message" role="status" hidden></p>
  <div class="over-time-scroll"><table id="over-time-table" class="grid over-time" aria-labelledby="over-time-heading"><thead></thead><tbody></tbody></table></div>
</div>`;
}
