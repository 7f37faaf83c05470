import type { Matrix } from '../../extension/core/math/matrix';
import type { LossAndGradient } from '../../extension/core/math/losses';
import type { Word2VecModel } from '../../extension/core/math/models';

/**
 * One window's loss as a function of V and U packed into one vector (V's vocab x dim entries, then
 * U's), with its gradient packed the same way: what `gradcheck` takes.
 */
export function windowObjective(model: Word2VecModel, center: number, context: number[], vocab: number, dim: number, loss: () => LossAndGradient) {
  return (x: Float64Array) => {
    const V: Matrix = { rows: vocab, cols: dim, data: x.subarray(0, vocab * dim) };
    const U: Matrix = { rows: vocab, cols: dim, data: x.subarray(vocab * dim) };
    const r = model(center, context, V, U, loss());
    const grad = new Float64Array(x.length);
    grad.set(r.gradCenterVecs.data);
    grad.set(r.gradOutsideVectors.data, vocab * dim);
    return { loss: r.loss, grad };
  };
}
