/**
 * The core's evaluation results as the Evaluation tab gets them (which kind a file is, the core
 * decides: core/eval/evaluateFile.ts). No `vscode` and no DOM.
 */
import type { AnalogyResult, AnalogySectionResult } from '../core/eval/analogies';
import type { WordPairsResult } from '../core/eval/wordPairs';
import type { EvalAnalogiesView, EvalPairsView, EvalSectionView } from '../shared/protocol';

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
