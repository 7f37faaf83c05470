/**
 * A heatmap of one parameter matrix's relative errors, drawn on a canvas: one cell per checked
 * parameter, colour = log10(relative error) on a theme-coloured scale that turns from blue
 * (agreement) to yellow at the 1e-5 threshold and red above it. Focusable: the arrow keys move
 * a cursor cell and the caption reads it out (mouse hover does the same).
 */
import type { ExplorerGroupView } from '../extension/shared/protocol';
import { errValue } from '../extension/shared/explorerReport';
import { el } from './dom';
import { formatErr, formatNum } from './format';
import type { ThemeColours } from './theme';

export const SCALE_MIN = -14;
export const SCALE_MAX = 0;
const THRESHOLD_LOG = -5;
const LABEL_W = 110;

type RGB = [number, number, number];

/** Any CSS colour as RGB, via the canvas' own colour parser. */
function rgb(colour: string): RGB {
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.fillStyle = '#000';
  ctx.fillStyle = colour;
  const v = String(ctx.fillStyle);
  if (v.startsWith('#')) return [parseInt(v.slice(1, 3), 16), parseInt(v.slice(3, 5), 16), parseInt(v.slice(5, 7), 16)];
  const m = v.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0];
  return [m[0], m[1], m[2]];
}

const mix = (a: RGB, b: RGB, t: number): RGB => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
const css = (c: RGB) => `rgb(${Math.round(c[0])}, ${Math.round(c[1])}, ${Math.round(c[2])})`;

export class ErrorScale {
  private low: RGB;
  private blue: RGB;
  private yellow: RGB;
  private red: RGB;

  constructor(t: ThemeColours, background: string) {
    this.low = mix(rgb(background), rgb(t.series[0]), 0.15);
    this.blue = rgb(t.series[0]);
    this.yellow = rgb(t.series[4]);
    this.red = rgb(t.threshold);
  }

  colour(err: number | null): string {
    const e = errValue(err);
    if (!(e < Infinity)) return css(this.red);
    const l = e <= 0 ? SCALE_MIN : Math.max(SCALE_MIN, Math.min(SCALE_MAX, Math.log10(e)));
    if (l < THRESHOLD_LOG) return css(mix(this.low, this.blue, (l - SCALE_MIN) / (THRESHOLD_LOG - SCALE_MIN)));
    return css(mix(this.yellow, this.red, (l - THRESHOLD_LOG) / (SCALE_MAX - THRESHOLD_LOG)));
  }

