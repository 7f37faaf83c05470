/**
 * What kind of evaluation file a text is, and the core's results as the Evaluation tab gets them.
 * No `vscode` and no DOM.
 */
import type { AnalogyResult, AnalogySectionResult } from '../core/eval/analogies';
import type { WordPairsResult } from '../core/eval/wordPairs';
import type { EvalAnalogiesView, EvalPairsView, EvalSectionView } from '../shared/protocol';

/**
 * An analogy file (questions-words.txt) starts with a ": section" line; anything else is read as
 * word pairs (WordSim-353, SimLex-999: "word1 word2 score"), whose reader names the first line
 * that is not one.
 */
export function evalFileKind(text: string): 'pairs' | 'analogies' {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return line.startsWith(':') ? 'analogies' : 'pairs';
  }
  return 'pairs';
}

/** NaN (no pairs known, an empty section) as JSON carries it. */
const json = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function pairsView(r: WordPairsResult): EvalPairsView {
  return {
    spearman: json(r.spearman), pearson: json(r.pearson), pairs: r.pairs, oov: r.oov, oovRate: json(r.oovRate),
    worst: r.worst.map((p) => ({ a: p.a, b: p.b, score: p.score, line: p.line, cosine: json(p.cosine), humanRank: p.humanRank, modelRank: p.modelRank })),
  };
}

const sectionView = (s: AnalogySectionResult): EvalSectionView =>
  ({ section: s.section, correct: s.correct, total: s.total, skipped: s.skipped, accuracy: json(s.accuracy) });

export function analogiesView(r: AnalogyResult): EvalAnalogiesView {
  return {
    sections: r.sections.map(sectionView),
    overall: sectionView(r.overall),
    mistakes: r.mistakes.map((m) => ({ a: m.a, b: m.b, c: m.c, d: m.d, line: m.line, section: m.section, predicted: m.predicted })),
  };
}
