export { WordVectors, type Neighbour } from './WordVectors';
export { readVectors, readVectorFile, detectVectorFormat, type ReadVectorsOptions, type VectorFileInfo } from './readVectors';
export { writeVectors, type WriteVectorsOptions } from './writeVectors';
export {
  formatFromPath, metadataPathFor, parseFormatName, VECTOR_FORMATS, FORMAT_DESCRIPTIONS, type VectorFormat,
} from './formats';
export { formatFloat32, parseFloatToken } from './floatText';
export { mostSimilar, analogy, doesntMatch, ANALOGY_METHODS, type AnalogyMethod, type MostSimilarQuery, type DoesntMatchResult } from './queries';
export { pca, type PcaResult } from './pca';
export { orthogonalProcrustes, rotate } from './procrustes';
export { svd, type Svd, type MatrixLike } from './svd';
export { mapPoints, MAX_MAP_WORDS, fitPcaPlane, axisDirection, axesPlane, projectOnPlane, axisLabel, type PlaneProjection, type MapPoints, type MapProjection, type WordAxis } from './mapProjection';
export { alignSnapshots, neighboursOverTime, type Snapshot, type AlignedSnapshot } from './snapshots';
