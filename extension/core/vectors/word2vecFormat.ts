/**
 * Reading and writing vector files: word2vec text and binary, fastText .vec, GloVe and the
 * Projector's TSV pair (formats.ts says what each is; readVectors.ts and writeVectors.ts do it).
 */
export { readVectors, readVectorFile, detectVectorFormat, type ReadVectorsOptions, type VectorFileInfo } from './readVectors';
export { writeVectors, type WriteVectorsOptions } from './writeVectors';
export {
  formatFromPath, metadataPathFor, parseFormatName, VECTOR_FORMATS, FORMAT_DESCRIPTIONS, type VectorFormat,
} from './formats';
