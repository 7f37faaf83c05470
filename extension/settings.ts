import * as vscode from 'vscode';
import { availableParallelism } from 'node:os';
import type { TrainOptions } from './core/train/types';
import { resolveTrainOptions } from './core/train/options';
import { UserInputError } from './core/errors';

/**
 * The `word2vec.*` settings and the engine option each one sets. Settings use the words of the
 * UI ("dimensions", "negatives", "learningRate"); the engine uses the words of CS224n and word2vec.c (dim,
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
  /** Whether a training run opens (or reveals) the dashboard beside the editor. */
  openDashboardOnTrain: boolean;
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
  return {
    options,
    neighbours: Number.isInteger(k) && k >= 1 ? Math.min(k, 100) : 10,
    openDashboardOnTrain: config.get<boolean>('openDashboardOnTrain', true) !== false,
  };
}

/**
 * The engine options of the settings, resolved (the engine's defaults filled in): what a run uses
 * and what the gradient check starts from. A setting out of range throws a UserInputError in the
 * settings' words, saying where to change it.
 */
export function resolveRunOptions(overrides: Partial<TrainOptions> = {}): TrainOptions {
  try {
    return resolveTrainOptions({ ...readSettings().options, ...overrides });
  } catch (e) {
    throw inSettingTerms(e);
  }
}

/**
 * The engine names options as CS224n and word2vec.c do ("Option alpha is 20; it must be ..."),
 * and its error says which option; the user set word2vec.learningRate. Restates the engine's
 * complaint about the settings in the settings' words and says where to change them.
 */
function inSettingTerms(e: unknown): unknown {
  if (!(e instanceof UserInputError)) return e;
  const option = e.option;
  const setting = (Object.keys(SETTING_OPTIONS) as TrainSetting[]).find((k) => SETTING_OPTIONS[k] === option);
  const engineWords = `Option ${option} `;
  const text = setting && e.message.startsWith(engineWords)
    ? vscode.l10n.t('The setting word2vec.{0} {1}', setting, e.message.slice(engineWords.length))
    : e.message;
  return new UserInputError(vscode.l10n.t('{0} Change it in the Settings (Word2Vec).', text), option !== undefined ? { option } : {});
}
