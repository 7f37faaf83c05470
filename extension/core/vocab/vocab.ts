import type { VocabStats } from '../train/types';
import type { WordCounter } from './counter';

/** The training vocabulary: words sorted by count (most frequent first), as word2vec and gensim sort it. */
export interface Vocab {
  words: string[];
  counts: number[];
  /** Raw id (order of first appearance) -> vocabulary id, or -1 for a dropped word. */
  rawToId: Int32Array;
  stats: VocabStats;
  /** The words left out (below minCount, or beyond maxVocab), with their counts, in first-seen order. */
  dropped: { words: string[]; counts: number[] };
}

/**
 * Keeps the words seen at least minCount times, then at most maxVocab of them (0 = all), sorted by
 * count descending; ties keep the order of first appearance (gensim's stable sort does the same).
 */
export function buildVocab(counter: WordCounter, minCount: number, maxVocab: number): Vocab {
  const distinct = counter.words.length;
  const kept: number[] = [];
  for (let i = 0; i < distinct; i++) if (counter.counts[i] >= minCount) kept.push(i);
  kept.sort((a, b) => counter.counts[b] - counter.counts[a] || a - b);
  if (maxVocab > 0 && kept.length > maxVocab) kept.length = maxVocab;
  const rawToId = new Int32Array(distinct).fill(-1);
  const words: string[] = new Array(kept.length);
  const counts: number[] = new Array(kept.length);
  let trainWords = 0;
  for (let id = 0; id < kept.length; id++) {
    const raw = kept[id];
    rawToId[raw] = id;
    words[id] = counter.words[raw];
    counts[id] = counter.counts[raw];
    trainWords += counts[id];
  }
  const top = words.slice(0, 20).map((word, i) => ({ word, count: counts[i] }));
  const dropped: Vocab['dropped'] = { words: [], counts: [] };
  for (let raw = 0; raw < distinct; raw++) {
    // The pruning placeholder (the empty word) is no corpus word.
    if (rawToId[raw] === -1 && counter.words[raw] !== '') { dropped.words.push(counter.words[raw]); dropped.counts.push(counter.counts[raw]); }
  }
  return {
    words,
    counts,
    rawToId,
    dropped,
    stats: {
      corpusWords: counter.corpusWords,
      distinctWords: counter.distinctWords,
      vocabSize: kept.length,
      trainWords,
      sentences: counter.sentences,
      top,
    },
  };
}
