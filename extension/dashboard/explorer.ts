/**
 * The dashboard's side of the gradient explorer. The check itself is the math core's
 * (extension/core/gradcheck/explorer.ts: runExplorerCheck in a worker, cancellable); this module
 * turns the page's form (ExplorerForm of the protocol) and the extension's parameters into the
 * core's request, and the core's result into the protocol's JSON-safe ExplorerResultView for the page.
 * No vscode: tests run it in plain Node.
 */
import type { ExplorerGroup, ExplorerRequest, ExplorerResult, ExplorerTarget } from '../core/gradcheck/explorer';
import type { TrainOptions } from '../core/train/types';
import type { ExplorerGroupView, ExplorerForm, ExplorerResultView } from '../shared/protocol';

export const DEFAULT_EXPLORER_FORM: ExplorerForm = { target: 'skipgram', loss: 'neg', negatives: 10, broken: '' };

/** The network of CS224d problem set 1, §2.3: dimensions [Dx, H, Dy] and 20 data rows. */
export const NETWORK_DIMS: [number, number, number] = [10, 5, 10];
export const NETWORK_ROWS = 20;
/** The sentiment classifier (CS224d problem set 1, §4) at seeded random features: 5 classes as in SST. */
export const CLASSIFIER = { classes: 5, dim: 10, rows: 30, reg: 1e-2 } as const;
/** Seeded random word2vec parameters when the extension gives none: a small, readable heatmap. */
export const RANDOM_DIM = 10;
export const RANDOM_WINDOW = 2;

/** What the extension gives the explorer to check at: the current model and one real window. */
export interface ExplorerInputs {
  /** For display: "the vectors trained on corpus.txt, at ...". */
  label: string;
  words: string[];
  dim: number;
  /** words.length x dim, row-major (V): never modified (the core copies it to its worker). */
  centerVectors: Float32Array | Float64Array;
  /** U, same shape; without it the core checks at a copy of V and says so. */
  outsideVectors?: Float32Array | Float64Array;
  /** Word counts, for the unigram^0.75 negative table (uniform when absent). */
  counts?: number[];
  window: { centerIdx: number; contextIdxs: number[] };
  /** How the run trained, so the training kernel's check checks the kernel that trained it. */
  trainedWith?: Pick<TrainOptions, 'model' | 'loss' | 'cbowUpdate' | 'mistake'>;
}

/** The core's request for the page's form, at the extension's parameters (or seeded random ones). */
export function coreRequest(req: ExplorerForm, params: ExplorerInputs | undefined, seed: number): ExplorerRequest {
  const broken = req.broken || undefined;
  if (req.target === 'network') return { target: { kind: 'network', dims: [...NETWORK_DIMS], rows: NETWORK_ROWS }, broken, seed };
  if (req.target === 'sentiment') return { target: { kind: 'sentiment', ...CLASSIFIER }, broken, seed };
  const word2vec = (dim: number, window: number): ExplorerTarget => ({
    kind: 'word2vec', model: req.target === 'cbow' ? 'cbow' : 'skipgram', loss: req.loss, negatives: req.negatives, dim, window,
  });
  if (!params) return { target: word2vec(RANDOM_DIM, RANDOM_WINDOW), broken, seed };
  // The core names V and U as word2vec.c's input and output vectors.
  const p: ExplorerRequest['parameters'] = { kind: 'trained', label: params.label, words: params.words, inputVectors: params.centerVectors };
  if (params.outsideVectors) p.outputVectors = params.outsideVectors;
  if (params.counts) p.counts = params.counts;
  const target = word2vec(params.dim, Math.max(1, Math.ceil(params.window.contextIdxs.length / 2)));
  const run = params.trainedWith;
  // The hierarchical softmax at a model trained with another loss: its U rows stand in for the inner nodes.
  if (req.loss === 'hs' && run && run.loss !== 'hs') p.label = `${p.label}; its outside vectors U stand in for the inner nodes of the Huffman tree (this model was not trained with the hierarchical softmax)`;
  if (target.kind === 'word2vec' && run) {
    target.cbowUpdate = run.cbowUpdate;
    // The run's planted mistake, when the form asks for the model and loss it trained.
    if (run.mistake && run.model === target.model && run.loss === target.loss) target.mistake = run.mistake;
  }
  return {
    target,
    parameters: p,
    window: { centerIdx: params.window.centerIdx, contextIdxs: params.window.contextIdxs },
    broken,
    seed,
  };
}

/** The page's view of a core result: plain arrays (postMessage is JSON), the form that asked for it. */
export function wireResult(req: ExplorerForm, r: ExplorerResult): ExplorerResultView {
  const t = r.target;
  const params = r.parameters.outsideVectors === 'copy of the input vectors'
    ? `${r.parameters.label}, with a copy of the center vectors V as the outside vectors U (these vectors have no U)`
    : r.parameters.label;
  const out: ExplorerResultView = {
    request: { ...req },
    parameters: params,
    dim: t.kind === 'network' ? t.dims[1] : t.dim,
    vocabSize: r.parameters.vocabSize ?? 0,
    loss: r.loss,
    groups: r.groups.map(groupView),
    seconds: (r.timing.totalMs ?? r.timing.computeMs) / 1000,
  };
  if (r.window) out.window = { center: r.window.center, context: [...r.window.context] };
  if (t.kind === 'network') out.network = { dims: [t.dims[0], t.dims[1], t.dims[2]], rows: t.rows ?? NETWORK_ROWS };
  if (t.kind === 'sentiment') out.classifier = { classes: t.classes ?? CLASSIFIER.classes, dim: t.dim, rows: t.rows ?? CLASSIFIER.rows, reg: t.reg ?? CLASSIFIER.reg };
  if (r.negatives) out.negatives = r.negatives.map((ks) => [...ks]);
  if (r.inputScale !== undefined && r.inputScale !== 1) out.inputScale = r.inputScale;
  if (r.kernel) {
    const st = r.kernel.steps;
    out.kernel = {
      groups: r.kernel.groups.map(groupView), notes: [...r.kernel.notes],
      steps: {
        alpha: st.alpha, loss: st.loss, lossAfter: st.lossAfter,
        terms: st.terms.map((x) => ({ pair: x.pair, row: x.row, score: x.score, probability: x.probability, label: x.label, error: x.error, loss: x.loss })),
        rows: st.rows.map((x) => ({ group: x.group, row: x.row, before: Array.from(x.before), grad: Array.from(x.grad), after: Array.from(x.after) })),
      },
    };
  }
  return out;
}

function groupView(g: ExplorerGroup): ExplorerGroupView {
  let worstIndex = 0;
  for (let i = 1; i < g.relErrors.length; i++) if (!(g.relErrors[i] <= g.relErrors[worstIndex])) worstIndex = i;
  const v: ExplorerGroupView = {
    name: g.name, shape: [g.shape[0], g.shape[1]], rowLabels: [...g.rowLabels], count: g.count, totalInGroup: g.totalInGroup,
    maxRelError: g.maxRelError, relErrors: Array.from(g.relErrors), analytic: Array.from(g.analytic), numeric: Array.from(g.numeric), worstIndex,
  };
  if (g.source) v.source = g.source;
  return v;
}
