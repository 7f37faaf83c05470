import * as vscode from 'vscode';
import { availableParallelism } from 'node:os';
import type { TrainOptions } from './core/train/types';

/**
 * The `word2vec.*` settings and the engine option each one sets. Settings use the words of the
 * UI ("dimensions", "negatives", "learningRate"); the engine uses the words of the seeds (dim,
 * negative, alpha). This table is the one place that maps them, and the host test checks that
 * package.json's ranges for these settings equal the engine's OPTION_RANGES.
 */
export const SETTING_OPTIONS = {
  model: 'model',
  loss: 'loss',
  cbowUpdate: 'cbowUpdate',
  mistake: 'mistake',
  dimensions: 'dim',
  window: 'window',
  negatives: 'negative',
  minCount: 'minCount',
  sample: 'sample',
  epochs: 'epochs',
  learningRate: 'alpha',
  threads: 'threads',
  seed: 'seed',
} as const satisfies Record<string, keyof TrainOptions>;

export type TrainSetting = keyof typeof SETTING_OPTIONS;

export interface Settings {
  /** What the user set, as engine options (unset settings are left to the engine's defaults). */
  options: Partial<TrainOptions>;
  /** How many neighbours hovers and the neighbours list show. */
  neighbours: number;
}

/**
 * Reads the settings now; a run reads them once when it starts and records what it used. Only
 * settings the user set are passed on: the engine fills in the rest, so its defaults are the one
 * source (package.json repeats them for the Settings UI, and a host test checks they agree). This
 * matters for the learning rate, whose default depends on the model (0.025 skip-gram; CBOW 0.2 corrected, 0.05 word2vec's update).
 */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('word2vec');
  const options: Partial<TrainOptions> = {};
  for (const [setting, option] of Object.entries(SETTING_OPTIONS) as [TrainSetting, keyof TrainOptions][]) {
    const i = config.inspect<unknown>(setting);
    const value = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (value !== undefined && value !== null) (options as Record<string, unknown>)[option] = value;
  }
  // threads 0 means "one per core": the engine wants an actual count.
  if (options.threads === 0) options.threads = availableParallelism();
  const k = config.get<number>('neighbours', 10);
  return { options, neighbours: Number.isInteger(k) && k >= 1 ? Math.min(k, 100) : 10 };
}

/**
 * The engine names options as the seeds do ("Option alpha is 20; it must be ..."); the user set
 * word2vec.learningRate. Rewrites such a message in the settings' words.
 */
export function inSettingTerms(message: string): string {
  const m = /^Option (\w+) is/.exec(message);
  const setting = m && (Object.keys(SETTING_OPTIONS) as TrainSetting[]).find((k) => SETTING_OPTIONS[k] === m[1]);
  return setting ? `The setting word2vec.${setting} is${message.slice(m[0].length)}` : message;
}