  /** A horizontal legend bar with decade ticks and the threshold. */
  legend(t: ThemeColours): HTMLElement {
    const box = el('div', 'legend');
    const canvas = el('canvas');
    const w = 360, h = 34, dpr = window.devicePixelRatio || 1;
    canvas.width = w * dpr;
    canvas.height = h * dpr;
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'Colour scale: blue below the 1e-5 threshold, yellow to red above it');
    const ctx = canvas.getContext('2d')!;
    ctx.scale(dpr, dpr);
    const x0 = 18, x1 = w - 18;
    for (let x = x0; x < x1; x++) {
      const l = SCALE_MIN + ((x - x0) / (x1 - x0)) * (SCALE_MAX - SCALE_MIN);
      ctx.fillStyle = this.colour(10 ** l);
      ctx.fillRect(x, 2, 1, 12);
    }
    ctx.fillStyle = t.foreground;
    ctx.font = `11px ${t.font}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let l = SCALE_MIN; l <= SCALE_MAX; l += 2) {
      const x = x0 + ((l - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)) * (x1 - x0);
      ctx.fillRect(x, 14, 1, 3);
      ctx.fillText(l === 0 ? '1' : `1e${l}`, x, 19);
    }
    const xt = x0 + ((THRESHOLD_LOG - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)) * (x1 - x0);
    ctx.fillStyle = t.threshold;
    ctx.fillRect(xt - 1, 0, 2, 17);
    box.append(canvas);
    return box;
  }
}

export class Heatmap {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly info: HTMLElement;
  private cursor: number;
  private cellW = 0;
  private cellH = 0;

  constructor(private readonly g: ExplorerGroupView, private scale: ErrorScale, private theme: ThemeColours, width: number) {
    this.root = el('figure', 'heatmap');
    const caption = el('figcaption');
    caption.append(el('strong', undefined, g.name), el('span', 'muted', `  ${g.shape[0]} × ${g.shape[1]}, ${g.count} of ${g.totalInGroup} touched parameters`));
    this.canvas = el('canvas');
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', `${g.name}: relative error per parameter, ${g.shape[0]} rows by ${g.shape[1]} components; arrow keys read cells`);
    this.info = el('p', 'cell-info muted small');
    this.info.setAttribute('aria-live', 'polite');
    this.root.append(caption, this.canvas, this.info);
    this.cursor = g.worstIndex;
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.canvas.addEventListener('focus', () => this.draw());
    this.canvas.addEventListener('blur', () => this.draw());
    this.layout(width);
    this.describe(this.cursor);
  }

  layout(width: number): void {
    const [rows, cols] = this.g.shape;
    const avail = Math.max(120, width - LABEL_W - 4);
    this.cellW = Math.max(2, Math.min(28, Math.floor(avail / cols)));
    this.cellH = Math.max(4, Math.min(22, this.cellW));
    const cssW = LABEL_W + cols * this.cellW + 2;
    const cssH = rows * this.cellH + 2;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(cssW * dpr);
    this.canvas.height = Math.round(cssH * dpr);
    // CSSOM from script: allowed by the CSP.
    this.canvas.style.width = `${cssW}px`;
    this.canvas.style.height = `${cssH}px`;
    this.draw();
  }

  restyle(scale: ErrorScale, theme: ThemeColours): void {
    this.scale = scale;
    this.theme = theme;
    this.draw();
  }

  private draw(): void {
    const ctx = this.canvas.getContext('2d')!;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const [rows, cols] = this.g.shape;
    const gap = this.cellW >= 6 ? 1 : 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        ctx.fillStyle = this.scale.colour(this.g.relErrors[r * cols + c]);
        ctx.fillRect(LABEL_W + 1 + c * this.cellW, 1 + r * this.cellH, this.cellW - gap, this.cellH - gap);
      }
    }
    // Row labels (corpus words: canvas text, never markup), thinned out when rows are short.
    ctx.fillStyle = this.theme.foreground;
    ctx.font = `${Math.min(12, Math.max(9, this.cellH - 2))}px ${this.theme.font}`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const every = Math.max(1, Math.ceil(11 / this.cellH));
    for (let r = 0; r < rows; r += every) {
      const label = this.g.rowLabels[r] ?? '';
      ctx.fillText(label.length > 16 ? `${label.slice(0, 15)}…` : label, LABEL_W - 6, 1 + r * this.cellH + this.cellH / 2, LABEL_W - 8);
    }
    // The cursor (the worst cell until the user moves it).
    const r = Math.floor(this.cursor / cols), c = this.cursor % cols;
    ctx.strokeStyle = this.theme.foreground;
    ctx.lineWidth = document.activeElement === this.canvas ? 2 : 1;
    ctx.strokeRect(LABEL_W + 0.5 + c * this.cellW, 0.5 + r * this.cellH, this.cellW, this.cellH);
  }

  private describe(i: number): void {
    const cols = this.g.shape[1];
    const row = this.g.rowLabels[Math.floor(i / cols)] ?? '';
    const worst = i === this.g.worstIndex ? ' (worst in this group)' : '';
    this.info.textContent = `${row}, component ${i % cols}: relative error ${formatErr(this.g.relErrors[i])}, analytic ${formatNum(this.g.analytic[i], 6)}, numeric ${formatNum(this.g.numeric[i], 6)}${worst}`;
  }

  private hover(e: MouseEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const c = Math.floor((e.clientX - rect.left - LABEL_W - 1) / this.cellW);
    const r = Math.floor((e.clientY - rect.top - 1) / this.cellH);
    const [rows, cols] = this.g.shape;
    if (c < 0 || c >= cols || r < 0 || r >= rows) return;
    this.cursor = r * cols + c;
    this.describe(this.cursor);
    this.draw();
  }

  private key(e: KeyboardEvent): void {
    const [rows, cols] = this.g.shape;
    let r = Math.floor(this.cursor / cols), c = this.cursor % cols;
    if (e.key === 'ArrowRight') c = Math.min(cols - 1, c + 1);
    else if (e.key === 'ArrowLeft') c = Math.max(0, c - 1);
    else if (e.key === 'ArrowDown') r = Math.min(rows - 1, r + 1);
    else if (e.key === 'ArrowUp') r = Math.max(0, r - 1);
    else if (e.key === 'Home') c = 0;
    else if (e.key === 'End') c = cols - 1;
    else return;
    e.preventDefault();
    this.cursor = r * cols + c;
    this.describe(this.cursor);
    this.draw();
  }
}
