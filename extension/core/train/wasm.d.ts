// esbuild embeds imported .wasm files as their bytes (the 'binary' loader in scripts/build.mjs).
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
