/**
 * A corpus with two topics that never share a line, so each word's contexts are its own topic's
 * words: after training, a word's nearest neighbours are from its own topic. Lines of 12 words,
 * about 6 bytes a word. The same text for the same `lines` and `seed`.
 */
export function topicCorpus(lines: number, seed = 1): string {
  const topics = [
    ['cat', 'dog', 'pet', 'fur', 'paw', 'kitten', 'puppy', 'bark'],
    ['car', 'road', 'wheel', 'engine', 'drive', 'tyre', 'brake', 'fuel'],
  ];
  let s = seed;
  const rand = (n: number): number => (s = (s * 48271) % 2147483647) % n;
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const t = topics[i % 2];
    out.push(Array.from({ length: 12 }, () => t[rand(t.length)]).join(' '));
  }
  return out.join('\n') + '\n';
}
