// Writes the small corpus the walkthrough opens (shipped in the .vsix, so an installed extension has
// something to train on at once): every 10th WordNet 3.1 gloss of every part of speech, about
// 147,000 words of real English on every topic, to media/walkthrough/wordnet-sample.txt, with
// WordNet's licence beside it (it asks to travel with every copy). Deterministic and committed:
//   node scripts/package-sample.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glosses, licenseText, PARTS_OF_SPEECH } from './sample-corpus.mjs';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../media/walkthrough');
const EVERY = 10;

const lines = [];
let i = 0;
for (const pos of PARTS_OF_SPEECH) for (const { gloss } of glosses(pos)) if (i++ % EVERY === 0) lines.push(gloss);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'wordnet-sample.txt'), lines.join('\n') + '\n');
writeFileSync(join(dir, 'WORDNET-LICENSE.txt'), licenseText());
const words = lines.reduce((n, l) => n + l.split(/\s+/).filter(Boolean).length, 0);
console.log(`walkthrough sample: ${lines.length} glosses, ${words} words in ${join(dir, 'wordnet-sample.txt')}`);
