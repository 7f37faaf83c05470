/**
 * One neighbour of a list (the Neighbours tab's, the Map's neighbours and analogy answers): a
 * button with the word, a bar of its score and the number, which does `pick` with the word.
 * The word goes in via textContent only.
 */
import type { Neighbour } from '../extension/shared/protocol';
import { el } from './dom';

export interface NeighbourItemText {
  /** The word as shown, when it is not the word itself (say, "king (not on the map)"). */
  label?: string;
  /** The button's accessible name, from the label and the score as shown ("0.731"). */
  ariaLabel: (label: string, score: string) => string;
  /** A tooltip. */
  title?: string;
  /** The score drawn as a full bar (barScale of the list): 1 for cosines. */
  scale?: number;
}

/**
 * The score a list draws as a full bar: 1 while every score is a cosine (at most 1 in size), else
 * the list's largest. 3CosMul's scores are ratios that pass 1; scaled to the largest, the bars of
 * one list stay comparable instead of all filling the track.
 */
export function barScale(results: readonly Neighbour[]): number {
  let max = 1;
  for (const r of results) if (Number.isFinite(r.similarity)) max = Math.max(max, Math.abs(r.similarity));
  return max;
}

export function neighbourItem(r: Neighbour, text: NeighbourItemText, pick: (word: string) => void): HTMLLIElement {
  const li = el('li');
  const button = el('button', 'neighbour');
  button.type = 'button';
  if (text.title !== undefined) button.title = text.title;
  const sim = Number.isFinite(r.similarity) ? r.similarity : 0;
  const score = sim.toFixed(3);
  const track = el('span', 'bar-track');
  const bar = el('span', sim < 0 ? 'bar negative' : 'bar');
  // CSSOM from script is allowed by the CSP (inline style attributes are not).
  bar.style.width = `${Math.min(100, (Math.abs(sim) / (text.scale ?? 1)) * 100).toFixed(1)}%`;
  track.append(bar);
  const label = text.label ?? r.word;
  button.append(el('span', 'word', label), track, el('span', 'sim', score));
  button.setAttribute('aria-label', text.ariaLabel(label, score));
  button.addEventListener('click', () => pick(r.word));
  li.append(button);
  return li;
}
