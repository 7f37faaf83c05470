import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, FAST, fixture, resetSettings, setSettings, tempFile, train, waitFor } from './support';
import { COMMANDS } from '../../../extension/commands/ids';

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

  test('a neighbour search shown in the page is answered again from the new model when vectors are loaded, and when a run ends', async () => {
    const api = await extensionApi();
    const asked = api.dashboard.current?.postedMessages().filter((m) => m.type === 'neighbours').length ?? 0;
    await vscode.commands.executeCommand('word2vec.openDashboard', { word: 'animal' });
    const dash = api.dashboard.current!;
    await dash.whenReady();
    type Answer = { type: 'neighbours'; requestId: number; word: string; k: number; results: { word: string; similarity: number }[]; error?: string };
    const answers = (): Answer[] => dash.postedMessages().filter((m): m is Answer => m.type === 'neighbours' && (m as Answer).word === 'animal');
    // The answer to the search the command asked the page for (not one of an earlier test).
    await waitFor(() => answers().length > asked, 30_000, 'the page to ask for the neighbours of "animal"');
    const { requestId, k } = answers().at(-1)!;
    const seen = answers().length;
    // Vectors whose neighbours of "animal" are known: b1 (cosine 0.995), b2 (0.894), b3 (0), b4 (-1).
    const file = tempFile('other.vectors.txt', '5 3\nanimal 1 0 0\nb1 1 0.1 0\nb2 1 0.5 0\nb3 0 1 0\nb4 -1 0 0\n');
    api.ui.answers.push('Detect from the content', file);
    assert.equal(await vscode.commands.executeCommand(COMMANDS.loadVectors), 5);
    await waitFor(() => answers().length > seen, 30_000, 'the search answered again from the loaded vectors');
    const again = answers().at(-1)!;
    assert.equal(again.requestId, requestId, 'under the page\'s own request id, so the page shows it');
    assert.deepEqual(again.results.map((r) => r.word), ['b1', 'b2', 'b3', 'b4'].slice(0, k));
    assert.ok(Math.abs(again.results[0].similarity - 1 / Math.sqrt(1.01)) < 1e-6);
    // The page drew it: its list now has the loaded model's neighbours.
    await waitFor(() => dash.webviewStatus()?.neighbours === Math.min(4, k), 10_000, () => `the page to show ${Math.min(4, k)} neighbours (status ${JSON.stringify(dash.webviewStatus())})`);
    // A run that ends replaces the loaded vectors: answered again, from the trained model.
    const before = answers().length;
    await train(fixture('corpus.txt'));
    await waitFor(() => answers().length > before, 30_000, 'the search answered again from the trained vectors');
    const trained = answers().at(-1)!;
    assert.equal(trained.requestId, requestId);
    assert.deepEqual(trained.results.map((r) => r.word), api.store.current!.vectors.neighbours('animal', k).map((n) => n.word));
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
