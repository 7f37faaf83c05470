export { WordVectors, type Neighbour } from './WordVectors';
export * from './word2vecFormat';
export { formatFloat32, parseFloatToken } from './floatText';
