// Copies the tour screenshots that the end-to-end tests took (build/e2e/tour-<step>-<theme>.png, from
// `node dist/tests/e2e/run.js`) into media/walkthrough/<step>-<theme>.png, the images the walkthrough
// and the README show, downscaled to 1024 px wide and quantised to 64 colours with ImageMagick
// (`apt-get install imagemagick`), so each stays under 150 KB and the .vsix under 2 MB.
//   node scripts/package-screenshots.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'build/e2e');
const to = join(root, 'media/walkthrough');
export const MAX_IMAGE_BYTES = 150 * 1024;
const convert = ['/usr/bin/convert', '/usr/local/bin/magick', '/usr/bin/magick'].find(existsSync);
if (!convert) {
  console.error('package-screenshots: ImageMagick is not installed (sudo apt-get install imagemagick)');
  process.exit(1);
}
const shots = existsSync(from) ? readdirSync(from).filter((f) => /^tour-[a-z]+-(light|dark)\.png$/.test(f)) : [];
if (shots.length === 0) {
  console.error(`package-screenshots: no tour screenshots in ${from}; run the end-to-end tests first (node dist/tests/e2e/run.js)`);
  process.exit(1);
}
let failed = false;
for (const f of shots) {
  const out = join(to, f.replace(/^tour-/, ''));
  const r = spawnSync(convert, [join(from, f), '-resize', '1024x', '+dither', '-colors', '64', '-strip', `PNG8:${out}`], { encoding: 'utf8' });
  if (r.status !== 0) { console.error(`package-screenshots: ${f}: ${r.stderr}`); failed = true; continue; }
  const kb = statSync(out).size / 1024;
  console.log(`${out}: ${kb.toFixed(0)} KB`);
  if (kb * 1024 > MAX_IMAGE_BYTES) { console.error(`package-screenshots: ${out} is over 150 KB`); failed = true; }
}
process.exit(failed ? 1 : 0);
