/** "Train word2vec on file" from an editor that is not a text file says what to do (fake vscode). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fake from './fakeVscode';
import { corpusRequest } from '../../extension/commands/trainOnFile';

const w = fake.window as unknown as {
  visibleTextEditors: { document: { uri: fake.Uri } }[];
  activeTextEditor: { document: { uri: fake.Uri } } | undefined;
  tabGroups: { activeTabGroup: { activeTab: { label: string; input: unknown } | undefined } };
};

test('the Output panel, a notebook, an image: each is named, with what to do instead', async () => {
  const cases: [(typeof w)['activeTextEditor'], { label: string; input: unknown } | undefined, RegExp][] = [
    [{ document: { uri: new fake.Uri('output', 'extension-output-#1') } }, undefined, /^The active editor is the Output panel, not a text file/],
    [{ document: { uri: new fake.Uri('vscode-notebook-cell', '/a.ipynb') } }, undefined, /^The active editor is a notebook cell, not a text file/],
    [undefined, { label: 'analysis.ipynb', input: new fake.TabInputNotebook(fake.Uri.file('/analysis.ipynb'), 'jupyter-notebook') }, /^The active editor is the notebook analysis\.ipynb, not a text file/],
    [undefined, { label: 'cat.png', input: new fake.TabInputCustom(fake.Uri.file('/cat.png'), 'imagePreview.previewEditor') }, /^The active editor is cat\.png, which is not shown as text \(an image/],
  ];
  for (const [editor, tab, expected] of cases) {
    w.activeTextEditor = editor;
    w.tabGroups.activeTabGroup.activeTab = tab;
    const r = await corpusRequest(undefined);
    assert.ok('error' in r, JSON.stringify(r));
    assert.match(r.error, expected);
    assert.match(r.error, /Click in a text file \(\.txt or \.md\) or pick one in the explorer, then run "Word2Vec: Train word2vec on file" again\.$/);
  }
  // The dashboard focused, or nothing open: the general message.
  w.activeTextEditor = undefined;
  w.tabGroups.activeTabGroup.activeTab = { label: 'Word2Vec Dashboard', input: new fake.TabInputWebview('word2vec.dashboard') };
  const r = await corpusRequest(undefined);
  assert.ok('error' in r && /^Open a text file \(or pick one in the explorer\)/.test(r.error));
  assert.ok('error' in r && r.offerSample, 'nothing to train on: the sample corpus is offered');
  w.tabGroups.activeTabGroup.activeTab = undefined;
});

test('from the walkthrough (the Welcome page active, no text editor): the one text file in view is trained; with two, the user is asked', async () => {
  const docs = (fake.workspace as unknown as { textDocuments: { uri: fake.Uri; isDirty: boolean; getText(): string }[] }).textDocuments;
  const corpus = new fake.Uri('untitled', 'Untitled-1');
  docs.push({ uri: corpus, isDirty: true, getText: () => 'the cat sat on the mat' });
  w.activeTextEditor = undefined;
  w.tabGroups.activeTabGroup.activeTab = { label: 'Welcome', input: {} };
  // The Output panel in view too: it is no corpus, so the corpus is still the only one.
  w.visibleTextEditors = [{ document: { uri: corpus } }, { document: { uri: new fake.Uri('output', 'extension-output-#1') } }];
  const r = await corpusRequest(undefined);
  assert.ok(!('error' in r), JSON.stringify(r));
  assert.equal(r.source.kind === 'text' && r.source.text, 'the cat sat on the mat');
  assert.equal(r.name, 'Untitled-1');
  // Two files in view: which one is meant is not guessed; the user is asked to open one, and the sample offered.
  w.visibleTextEditors = [{ document: { uri: corpus } }, { document: { uri: new fake.Uri('untitled', 'Untitled-2') } }];
  const two = await corpusRequest(undefined);
  assert.ok('error' in two && /^Open a text file \(or pick one in the explorer\)/.test(two.error) && two.offerSample, JSON.stringify(two));
  w.visibleTextEditors = [];
  docs.length = 0;
  w.tabGroups.activeTabGroup.activeTab = undefined;
});
