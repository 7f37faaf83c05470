/**
 * Every gradient the explorer checks, as data: the formula of the assignments in their symbols (U, V, y, ŷ,
 * v_c, u_o, u_k, K) as plain text, and as a MathML string that Chromium (the webview) renders
 * natively, so no math library is needed. The strings are constants (no corpus data), so they are
 * safe to insert as markup.
 */
import type { ModelKind, TrainLoss } from '../train/types';

export interface GradientFormula {
  model: ModelKind | 'network' | 'sentiment' | 'any';
  loss: TrainLoss | 'cross-entropy' | 'any';
  /** 'loss', a parameter group ('center vectors', 'outside vectors', 'W1', 'b1', 'W2', 'b2'), or a building block. */
  group: string;
  text: string;
  mathml: string;
  /** Where the assignments derive it. */
  source: string;
}

// ---- a tiny MathML builder ----
const mi = (s: string): string => `<mi>${s}</mi>`;
const mo = (s: string): string => `<mo>${s}</mo>`;
const mn = (s: string): string => `<mn>${s}</mn>`;
/**
 * Vectors and matrices in bold italic, as Unicode mathematical letters: Chromium's MathML Core ignores
 * mathvariant="bold", and a strict CSP forbids style attributes.
 */
const b = (s: string): string => `<mi>${[...s].map(boldItalic).join('')}</mi>`;
function boldItalic(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 65 && code <= 90) return String.fromCodePoint(0x1d468 + code - 65);
  if (code >= 97 && code <= 122) return String.fromCodePoint(0x1d482 + code - 97);
  return c;
}
const row = (...xs: string[]): string => `<mrow>${xs.join('')}</mrow>`;
const sub = (base: string, s: string): string => `<msub>${base}${row(s)}</msub>`;
const sup = (base: string, s: string): string => `<msup>${base}${row(s)}</msup>`;
const subsup = (base: string, s: string, p: string): string => `<msubsup>${base}${row(s)}${row(p)}</msubsup>`;
const frac = (n: string, d: string): string => `<mfrac>${row(n)}${row(d)}</mfrac>`;
const paren = (...xs: string[]): string => row(mo('('), ...xs, mo(')'));
const brack = (...xs: string[]): string => row(mo('['), ...xs, mo(']'));
const hat = (base: string): string => `<mover accent="true">${base}${mo('^')}</mover>`;
const math = (...xs: string[]): string => `<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">${row(...xs)}</math>`;
const T = mi('⊤');
const d = (x: string): string => frac(row(mo('∂'), mi('J')), row(mo('∂'), x));
const vec = (name: string, s: string): string => sub(b(name), mi(s));
const tr = (name: string, s: string): string => subsup(b(name), mi(s), T);
const sigma = (...xs: string[]): string => row(mi('σ'), paren(...xs));
const log = (...xs: string[]): string => row(mi('log'), mo('&#x2061;'), ...xs);
const sumK = `<munderover>${mo('∑')}${row(mi('k'), mo('='), mn('1'))}${mi('K')}</munderover>`;
const sumO = `<munder>${mo('∑')}${row(mi('o'))}</munder>`;
const sumW = `<munder>${mo('∑')}${row(mi('w'))}</munder>`;
const sumJ = `<munder>${mo('∑')}${row(mi('j'))}</munder>`;
const eq = mo('=');
const minus = mo('−');
const plus = mo('+');

const vc = vec('v', 'c');
const vhat = hat(b('v'));
const uNode = sub(b('u'), sub(mi('n'), mi('j')));
const uNodeT = subsup(b('u'), sub(mi('n'), mi('j')), T);
const vbar = `<mover accent="true">${b('v')}${mo('¯')}</mover>`;
const U = b('U');
const y = b('y');
const yh = hat(b('y'));
const UT = sup(b('U'), T);
const oneMinus = (...xs: string[]): string => paren(mn('1'), minus, sigma(...xs));

const skipNote = 'summed over the outside words o of the window; y is the one-hot vector of o';
const hsSkipNote = 'the training kernel\'s pairs: each context word w predicts the center word c; n_1 … n_L are the inner nodes on c\'s path in the Huffman tree, d_j ∈ {0, 1} its code there';
const hsCbowNote = 'v̄ = (1/n) Σ_i v_{w_i}, the mean of the n context vectors (the training kernel\'s CBOW); n_j and d_j are the inner nodes and code of the center word c\'s path in the Huffman tree';
const cbowNote = 'v̂ = Σ_j v_{w_j} sums the context words’ center vectors; the center word c is the word predicted (it plays the role of o)';

