/**
 * The Huffman tree of the hierarchical softmax (word2vec.c's CreateBinaryTree): frequent words get
 * short paths. A vocabulary of V words has V − 1 inner nodes, numbered 0 .. V − 2 (the root is
 * V − 2); each inner node has a vector, a row of the output matrix U. Word w's path from the root
 * is points[offsets[w] .. offsets[w + 1]) with codes (0 or 1) of the same range: at each inner node
 * the word lies on the branch of its code, and its probability is Π σ((1 − 2·code)·u_nodeᵀ x).
 */
export interface HuffmanTree {
  /** V + 1 offsets into points and codes. */
  offsets: Int32Array;
  /** The inner nodes on each word's path, root first. */
  points: Int32Array;
  /** 0 or 1 at each step of each path. */
  codes: Int32Array;
}

/** The Huffman tree of the counts (any order; ties broken as word2vec.c does on counts sorted descending). */
export function huffmanTree(counts: ArrayLike<number>): HuffmanTree {
  const V = counts.length;
  if (V < 2) throw new Error('A Huffman tree needs at least two words.');
  // word2vec.c's two-queue construction runs over the words sorted by count, descending.
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
  const count = new Float64Array(2 * V - 1);
  for (let a = 0; a < V; a++) count[a] = counts[order[a]];
  for (let a = V; a < 2 * V - 1; a++) count[a] = Infinity;
  const parent = new Int32Array(2 * V - 1);
  const binary = new Uint8Array(2 * V - 1);
  let pos1 = V - 1;
  let pos2 = V;
  const pickMin = (): number => (pos1 >= 0 && count[pos1] < count[pos2] ? pos1-- : pos2++);
  for (let a = 0; a < V - 1; a++) {
    const min1 = pickMin();
    const min2 = pickMin();
    count[V + a] = count[min1] + count[min2];
    parent[min1] = V + a;
    parent[min2] = V + a;
    binary[min2] = 1;
  }
  const paths: { points: number[]; codes: number[] }[] = new Array(V);
  let total = 0;
  for (let a = 0; a < V; a++) {
    const codes: number[] = [];
    const nodes: number[] = [];
    for (let b = a; b !== 2 * V - 2; b = parent[b]) {
      codes.push(binary[b]);
      nodes.push(parent[b] - V);
    }
    // Leaf-to-root order reversed: root first.
    paths[order[a]] = { points: nodes.reverse(), codes: codes.reverse() };
    total += codes.length;
  }
  const tree: HuffmanTree = { offsets: new Int32Array(V + 1), points: new Int32Array(total), codes: new Int32Array(total) };
  let at = 0;
  for (let w = 0; w < V; w++) {
    tree.offsets[w] = at;
    tree.points.set(paths[w].points, at);
    tree.codes.set(paths[w].codes, at);
    at += paths[w].codes.length;
  }
  tree.offsets[V] = at;
  return tree;
}
