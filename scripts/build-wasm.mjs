// Compiles the AssemblyScript training kernel to WebAssembly (build/kernel.wasm), which esbuild
// then embeds in the bundles that import it. Run by scripts/build.mjs before bundling; skips the
// compile when the .wasm is newer than every source in the kernel's assembly/ folder.
//   node scripts/build-wasm.mjs [--force]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const kernels = [
  { entry: 'extension/core/train/assembly/kernel.ts', out: 'build/kernel.wasm' },
  { entry: 'extension/core/vectors/assembly/scores.ts', out: 'build/scores.wasm' },
];

for (const { entry, out } of kernels) {
  const srcDir = join(root, dirname(entry));
  const outPath = join(root, out);
  const newestSource = Math.max(
    ...readdirSync(srcDir).filter((f) => f.endsWith('.ts')).map((f) => statSync(join(srcDir, f)).mtimeMs),
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
  );
  if (!force && existsSync(outPath) && statSync(outPath).mtimeMs >= newestSource) continue;
  mkdirSync(dirname(outPath), { recursive: true });
  const started = Date.now();
  // Shared imported memory (every training worker instantiates the module over the same memory),
  // SIMD for the vector loops, the stub runtime: the kernel allocates nothing.
  execFileSync(process.execPath, [
    join(root, 'node_modules/assemblyscript/bin/asc.js'), join(root, entry), '-o', outPath,
    '-O3', '--noAssert', '--runtime', 'stub', '--enable', 'simd', '--enable', 'threads',
    '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
  ], { stdio: 'inherit', cwd: root });
  console.log(`build-wasm: ${out} in ${Date.now() - started} ms`);
}
