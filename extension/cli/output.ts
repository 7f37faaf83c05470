/**
 * stdout/stderr for the CLI. A closed pipe (`w2v neighbours ... | head -1`) is not an error: stop
 * writing quietly instead of dying with EPIPE.
 */
let closed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') closed = true;
  else throw e;
});

export function out(text: string): void {
  if (!closed) process.stdout.write(text.endsWith('\n') || text === '' ? text : text + '\n');
}

export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

/** 1234567 -> "1,234,567". */
export function grouped(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Seconds as "1:02:03", "2:03" or "4.2 s": the one duration format (extension/shared/format.ts). */
export { formatDuration as duration } from '../shared/format';

/** 312456 -> "312.5k". */
export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}
