/** "Train word2vec on file" from an editor that is not a text file says what to do (fake vscode). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fake from './fakeVscode';
import { corpusRequest } from '../../extension/commands/trainOnFile';

const w = fake.window as unknown as {
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
  w.tabGroups.activeTabGroup.activeTab = undefined;
});
