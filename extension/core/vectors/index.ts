export { WordVectors, type Neighbour } from './WordVectors';
export { readVectors, writeVectors, detectVectorFormat, formatFromPath, type VectorFormat } from './word2vecFormat';
export { formatFloat32, parseFloatToken } from './floatText';
