// "Export vectors" never overwrites an input: the corpus of the vectors (by its path, a hard
// link, a symlinked folder), the vectors file loaded, the corpus of a run in progress; never
// replaces a FIFO. The checks are the CLI's output guard (outputGuard.ts), called by the export.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { linkSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../extension/commands/ids';
import { endTest, extensionApi, FAST, fixture, resetSettings, setSettings, train } from './support';

suite('lifecycle: exports never overwrite an input', function () {
  this.timeout(120_000);
  let dir: string;
  let corpus: string;
  let original: Buffer;

  suiteSetup(async () => {
    await extensionApi();
    dir = mkdtempSync(join(tmpdir(), 'w2v-host-guard-'));
    corpus = join(dir, 'corpus.txt');
    original = readFileSync(fixture('corpus.txt').fsPath);
    writeFileSync(corpus, original);
  });
  setup(async () => {
    await resetSettings();
    await setSettings(FAST);
  });
  teardown(async () => {
    await endTest();
  });

  /** Runs "Export vectors" with the format and the file answered; returns the path written (undefined: refused) and the error shown. */
  async function exportTo(label: string, target: string): Promise<{ written?: string; error?: string }> {
    const api = await extensionApi();
    const shown = api.ui.messages.length;
    api.ui.answers.push(label, vscode.Uri.file(target));
    const written = await vscode.commands.executeCommand<string | undefined>(COMMANDS.exportVectors);
    const error = api.ui.messages.slice(shown).find((m) => m.level === 'error')?.text;
    return { written, error };
  }

  test('over the corpus, a hard link to it, or through a symlinked folder: refused, the corpus unchanged', async () => {
    const api = await extensionApi();
    const outcome = await train(vscode.Uri.file(corpus));
    assert.equal(outcome?.kind, 'result');
    assert.equal(api.store.current?.origin.name, 'corpus.txt');
    const link = join(dir, 'hard-link.txt');
    linkSync(corpus, link);
    const folderLink = join(dir, 'folder-link');
    symlinkSync(dir, folderLink);
    for (const [label, target] of [['word2vec text', corpus], ['GloVe text', link], ['word2vec binary', join(folderLink, 'corpus.txt')]]) {
      const { written, error } = await exportTo(label, target);
      assert.equal(written, undefined, `${label} to ${target} was written`);
      assert.match(error ?? '', /Nothing was exported: .*is the corpus .*corpus\.txt.*inputs are never overwritten/, `${target}: ${error}`);
      assert.deepEqual(readFileSync(corpus), original, `the corpus changed (export to ${target})`);
    }
    // Beside it, the export works.
    const ok = await exportTo('word2vec text', join(dir, 'vectors.txt'));
    assert.equal(ok.written, join(dir, 'vectors.txt'));
    assert.ok(statSync(ok.written).size > 0);
  });

  test('over the vectors file loaded: refused; a FIFO is never replaced', async () => {
    const api = await extensionApi();
    await train(vscode.Uri.file(corpus));
    const vectors = join(dir, 'loaded.txt');
    assert.equal((await exportTo('word2vec text', vectors)).written, vectors);
    api.ui.answers.push('Detect from the content', vscode.Uri.file(vectors));
    assert.ok(await vscode.commands.executeCommand<number | undefined>(COMMANDS.loadVectors));
    assert.equal(api.store.current?.origin.kind, 'loaded');
    const before = readFileSync(vectors);
    const again = await exportTo('word2vec binary', vectors);
    assert.equal(again.written, undefined);
    assert.match(again.error ?? '', /is the vectors file loaded/);
    assert.deepEqual(readFileSync(vectors), before);

    const fifo = join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const piped = await exportTo('word2vec text', fifo);
    assert.equal(piped.written, undefined);
    assert.match(piped.error ?? '', /FIFO/);
    assert.ok(statSync(fifo).isFIFO(), 'the FIFO was replaced');
  });

  test('Projector TSV: its words file (metadata.tsv) over the corpus is refused too', async () => {
    const api = await extensionApi();
    const tsvCorpus = join(dir, 'metadata.tsv');
    writeFileSync(tsvCorpus, original);
    await train(vscode.Uri.file(tsvCorpus));
    assert.equal(api.store.current?.origin.name, 'metadata.tsv');
    const { written, error } = await exportTo('Embedding Projector TSV', join(dir, 'vectors.tsv'));
    assert.equal(written, undefined);
    assert.match(error ?? '', /words file .*metadata\.tsv is the corpus/);
    assert.deepEqual(readFileSync(tsvCorpus), original);
  });
});
