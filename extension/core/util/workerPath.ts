import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The path of a bundled worker script, `dist/<name>.js`. Bundles live in dist/ (extension, CLI,
 * library) or below it (dist/tests/unit, dist/bench), so the nearest dist/ at or above this
 * bundle's folder holds the worker.
 */
export function workerPath(name: string): string {
  let dir = __dirname;
  for (let up = 0; up < 4; up++) {
    const candidate = join(dir, `${name}.js`);
    if (existsSync(candidate)) return candidate;
    dir = join(dir, '..');
  }
  throw new Error(`worker script ${name}.js not found near ${__dirname}; run "npm run build"`);
}
