/**
 * The dashboard's one way to save an export (saveExport.ts): the host's save dialog, the output
 * guard over the extension's inputs and the view's own, an atomic write; and the gradient check's
 * JSON export going through it (the Map's is in map.test.ts and the map harness).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { linkSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fake from './fakeVscode';
import { chooseExport, saveExport, type ExportHost } from '../../extension/dashboard/saveExport';
import { ExplorerController } from '../../extension/dashboard/explorerController';
import { coreRequest, wireResult } from '../../extension/dashboard/explorer';
import { DashboardRecorder } from '../../extension/dashboard/recorder';
import { computeExplorerResult } from '../../extension/core/gradcheck/explorer';
import { UserInputError } from '../../extension/core/errors';
import type { NamedPath } from '../../extension/core/util/outputGuard';
import type { ExplorerForm, ToWebview } from '../../extension/shared/protocol';
import { Ui } from '../../extension/commands/ui';

/** A host whose save dialog answers `answer` and records what it was asked. */
function host(answer: string | undefined, inputs: NamedPath[] = []): ExportHost & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    saveDialog: async (options) => { asked.push(options); return answer === undefined ? undefined : fake.Uri.file(answer) as never; },
    inputFiles: () => inputs,
  };
}

const FILE = { title: 'Export it', name: 'it.txt', filters: { Text: ['txt'] } };

test('saveExport: a closed dialog writes nothing; a new file is written whole, with no temp file left', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'save-export-'));
  let built = 0;
  const text = () => { built++; return 'a,b\n1,2\n'; };
  assert.equal(await saveExport(host(undefined), FILE, text), undefined);
  assert.equal(built, 0, 'the text is not built when the dialog is closed');
  const out = join(dir, 'out.txt');
  const h = host(out);
  assert.equal(await saveExport(h, FILE, text), out);
  assert.equal(readFileSync(out, 'utf8'), 'a,b\n1,2\n');
  assert.deepEqual(readdirSync(dir), ['out.txt']);
  assert.equal((h.asked[0] as { title: string }).title, 'Export it');
});

test('saveExport: the extension\'s inputs and the view\'s own are refused by path, hard link and symlink; the input is left as it was', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'save-export-'));
  const corpus = join(dir, 'corpus.txt');
  const evalSet = join(dir, 'pairs.txt');
  writeFileSync(corpus, 'the corpus');
  writeFileSync(evalSet, 'king queen 8.5');
  const hard = join(dir, 'hard.txt');
  linkSync(corpus, hard);
  const soft = join(dir, 'soft.txt');
  symlinkSync(corpus, soft);
  for (const target of [corpus, hard, soft]) {
    await assert.rejects(saveExport(host(target, [{ flag: 'the corpus', path: corpus }]), FILE, () => 'overwritten'),
      (e: Error) => e instanceof UserInputError && /^the export .*\.txt is the corpus .*corpus\.txt.*; inputs are never overwritten/.test(e.message), target);
  }
  await assert.rejects(saveExport(host(evalSet), { ...FILE, inputs: [{ flag: 'the evaluation set', path: evalSet }] }, () => 'overwritten'),
    /is the evaluation set .*pairs\.txt; inputs are never overwritten/);
  assert.equal(readFileSync(corpus, 'utf8'), 'the corpus');
  assert.equal(readFileSync(evalSet, 'utf8'), 'king queen 8.5');
});

test('saveExport: a location that is not a file on disk goes through workspace.fs', async () => {
  const written: { uri: string; text: string }[] = [];
  const fs = fake.workspace.fs as { writeFile: (u: unknown, b: Uint8Array) => Promise<void> };
  const before = fs.writeFile;
  fs.writeFile = async (u, b) => { written.push({ uri: String(u), text: new TextDecoder().decode(b) }); };
  try {
    const remote = new fake.Uri('vscode-vfs', '/repo/it.txt');
    const h: ExportHost = { saveDialog: async () => remote as never };
    assert.equal(await saveExport(h, FILE, () => 'text'), remote.toString());
    assert.deepEqual(written, [{ uri: remote.toString(), text: 'text' }]);
  } finally {
    fs.writeFile = before;
  }
});

test('the gradient check\'s JSON export saves through the host\'s dialog and refuses an input of the extension', async () => {
  const recorder = new DashboardRecorder(() => undefined);
  const form: ExplorerForm = { target: 'skipgram', loss: 'neg', negatives: 5, broken: '' };
  const core = computeExplorerResult(coreRequest(form, undefined, 3));
  recorder.explorerChecked(wireResult(form, core), core);
  const dir = mkdtempSync(join(tmpdir(), 'save-export-'));
  const corpus = join(dir, 'corpus.txt');
  writeFileSync(corpus, 'the corpus');
  const posted: ToWebview[] = [];
  // The refusal is told through the extension's Ui, as its other errors are (the host tests read ui.messages).
  const ui = new Ui();
  const refused = new ExplorerController(recorder, async () => undefined, (m) => posted.push(m), () => undefined,
    { ...host(corpus, [{ flag: 'the corpus', path: corpus }]), showError: (text) => void ui.error(text) });
  fake.messages.length = 0;
  await refused.exportJson();
  assert.equal(readFileSync(corpus, 'utf8'), 'the corpus');
  assert.equal(ui.messages.at(-1)?.level, 'error');
  assert.match(ui.messages.at(-1)?.text ?? '', /^Could not save the gradient check: the export .*corpus\.txt is the corpus .*inputs are never overwritten/);
  assert.equal(fake.messages.at(-1)?.text, ui.messages.at(-1)?.text, 'and shown as an error notification');
  const out = join(dir, 'check.json');
  const saving = new ExplorerController(recorder, async () => undefined, (m) => posted.push(m), () => undefined, host(out, [{ flag: 'the corpus', path: corpus }]));
  await saving.exportJson();
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).groups.length, core.groups.length);
  assert.deepEqual(posted.at(-1), { type: 'notice', text: `Saved ${out}.` });
  recorder.dispose();
});

test('chooseExport (also "Export vectors"\'): the files written alongside the chosen one are guarded too; the dialog gets the save label', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'save-export-'));
  const corpus = join(dir, 'words.tsv');
  writeFileSync(corpus, 'the corpus');
  const h = host(join(dir, 'vectors.tsv'), [{ flag: 'the corpus', path: corpus }]);
  const alongside = (path: string) => [{ flag: 'the export\'s words file', path: join(path, '..', 'words.tsv') }];
  await assert.rejects(chooseExport(h, { ...FILE, saveLabel: 'Export', alongside }), (e: Error) =>
    e instanceof UserInputError && /^the export's words file .*words\.tsv is the corpus .*inputs are never overwritten/.test(e.message));
  assert.equal((h.asked[0] as { saveLabel?: string }).saveLabel, 'Export');
  const chosen = await chooseExport(host(join(dir, 'vectors.tsv')), { ...FILE, alongside });
  assert.equal(chosen?.fsPath, join(dir, 'vectors.tsv'), 'with no input in the way, the location chosen');
  assert.deepEqual(readdirSync(dir), ['words.tsv'], 'nothing written by choosing');
});