export const GRADIENT_FORMULAS: readonly GradientFormula[] = [
  // ---- skip-gram, naive softmax ----
  {
    model: 'skipgram', loss: 'softmax', group: 'loss', source: 'CS224n assignment 2, written part (a)',
    text: `J = Σ_o −log ŷ_o,  ŷ = softmax(U v_c)  (${skipNote})`,
    mathml: math(mi('J'), eq, sumO, minus, log(sub(yh, mi('o'))), mo(','), mspace(), yh, eq, mi('softmax'), paren(U, vc)),
  },
  {
    model: 'skipgram', loss: 'softmax', group: 'center vectors', source: 'CS224n assignment 2, written parts (b) and (f)',
    text: `∂J/∂v_c = Σ_o Uᵀ(ŷ − y)  (${skipNote}); ∂J/∂v_w = 0 for w ≠ c`,
    mathml: math(d(vc), eq, sumO, UT, paren(yh, minus, y)),
  },
  {
    model: 'skipgram', loss: 'softmax', group: 'outside vectors', source: 'CS224n assignment 2, written parts (c) and (f)',
    text: `∂J/∂u_w = Σ_o (ŷ_w − y_w) v_c, i.e. ∂J/∂U = Σ_o (ŷ − y) v_cᵀ  (${skipNote})`,
    mathml: math(d(vec('u', 'w')), eq, sumO, paren(sub(hat(mi('y')), mi('w')), minus, sub(mi('y'), mi('w'))), vc),
  },
  // ---- skip-gram, negative sampling ----
  {
    model: 'skipgram', loss: 'neg', group: 'loss', source: 'CS224n assignment 2, written parts (e) and (f)',
    text: 'J = Σ_o [ −log σ(u_oᵀv_c) − Σ_{k=1}^{K} log σ(−u_kᵀv_c) ]  (K negatives u_k drawn per outside word o)',
    mathml: math(mi('J'), eq, sumO, brack(minus, log(sigma(tr('u', 'o'), vc)), minus, sumK, log(sigma(minus, tr('u', 'k'), vc)))),
  },
  {
    model: 'skipgram', loss: 'neg', group: 'center vectors', source: 'CS224n assignment 2, written parts (e) and (f)',
    text: '∂J/∂v_c = Σ_o [ −(1 − σ(u_oᵀv_c)) u_o + Σ_{k=1}^{K} (1 − σ(−u_kᵀv_c)) u_k ]',
    mathml: math(d(vc), eq, sumO, brack(minus, oneMinus(tr('u', 'o'), vc), vec('u', 'o'), plus, sumK, oneMinus(minus, tr('u', 'k'), vc), vec('u', 'k'))),
  },
  {
    model: 'skipgram', loss: 'neg', group: 'outside vectors', source: 'CS224n assignment 2, written parts (e) and (f)',
    text: '∂J/∂u_o = −(1 − σ(u_oᵀv_c)) v_c;  ∂J/∂u_k = (1 − σ(−u_kᵀv_c)) v_c  (summed over every pair and every draw of k)',
    mathml: math(d(vec('u', 'o')), eq, minus, oneMinus(tr('u', 'o'), vc), vc, mo(';'), mspace(), d(vec('u', 'k')), eq, oneMinus(minus, tr('u', 'k'), vc), vc),
  },
  // ---- CBOW, naive softmax ----
  {
    model: 'cbow', loss: 'softmax', group: 'loss', source: 'CS224n assignment 2, written part (a); CS224d problem set 1, §3.1, §3.5',
    text: `J = −log ŷ_c,  ŷ = softmax(U v̂),  v̂ = Σ_j v_{w_j}  (${cbowNote})`,
    mathml: math(mi('J'), eq, minus, log(sub(yh, mi('c'))), mo(','), mspace(), yh, eq, mi('softmax'), paren(U, vhat), mo(','), mspace(), vhat, eq, sumJ, sub(b('v'), sub(mi('w'), mi('j')))),
  },
  {
    model: 'cbow', loss: 'softmax', group: 'center vectors', source: 'CS224n assignment 2, written part (b); CS224d problem set 1, §3.1',
    text: `∂J/∂v_{w_j} = ∂J/∂v̂ = Uᵀ(ŷ − y) for each context word w_j (once per occurrence)  (${cbowNote}; y is the one-hot vector of c)`,
    mathml: math(d(sub(b('v'), sub(mi('w'), mi('j')))), eq, d(vhat), eq, UT, paren(yh, minus, y)),
  },
  {
    model: 'cbow', loss: 'softmax', group: 'outside vectors', source: 'CS224n assignment 2, written part (c); CS224d problem set 1, §3.2',
    text: `∂J/∂u_w = (ŷ_w − y_w) v̂  (${cbowNote})`,
    mathml: math(d(vec('u', 'w')), eq, paren(sub(hat(mi('y')), mi('w')), minus, sub(mi('y'), mi('w'))), vhat),
  },
  // ---- CBOW, negative sampling ----
  {
    model: 'cbow', loss: 'neg', group: 'loss', source: 'CS224n assignment 2, written part (e); CS224d problem set 1, §3.3, §3.5',
    text: `J = −log σ(u_cᵀv̂) − Σ_{k=1}^{K} log σ(−u_kᵀv̂)  (${cbowNote})`,
    mathml: math(mi('J'), eq, minus, log(sigma(tr('u', 'c'), vhat)), minus, sumK, log(sigma(minus, tr('u', 'k'), vhat))),
  },
  {
    model: 'cbow', loss: 'neg', group: 'center vectors', source: 'CS224n assignment 2, written part (e); CS224d problem set 1, §3.3',
    text: `∂J/∂v_{w_j} = ∂J/∂v̂ = −(1 − σ(u_cᵀv̂)) u_c + Σ_{k=1}^{K} (1 − σ(−u_kᵀv̂)) u_k  (${cbowNote})`,
    mathml: math(d(sub(b('v'), sub(mi('w'), mi('j')))), eq, minus, oneMinus(tr('u', 'c'), vhat), vec('u', 'c'), plus, sumK, oneMinus(minus, tr('u', 'k'), vhat), vec('u', 'k')),
  },
  {
    model: 'cbow', loss: 'neg', group: 'outside vectors', source: 'CS224n assignment 2, written part (e); CS224d problem set 1, eq. 3.14',
    text: `∂J/∂u_c = −(1 − σ(u_cᵀv̂)) v̂;  ∂J/∂u_k = (1 − σ(−u_kᵀv̂)) v̂  (${cbowNote})`,
    mathml: math(d(vec('u', 'c')), eq, minus, oneMinus(tr('u', 'c'), vhat), vhat, mo(';'), mspace(), d(vec('u', 'k')), eq, oneMinus(minus, tr('u', 'k'), vhat), vhat),
  },
  // ---- the hierarchical softmax, as the training kernel defines it (word2vec.c; no CS224n formulas) ----
  {
    model: 'skipgram', loss: 'hs', group: 'loss', source: 'Mikolov et al. 2013, "Distributed Representations of Words and Phrases", §2.1; word2vec.c',
    text: `J = Σ_w Σ_j −log σ((1 − 2d_j) u_{n_j}ᵀ v_w)  (${hsSkipNote})`,
    mathml: math(mi('J'), eq, sumW, sumJ, minus, log(sigma(paren(mn('1'), minus, mn('2'), sub(mi('d'), mi('j'))), uNodeT, vec('v', 'w')))),
  },
  {
    model: 'skipgram', loss: 'hs', group: 'center vectors', source: 'Mikolov et al. 2013, §2.1; word2vec.c',
    text: `∂J/∂v_w = −Σ_j (1 − d_j − σ(u_{n_j}ᵀ v_w)) u_{n_j}  (${hsSkipNote})`,
    mathml: math(d(vec('v', 'w')), eq, minus, sumJ, paren(mn('1'), minus, sub(mi('d'), mi('j')), minus, sigma(uNodeT, vec('v', 'w'))), uNode),
  },
  {
    model: 'skipgram', loss: 'hs', group: 'inner nodes', source: 'Mikolov et al. 2013, §2.1; word2vec.c',
    text: `∂J/∂u_{n_j} = −Σ_w (1 − d_j − σ(u_{n_j}ᵀ v_w)) v_w  (${hsSkipNote})`,
    mathml: math(d(uNode), eq, minus, sumW, paren(mn('1'), minus, sub(mi('d'), mi('j')), minus, sigma(uNodeT, vec('v', 'w'))), vec('v', 'w')),
  },
  {
    model: 'cbow', loss: 'hs', group: 'loss', source: 'Mikolov et al. 2013, §2.1; word2vec.c',
    text: `J = Σ_j −log σ((1 − 2d_j) u_{n_j}ᵀ v̄)  (${hsCbowNote})`,
    mathml: math(mi('J'), eq, sumJ, minus, log(sigma(paren(mn('1'), minus, mn('2'), sub(mi('d'), mi('j'))), uNodeT, vbar))),
  },
  {
    model: 'cbow', loss: 'hs', group: 'center vectors', source: 'Mikolov et al. 2013, §2.1; İrsoy, Benton & Stratos 2021',
    text: `∂J/∂v_{w_i} = (1/n) ∂J/∂v̄ = −(1/n) Σ_j (1 − d_j − σ(u_{n_j}ᵀ v̄)) u_{n_j}  (${hsCbowNote})`,
    mathml: math(d(sub(b('v'), sub(mi('w'), mi('i')))), eq, minus, frac(mn('1'), mi('n')), sumJ, paren(mn('1'), minus, sub(mi('d'), mi('j')), minus, sigma(uNodeT, vbar)), uNode),
  },
  {
    model: 'cbow', loss: 'hs', group: 'inner nodes', source: 'Mikolov et al. 2013, §2.1; word2vec.c',
    text: `∂J/∂u_{n_j} = −(1 − d_j − σ(u_{n_j}ᵀ v̄)) v̄  (${hsCbowNote})`,
    mathml: math(d(uNode), eq, minus, paren(mn('1'), minus, sub(mi('d'), mi('j')), minus, sigma(uNodeT, vbar)), vbar),
  },
  // ---- the one-hidden-layer network (CS224d problem set 1, §2.3), per row x of X, summed over rows ----
  {
    model: 'network', loss: 'cross-entropy', group: 'loss', source: 'CS224d problem set 1, §2.2–2.3',
    text: 'J = CE(y, ŷ) = −Σ_i y_i log ŷ_i,  ŷ = softmax(h W2 + b2),  h = σ(z),  z = x W1 + b1',
    mathml: math(mi('J'), eq, minus, `<munder>${mo('∑')}${row(mi('i'))}</munder>`, sub(mi('y'), mi('i')), log(sub(hat(mi('y')), mi('i'))), mo(','), mspace(),
      yh, eq, mi('softmax'), paren(b('h'), sub(b('W'), mn('2')), plus, sub(b('b'), mn('2'))), mo(','), mspace(),
      b('h'), eq, sigma(b('z')), mo(','), mspace(), b('z'), eq, b('x'), sub(b('W'), mn('1')), plus, sub(b('b'), mn('1'))),
  },
  {
    model: 'network', loss: 'cross-entropy', group: 'W2', source: 'CS224d problem set 1, eq. 2.9, 2.13',
    text: '∂J/∂W2 = hᵀ(ŷ − y)',
    mathml: math(d(sub(b('W'), mn('2'))), eq, sup(b('h'), T), paren(yh, minus, y)),
  },
  {
    model: 'network', loss: 'cross-entropy', group: 'b2', source: 'CS224d problem set 1, eq. 2.9, 2.13',
    text: '∂J/∂b2 = ŷ − y',
    mathml: math(d(sub(b('b'), mn('2'))), eq, yh, minus, y),
  },
  {
    model: 'network', loss: 'cross-entropy', group: 'W1', source: 'CS224d problem set 1, eq. 2.14–2.16',
    text: '∂J/∂W1 = xᵀ[ (ŷ − y) W2ᵀ ⊙ σ′(z) ],  σ′(z) = σ(z)(1 − σ(z))',
    mathml: math(d(sub(b('W'), mn('1'))), eq, sup(b('x'), T), brack(paren(yh, minus, y), subsup(b('W'), mn('2'), T), mo('⊙'), row(mi('σ'), mo('′')), paren(b('z')))),
  },
  {
    model: 'network', loss: 'cross-entropy', group: 'b1', source: 'CS224d problem set 1, eq. 2.14–2.15',
    text: '∂J/∂b1 = (ŷ − y) W2ᵀ ⊙ σ′(z)',
    mathml: math(d(sub(b('b'), mn('1'))), eq, paren(yh, minus, y), subsup(b('W'), mn('2'), T), mo('⊙'), row(mi('σ'), mo('′')), paren(b('z'))),
  },
  // ---- the sentiment classifier (CS224d problem set 1, §4): softmax regression on averaged word vectors, L2 on W only ----
  {
    model: 'sentiment', loss: 'cross-entropy', group: 'loss', source: 'CS224d problem set 1, §4',
    text: 'J = (1/n) Σ_i −log softmax(x_i W + b)[y_i] + ½·reg·‖W‖²  (the bias b is not regularized)',
    mathml: math(mi('J'), eq, frac(mn('1'), mi('n')), `<munder>${mo('∑')}${row(mi('i'))}</munder>`, minus, log(mi('softmax'), paren(sub(b('x'), mi('i')), b('W'), plus, b('b')), brack(sub(mi('y'), mi('i')))),
      plus, frac(mn('1'), mn('2')), mi('reg'), sup(row(mo('‖'), b('W'), mo('‖')), mn('2'))),
  },
  {
    model: 'sentiment', loss: 'cross-entropy', group: 'W', source: 'CS224d problem set 1, §4; eq. 2.9',
    text: '∂J/∂W = (1/n) Xᵀ(Ŷ − Y) + reg·W',
    mathml: math(d(b('W')), eq, frac(mn('1'), mi('n')), sup(b('X'), T), paren(hat(b('Y')), minus, b('Y')), plus, mi('reg'), b('W')),
  },
  {
    model: 'sentiment', loss: 'cross-entropy', group: 'b', source: 'CS224d problem set 1, §4; eq. 2.9',
    text: '∂J/∂b = (1/n) Σ_i (ŷ_i − y_i)',
    mathml: math(d(b('b')), eq, frac(mn('1'), mi('n')), `<munder>${mo('∑')}${row(mi('i'))}</munder>`, paren(sub(hat(b('y')), mi('i')), minus, sub(y, mi('i')))),
  },
  // ---- building blocks ----
  {
    model: 'any', loss: 'any', group: 'sigmoid', source: 'CS224n assignment 2, written part (d); CS224d problem set 1, §2.1',
    text: 'σ(x) = 1/(1 + e^(−x)),  σ′(x) = σ(x)(1 − σ(x)),  1 − σ(−x) = σ(x)',
    mathml: math(row(mi('σ'), mo('′')), paren(mi('x')), eq, sigma(mi('x')), oneMinus(mi('x'))),
  },
  {
    model: 'any', loss: 'any', group: 'softmax', source: 'CS224d problem set 1, §1',
    text: 'softmax(x) = softmax(x − max x): the shift keeps every exp in (0, 1]',
    mathml: math(mi('softmax'), paren(b('x')), eq, mi('softmax'), paren(b('x'), minus, row(mi('max'), mo('&#x2061;'), b('x')))),
  },
  {
    model: 'any', loss: 'any', group: 'relative error', source: 'CS224n assignment gradcheck',
    text: 'rel = |a − n| / max(1, |a|, |n|),  n = (J(θ + h) − J(θ − h)) / 2h,  h = 10⁻⁴',
    mathml: math(mi('rel'), eq, frac(row(mo('|'), mi('a'), minus, mi('n'), mo('|')), row(mi('max'), paren(mn('1'), mo(','), mo('|'), mi('a'), mo('|'), mo(','), mo('|'), mi('n'), mo('|')))), mo(','), mspace(),
      mi('n'), eq, frac(row(mi('J'), paren(mi('θ'), plus, mi('h')), minus, mi('J'), paren(mi('θ'), minus, mi('h'))), row(mn('2'), mi('h')))),
  },
];

function mspace(): string {
  return '<mspace width="1em"/>';
}

/**
 * The formulas shown beside one check: its loss and each of its groups. word2vec passes its loss;
 * the network and the classifier have one loss (cross-entropy) and pass none.
 */
export function formulasFor(model: ModelKind | 'network' | 'sentiment', loss?: TrainLoss): GradientFormula[] {
  return GRADIENT_FORMULAS.filter((f) => f.model === model && (loss === undefined || f.loss === loss));
}
