/**
 * Chart colours from the theme's `--vscode-*` CSS variables. A canvas does not follow CSS, so the
 * charts re-read these when VS Code switches theme (it changes the body's class and
 * data-vscode-theme-kind) and redraw.
 */
export interface ThemeColours {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: string;
  /** The editor's background, for halos that keep text on a canvas readable. */
  background: string;
  muted: string;
  grid: string;
  font: string;
  fontSize: number;
  series: string[];
  threshold: string;
  pass: string;
  fail: string;
  highContrast: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

export function themeKind(): ThemeColours['kind'] {
  const b = document.body;
  const attr = b.getAttribute('data-vscode-theme-kind');
  if (attr === 'vscode-high-contrast-light' || b.classList.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (attr === 'vscode-high-contrast' || b.classList.contains('vscode-high-contrast')) return 'high-contrast';
  if (attr === 'vscode-light' || b.classList.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readTheme(): ThemeColours {
  const style = getComputedStyle(document.body);
  const kind = themeKind();
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const foreground = cssVar(style, '--vscode-foreground', kind === 'light' ? '#3b3b3b' : '#cccccc');
  return {
    kind,
    highContrast,
    foreground,
    background: cssVar(style, '--vscode-editor-background', style.backgroundColor),
    muted: cssVar(style, '--vscode-descriptionForeground', foreground),
    grid: highContrast ? cssVar(style, '--vscode-contrastBorder', foreground) : withAlpha(cssVar(style, '--vscode-charts-lines', foreground), 0.35),
    font: cssVar(style, '--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(cssVar(style, '--vscode-font-size', '13')) || 13,
    series: [
      cssVar(style, '--vscode-charts-blue', '#3794ff'),
      cssVar(style, '--vscode-charts-orange', '#d18616'),
      cssVar(style, '--vscode-charts-green', '#89d185'),
      cssVar(style, '--vscode-charts-purple', '#b180d7'),
      cssVar(style, '--vscode-charts-yellow', '#cca700'),
    ],
    threshold: cssVar(style, '--vscode-charts-red', cssVar(style, '--vscode-errorForeground', '#f14c4c')),
    pass: cssVar(style, '--vscode-testing-iconPassed', cssVar(style, '--vscode-charts-green', '#73c991')),
    fail: cssVar(style, '--vscode-testing-iconFailed', cssVar(style, '--vscode-errorForeground', '#f14c4c')),
  };
}

/** `colour` with opacity `alpha` (for hex and rgb() colours; others are returned unchanged). */
export function withAlpha(colour: string, alpha: number): string {
  const c = colour.trim();
  let m = /^#([0-9a-f]{3,4})$/i.exec(c);
  if (m) {
    const h = m[1];
    return withAlpha(`#${h[0]}${h[0]}${h[1]}${h[1]}${h[2]}${h[2]}`, alpha);
  }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c);
  if (m) {
    const n = parseInt(m[1], 16);
    const a0 = m[2] ? parseInt(m[2], 16) / 255 : 1;
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${+(a0 * alpha).toFixed(3)})`;
  }
  m = /^rgba?\(([^)]+)\)$/i.exec(c);
  if (m) {
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length >= 3) return `rgba(${parts[0]}, ${parts[1]}, ${parts[2]}, ${alpha})`;
  }
  return c;
}

/** Calls `onChange` when VS Code switches theme. */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(() => onChange()).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
}
