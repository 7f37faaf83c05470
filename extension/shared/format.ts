/** Formats shared by the dashboard page, the status bar, notifications and the CLI (no vscode, no DOM). */

/** Seconds as "4.2 s" under a minute, else "2:03" or "1:02:03"; `unknown` for a missing, negative or infinite value. */
export function formatDuration(sec: number | null | undefined, unknown = '?'): string {
  if (typeof sec !== 'number' || !Number.isFinite(sec) || sec < 0) return unknown;
  if (sec < 60) return `${sec.toFixed(1)} s`;
  const s = Math.round(sec);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}
