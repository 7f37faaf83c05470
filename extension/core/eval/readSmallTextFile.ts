import { UserInputError } from '../errors';
import { statInputFile } from '../util/inputFile';
import { readWholeFile } from '../util/readFully';

/** Evaluation files are small (kilobytes); refuse anything that could not be one. */
const MAX_BYTES = 256 << 20;

/**
 * Reads a small UTF-8 text file whole, with one-line UserInputErrors for a missing file, a
 * directory, an empty file, a huge file or a binary (non-UTF-8 or NUL-containing) file.
 */
export async function readSmallTextFile(path: string, what: string): Promise<string> {
  const a = /^[aeiou]/i.test(what) ? 'an' : 'a';
  const st = await statInputFile(path, what);
  if (st.size === 0) throw new UserInputError(`${path} is empty; expected ${a} ${what}.`);
  if (st.size > MAX_BYTES) throw new UserInputError(`${path} is ${Math.round(st.size / 2 ** 20)} MB, too large for ${a} ${what}.`);
  const bytes = await readWholeFile(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserInputError(`${path} is not UTF-8 text (a binary file?); expected ${a} ${what}.`);
  }
  if (text.includes('\0')) throw new UserInputError(`${path} contains NUL bytes (a binary file?); expected ${a} ${what}.`);
  return text.replace(/^\uFEFF/, '');
}
