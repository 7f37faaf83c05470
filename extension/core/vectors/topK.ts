/**
 * The k largest scores of a candidate set, best first, in O(n log k) with a size-k min-heap: a full
 * sort of a 100k-word vocabulary per query would cost ~20x more. Ties keep the lower index first,
 * so results are deterministic.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Int32Array;
  private n = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(k, 0));
    this.ids = new Int32Array(Math.max(k, 0));
  }

  /** True when (a, ia) ranks below (b, ib): lower score, or equal score and higher index. */
  private static worse(a: number, ia: number, b: number, ib: number): boolean {
    return a < b || (a === b && ia > ib);
  }

  /** The score a candidate must beat to enter (−Infinity until the heap is full). */
  get threshold(): number {
    return this.n < this.k ? -Infinity : this.scores[0];
  }

  push(score: number, id: number): void {
    const k = this.k;
    if (k <= 0 || Number.isNaN(score)) return;
    const s = this.scores;
    const ids = this.ids;
    if (this.n < k) {
      // sift up
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!TopK.worse(score, id, s[p], ids[p])) break;
        s[i] = s[p];
        ids[i] = ids[p];
        i = p;
      }
      s[i] = score;
      ids[i] = id;
      return;
    }
    if (!TopK.worse(s[0], ids[0], score, id)) return;
    // replace the root (the worst kept) and sift down
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      const r = l + 1;
      let c = l;
      if (r < k && TopK.worse(s[r], ids[r], s[l], ids[l])) c = r;
      if (!TopK.worse(s[c], ids[c], score, id)) break;
      s[i] = s[c];
      ids[i] = ids[c];
      i = c;
    }
    s[i] = score;
    ids[i] = id;
  }

  /** The kept candidates, best first. */
  sorted(): { id: number; score: number }[] {
    const out: { id: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ id: this.ids[i], score: this.scores[i] });
    out.sort((a, b) => b.score - a.score || a.id - b.id);
    return out;
  }
}
