// Compiles the AssemblyScript training kernel to WebAssembly, which esbuild then embeds in the
// bundles that import it. Run by scripts/build.mjs before bundling; skips a build whose .wasm is
// newer than every source in the kernel's assembly/ folder and this script.
//   node scripts/build-wasm.mjs [--force]
//
// One source, several builds, told apart by constants (asc --use, see the kernel's header):
//   build/kernel.wasm                 training: float32, SIMD, the sigmoid table
//   build/kernel-check.wasm           checking: float64, the exact sigmoid and log, deferred updates
//   build/kernel-check-mutant-N.wasm  checking, with planted mistake N (the mutation tests, and the
//                                     live check of a run trained with that mistake)
//   build/kernel-mutant-N.wasm        training, with planted mistake N ("train with a mistake")
//   build/scores.wasm                 the neighbour search's scoring (extension/core/vectors/assembly)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const kernel = 'extension/core/train/assembly/kernel.ts';
/** The planted mistakes of the kernel (MUTATION_* in the kernel source). */
const MUTATIONS = 7;
const training = { real: 'f32', EXACT: 0, CHECK: 0 };
const checking = { real: 'f64', EXACT: 1, CHECK: 1 };
const builds = [
  { entry: kernel, out: 'build/kernel.wasm', use: { ...training, MUTATION: 0 }, optimize: '-O3' },
  { entry: kernel, out: 'build/kernel-check.wasm', use: { ...checking, MUTATION: 0 }, optimize: '-O3' },
  // The mutants teach and test; they need not be fast: a quicker, lighter optimisation.
  ...Array.from({ length: MUTATIONS }, (_, i) => ({ entry: kernel, out: `build/kernel-check-mutant-${i + 1}.wasm`, use: { ...checking, MUTATION: i + 1 }, optimize: '-O1' })),
  ...Array.from({ length: MUTATIONS }, (_, i) => ({ entry: kernel, out: `build/kernel-mutant-${i + 1}.wasm`, use: { ...training, MUTATION: i + 1 }, optimize: '-O1' })),
  // The neighbour search's scoring kernel (extension/core/vectors).
  { entry: 'extension/core/vectors/assembly/scores.ts', out: 'build/scores.wasm', use: {}, optimize: '-O3' },
];

/** The newest source of an entry's assembly/ folder, or this script when it is newer. */
function newestSource(entry) {
  const srcDir = join(root, dirname(entry));
  return Math.max(
    ...readdirSync(srcDir).filter((f) => f.endsWith('.ts')).map((f) => statSync(join(srcDir, f)).mtimeMs),
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
  );
}

for (const { entry, out, use, optimize } of builds) {
  const outPath = join(root, out);
  if (!force && existsSync(outPath) && statSync(outPath).mtimeMs >= newestSource(entry)) continue;
  mkdirSync(dirname(outPath), { recursive: true });
  const started = Date.now();
  // Shared imported memory (every training worker instantiates the module over the same memory),
  // SIMD for the vector loops, the stub runtime: the kernel allocates nothing.
  execFileSync(process.execPath, [
    join(root, 'node_modules/assemblyscript/bin/asc.js'), join(root, entry), '-o', outPath,
    optimize, '--noAssert', '--runtime', 'stub', '--enable', 'simd', '--enable', 'threads',
    '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
    ...Object.entries(use).flatMap(([k, v]) => ['--use', `${k}=${v}`]),
  ], { stdio: 'inherit', cwd: root });
  console.log(`build-wasm: ${out} in ${Date.now() - started} ms`);
}
