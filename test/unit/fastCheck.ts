import fc from 'fast-check';

/**
 * fast-check with a fixed seed, so every run of the suite tries the same cases: a counterexample
 * fails every run until it is fixed, never one CI run at random. `FC_SEED=<n>` explores (or
 * replays) another seed; fast-check prints the seed of any failure.
 */
fc.configureGlobal({ seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261201 });

export default fc;
