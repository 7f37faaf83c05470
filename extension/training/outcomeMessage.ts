/**
 * What the notification says when a run ends: what happened, and for a run that did not finish,
 * why and what to do. Pure (no vscode): the caller passes its translator (vscode.l10n.t), so unit
 * tests check the texts and the buttons of every kind of ending.
 */
import { kernelMistake } from '../core/train/mistakes';
import type { TrainResult } from '../core/train/types';
import { formatDuration } from '../shared/format';
import { formatCount } from './format';

import type { Translate } from '../shared/translate';
export type { Translate } from '../shared/translate';

/** The buttons a notification can carry; the caller maps each to its command. */
export type OutcomeAction = 'openDashboard' | 'exportVectors' | 'openSettings';

export interface OutcomeMessage {
  level: 'info' | 'warning' | 'error';
  text: string;
  actions: OutcomeAction[];
}

/** A loss for people: three significant digits ("2.62"). */
export function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? String(+loss.toPrecision(3)) : String(loss);
}

/** The notification for a run that ended with vectors (done, stopped or diverged). */
export function resultMessage(name: string, r: TrainResult, t: Translate): OutcomeMessage {
  const total = r.vocab.trainWords * r.options.epochs;
  const mistake = kernelMistake(r.options.mistake);
  if (r.stopReason === 'diverged' && mistake) {
    // The planted mistake is the cause, not the learning rate: say so rather than send the user to the settings.
    return {
      level: 'warning',
      text: t('Training on {0} diverged after {1} words: the loss became infinite or NaN. This run trains with a planted mistake ({2}) on purpose; compare it with a correct run in the dashboard\'s Runs tab. The last good vectors are loaded.',
        name, formatCount(r.wordsProcessed), mistake.label),
      actions: ['openDashboard'],
    };
  }
  if (r.stopReason === 'diverged') {
    return {
      level: 'error',
      text: t('Training on {0} diverged after {1} words: the loss became infinite or NaN at learning rate {2}. ' +
        'Lower the setting word2vec.learningRate (to {3}, say) and train again. The last good vectors are loaded.',
      name, formatCount(r.wordsProcessed), r.options.alpha, +(r.options.alpha / 10).toPrecision(2)),
      actions: ['openSettings', 'openDashboard'],
    };
  }
  if (r.corpusChanged) {
    const how = r.corpusChanged === 'deleted' ? t('deleted') : t('changed');
    return {
      level: 'warning',
      text: r.corpusInMemory === false
        ? t('The corpus {0} was {1} on disk during training. It is too big to hold in memory and is re-read every epoch, so the run stopped after {2} of {3} words rather than train on a mix of two texts; the vectors trained so far are loaded. Train again on the saved file.',
          name, how, formatCount(r.wordsProcessed), formatCount(total))
        : t('The corpus {0} was {1} on disk during training. It had been read into memory at the start, so the run went on with that text: the vectors loaded are of the corpus as it was then. Train again for the new text.', name, how),
      actions: ['openDashboard', 'exportVectors'],
    };
  }
  if (r.stopReason === 'cancelled' && r.words.length === 0) {
    return {
      level: 'info',
      text: t('Training on {0} stopped while reading the corpus, before any training: no vectors were kept. ' +
        'Run "Word2Vec: Train word2vec on file" again to train.', name),
      actions: [],
    };
  }
  if (r.stopReason === 'cancelled') {
    return {
      level: 'info',
      text: t('Training on {0} stopped after {1} of {2} words. The vectors trained so far ({3} words) are loaded ' +
        'for hovers and neighbours; train again for a finished model.', name, formatCount(r.wordsProcessed), formatCount(total), formatCount(r.words.length)),
      actions: ['openDashboard', 'exportVectors'],
    };
  }
  return {
    level: 'info',
    text: t('Trained {0} words in {1}: {2} words in the vocabulary, final loss {3} (mean over the last epoch).',
      formatCount(r.wordsProcessed), formatDuration(r.seconds), formatCount(r.words.length), formatLoss(r.finalLoss)),
    actions: ['openDashboard', 'exportVectors'],
  };
}

/** The notification for a run that failed: a user error's message says what to do; anything else is our bug. */
export function failureMessage(text: string, userError: boolean, t: Translate): OutcomeMessage {
  return userError
    ? { level: 'error', text, actions: [] }
    : { level: 'error', text: t('Word2Vec training failed: {0}. This is a bug in the extension; the extension host log has the details.', text), actions: [] };
}
