import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, FAST, fixture, resetSettings, setSettings, train, waitFor } from './support';

suite('dashboard', function () {
  this.timeout(180_000);

  suiteSetup(async () => {
    await resetSettings();
    await setSettings(FAST);
  });
  suiteTeardown(async () => {
    const api = await extensionApi();
    if (api.runs.current) api.runs.stop();
    await waitFor(() => !api.runs.current, 10_000, 'the run to stop');
    api.dashboard.current?.dispose();
    await resetSettings();
  });

  test('opens, and its page receives loss points and gradient-check errors of a run', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('word2vec.openDashboard');
    const dash = api.dashboard.current;
    assert.ok(dash, 'no dashboard panel');
    await dash.whenReady();
    // Long enough for several progress events and at least one gradient check (every few seconds).
    await setSettings({ epochs: 1000, dimensions: 100 });
    const gradsBefore = dash.postedCounts().gradCheck ?? 0;
    const pending = train(fixture('corpus.txt'));
    // The page's first snapshot may hold an earlier suite's run, so its status alone does not show
    // that this run's checks arrived: wait for them to be posted too.
    await waitFor(() => (dash.postedCounts().gradCheck ?? 0) > gradsBefore &&
      (dash.webviewStatus()?.lossPoints ?? 0) > 0 && (dash.webviewStatus()?.gradReports ?? 0) > 0, 90_000,
      `loss points and gradient checks in the page (status ${JSON.stringify(dash.webviewStatus())}, posted ${JSON.stringify(dash.postedCounts())}, ` +
      `recorded ${JSON.stringify({ loss: api.dashboard.recorder.snapshot().loss.added, grad: api.dashboard.recorder.snapshot().grad.reports })}, run ${JSON.stringify(api.runs.current ?? api.runs.lastOutcome?.kind)}, messages ${JSON.stringify(api.ui.messages.slice(-3))})`);
    api.runs.stop();
    const outcome = await pending;
    assert.ok(outcome?.kind === 'result');
    const posted = dash.postedMessages();
    const grads = posted.filter((m) => m.type === 'gradCheck');
    assert.ok(grads.length > 0, `gradient checks posted as such (posted ${JSON.stringify(dash.postedCounts())}, last types ${posted.slice(-12).map((m) => m.type).join(' ')}, status ${JSON.stringify(dash.webviewStatus())})`);
    const report = (grads[0] as unknown as { reports: { groups: { name: string; count: number; relErrors: number[] }[] }[] }).reports[0];
    assert.deepEqual(report.groups.map((g) => g.name).sort(), ['center vectors', 'outside vectors']);
    for (const g of report.groups) {
      assert.equal(g.relErrors.length, g.count);
      assert.ok(g.relErrors.every((e) => e >= 0 && e < 1e-5), `${g.name}: worst ${Math.max(...g.relErrors)}`);
    }
    const snap = api.dashboard.recorder.snapshot();
    assert.equal(snap.run?.options.dim, 100, 'the run\'s settings are recorded');
    assert.equal(snap.ended?.stopReason, outcome.result.stopReason);
    assert.equal(snap.ended?.wordsProcessed, outcome.result.wordsProcessed);
    assert.equal(snap.model?.words, api.store.current?.vectors.size);
    assert.equal(dash.invalidMessages(), 0);
  });

  test("the hover's link opens a word in the dashboard's neighbour search", async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('word2vec.openDashboard', { word: 'animal' });
    const dash = api.dashboard.current!;
    await dash.whenReady();
    await waitFor(() => dash.postedMessages().some((m) => m.type === 'neighbours' && (m as { word?: string }).word === 'animal'), 30_000,
      'the page to ask for the neighbours of "animal"');
    const answer = dash.postedMessages().filter((m) => m.type === 'neighbours').pop() as unknown as { results: { word: string; similarity: number }[] };
    assert.deepEqual(answer.results.map((r) => r.word), api.store.current!.vectors.neighbours('animal', answer.results.length).map((n) => n.word));
  });

  test('"Run gradient check" runs the explorer with the settings\' model and loss, every group below 1e-5', async () => {
    const api = await extensionApi();
    await setSettings({ model: 'cbow', negatives: 3 });
    const before = api.dashboard.recorder.explorer?.view;
    await vscode.commands.executeCommand('word2vec.runGradientCheck');
    await waitFor(() => api.dashboard.recorder.explorer?.view !== before, 60_000, 'an explorer result');
    const r = api.dashboard.recorder.explorer?.view!;
    assert.deepEqual(r.request, { target: 'cbow', loss: 'neg', negatives: 3, broken: '' });
    assert.deepEqual(r.groups.map((g) => g.name).sort(), ['center vectors', 'outside vectors']);
    for (const g of r.groups) {
      assert.ok(g.count > 0);
      assert.ok(g.maxRelError !== null && g.maxRelError < 1e-5, `${g.name}: ${g.maxRelError}`);
    }
    // The run kept its outside vectors U, so the check is at the trained V and U, and says so.
    assert.ok(api.store.current?.outside, 'the trained model has its outside vectors');
    assert.match(r.parameters, /trained on/);
  });
});
