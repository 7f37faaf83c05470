import { idsView, MAX_SENTENCE, WASM_PAGE, type EncodedIds, type MemoryLayout } from './layout';
import type { IdStream } from '../vocab/counter';

/** Words per training job: about word2vec's 10,000-word step between learning-rate updates. */
export const CHUNK_WORDS = 10000;
/** The most ids a chunk can take: CHUNK_WORDS - 1 words, then a sentence of up to MAX_SENTENCE, and a -1 per sentence. */
export const CHUNK_CAPACITY = 2 * (CHUNK_WORDS + MAX_SENTENCE) + 2;

/**
 * Writes a corpus as vocabulary ids, the one encoding both training modes use: -1 ends a
 * sentence, sentences longer than MAX_SENTENCE words are split, and a chunk (a training job) ends
 * at the first sentence end after CHUNK_WORDS words, reported through onChunkEnd(position). Into
 * 16-bit ids the -1 is stored as 0xffff, which the kernel reads as a sentence end.
 */
export class ChunkWriter {
  at = 0;
  private inSentence = 0;
  private inChunk = 0;

  constructor(private readonly out: EncodedIds, private readonly onChunkEnd: (end: number) => void) {}

  word(id: number): void {
    this.out[this.at++] = id;
    this.inChunk++;
    if (++this.inSentence === MAX_SENTENCE) this.endSentence();
  }

  endSentence(): void {
    if (this.inSentence === 0) return;
    this.out[this.at++] = -1;
    this.inSentence = 0;
    if (this.inChunk >= CHUNK_WORDS) {
      this.inChunk = 0;
      this.onChunkEnd(this.at);
    }
  }

  /** Ends the last sentence and returns whether a partial chunk is left (it ends at `at`). */
  finish(): boolean {
    this.endSentence();
    return this.inChunk > 0;
  }
}

/**
 * The length of the encoded corpus (vocabulary words plus one -1 per sentence end, sentences
 * longer than MAX_SENTENCE split; it must match encodeCorpus exactly: it sizes the shared memory),
 * and how many of its sentences have two words or more (the only ones that give training pairs).
 */
export function encodedLength(raw: Int32Array, rawToId: Int32Array): { length: number; trainableSentences: number; lead: number } {
  let length = 0;
  let inSentence = 0;
  let trainableSentences = 0;
  // How far the writing gets ahead of the reading (encoding in place, see `lead` below).
  let lead = 0;
  let read = 0;
  const end = (): void => {
    length++;
    if (inSentence > 1) trainableSentences++;
    inSentence = 0;
  };
  for (; read < raw.length; read++) {
    const r = raw[read];
    if (r < 0) {
      if (inSentence > 0) end();
    } else if (rawToId[r] >= 0) {
      length++;
      if (++inSentence === MAX_SENTENCE) end();
    }
    if (length - 1 - read > lead) lead = length - 1 - read;
  }
  if (inSentence > 0) end();
  if (length - read > lead) lead = length - read;
  /**
   * lead: encoding over the raw stream itself (out and the stream in one memory) is safe when the
   * stream starts `lead` values after out: each value is then read before it is overwritten. Only
   * sentence splits (a -1 the raw stream does not have) can make the writing get ahead.
   */
  return { length, trainableSentences, lead };
}

/**
 * Writes the recorded corpus (raw ids, -1 at line ends) as vocabulary ids into `out` and returns
 * the job boundaries: chunk c is out[chunks[c] .. chunks[c + 1]).
 */
export function encodeCorpus(raw: Int32Array, rawToId: Int32Array, out: EncodedIds): Int32Array {
  const starts: number[] = [0];
  const writer = new ChunkWriter(out, (end) => starts.push(end));
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    if (r < 0) { writer.endSentence(); continue; }
    const id = rawToId[r];
    if (id >= 0) writer.word(id);
  }
  if (writer.finish()) starts.push(writer.at);
  if (writer.at !== out.length) throw new Error(`encodeCorpus: wrote ${writer.at} ids into ${out.length}`);
  return Int32Array.from(starts);
}

/**
 * Encodes the recorded raw ids as vocabulary ids in place (into layout.ids, which is where the
 * stream starts: IDS_OFFSET, at the layout's width), after moving the stream `lead` values up when
 * sentence splits need the room; clears what is left of the raw stream beyond the encoded corpus
 * (the weights and tables laid out there expect zeros) and grows the memory to the layout's size.
 * Returns the chunk boundaries.
 *
 * Writing never overtakes reading: id w (at byte 4w, or 2w in 16 bits) is written only once raw
 * value w - lead, at byte 4w, has been read, and every raw value still to read lies beyond it. With 16-bit ids the
 * weights are then laid over the second half of the raw stream's pages, which are already in
 * memory: the corpus costs half as much at the peak.
 */
export function encodeInPlace(raw: IdStream, lead: number, rawToId: Int32Array, layout: MemoryLayout): Int32Array {
  if (raw.start !== layout.ids) throw new Error(`encodeInPlace: the stream starts at ${raw.start}, the corpus at ${layout.ids}`);
  const rawEnd = raw.start + (raw.length + lead) * 4;
  // The memory does not grow after this: `all` stays a view of all of it.
  const all = raw.ensureBytes(Math.max(rawEnd, layout.pages * WASM_PAGE));
  const from = raw.start / 4;
  if (lead > 0) all.copyWithin(from + lead, from, from + raw.length);
  const out = idsView(all.buffer, layout.ids, layout.idsLength, layout.idBytes);
  const chunks = encodeCorpus(all.subarray(from + lead, from + lead + raw.length), rawToId, out);
  new Uint8Array(all.buffer, 0, rawEnd).fill(0, layout.ids + layout.idsLength * layout.idBytes);
  return chunks;
}
