/**
 * The vocabulary an evaluation looks at. Published numbers depend on it, so the two common choices
 * are offered by name: gensim's evaluate_word_pairs / evaluate_word_analogies (the 300,000 most
 * frequent words, case-insensitive) and word2vec's compute-accuracy (the 30,000 most frequent,
 * upper-cased, so also case-insensitive).
 */
export interface EvalOptions {
  /** Only the `restrict` most frequent words (the first rows) count; pairs or questions with another word are skipped. */
  restrict?: number;
  /** Compare words upper-cased (default true, as both gensim and compute-accuracy do). */
  caseInsensitive?: boolean;
  /** How many worst-predicted pairs, or wrongly answered questions, to list (default 10). */
  worst?: number;
}

export type EvalPreset = 'gensim' | 'compute-accuracy';
export const EVAL_PRESETS: Record<EvalPreset, Required<Pick<EvalOptions, 'restrict' | 'caseInsensitive'>> & { description: string }> = {
  gensim: { restrict: 300_000, caseInsensitive: true, description: 'gensim\'s defaults: the 300,000 most frequent words, case-insensitive' },
  'compute-accuracy': { restrict: 30_000, caseInsensitive: true, description: 'word2vec\'s compute-accuracy: the 30,000 most frequent words, upper-cased' },
};

/** Options from the older positional form (a bare restrict number) or an object, with defaults. */
export function evalOptions(o: number | EvalOptions | undefined, defaultRestrict: number): Required<EvalOptions> {
  const x = typeof o === 'number' ? { restrict: o } : (o ?? {});
  return { restrict: x.restrict ?? defaultRestrict, caseInsensitive: x.caseInsensitive ?? true, worst: x.worst ?? 10 };
}
