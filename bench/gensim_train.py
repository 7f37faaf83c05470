#!/usr/bin/python3
"""Train gensim's Word2Vec on a corpus file and print one JSON line of measurements.

The peer of `w2v train` in the training benchmark (bench/train.ts). Run it with Debian's
interpreter, /usr/bin/python3, which has gensim 4.2 (`python3` on PATH is another interpreter).

    /usr/bin/python3 bench/gensim_train.py CORPUS --out vectors.txt [--model skipgram|cbow]
        [--dim 100] [--window 5] [--negative 5] [--min-count 5] [--sample 1e-3] [--epochs 1]
        [--alpha 0.025] [--threads 1] [--seed 1] [--iterable] [--hs] [--compute-loss] [--eval-dir DIR]

Modes:
  default      corpus_file mode: gensim's C reader, one thread per worker, each worker reads its own
               slice of the file. Fastest, but each worker decays alpha against the whole corpus,
               so with several workers alpha only falls about halfway (see shared/data/README.md).
  --iterable   LineSentence mode: Python reads the file and feeds batches to the workers through
               a queue; alpha decays over the whole run. Use it for quality comparisons.

Timing spans (all wall clock, time.perf_counter):
  trainSeconds    the model.train(...) call only: every epoch, nothing else (no vocabulary scan,
                  no saving). All words/s figures divide by this.
  vocabSeconds    model.build_vocab(...) (one pass over the corpus, counting words).
  saveSeconds     writing the vectors.
  scriptSeconds   from the start of this script (after the interpreter started) to just before
                  printing; the parent also measures the whole process from outside.

Word counts:
  trainWords      tokens of in-vocabulary words in one epoch, before subsampling (the sum of the
                  vocabulary's counts). wordsPerSec = trainWords * epochs / trainSeconds: the
                  figure the benchmark compares with our engine, counted the same way there.
  effectiveWords  what gensim's train() returns first: words actually trained, after subsampling.
                  effectiveWordsPerSec = effectiveWords / trainSeconds (what gensim logs).
  rawWords        what gensim's train() returns second: all tokens read, in and out of the vocabulary,
                  over all epochs. rawWordsPerSec = rawWords / trainSeconds.
  corpusWords     all tokens in the corpus once (gensim's corpus_total_words).

peakRssBytes: resource.getrusage(RUSAGE_SELF).ru_maxrss (KiB on Linux) * 1024, the peak resident
set of this whole process (interpreter, numpy, gensim, the model, all threads).

finalLoss: only with --compute-loss (off by default because it slows gensim down): gensim's
running_training_loss, the SUM of -log(sigmoid) terms over the whole train() call, in float32.
It is not per pair and not comparable with our engine's loss per (center, context) pair.
"""
import time

SCRIPT_START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(description='Train gensim Word2Vec and print one JSON line of measurements.')
    p.add_argument('corpus', help='text file, one sentence per line, words separated by spaces')
    p.add_argument('--out', required=True, help='where to write the vectors (.bin = binary word2vec format, else text)')
    p.add_argument('--model', choices=['skipgram', 'cbow'], default='skipgram')
    p.add_argument('--dim', type=int, default=100)
    p.add_argument('--window', type=int, default=5)
    p.add_argument('--negative', type=int, default=5)
    p.add_argument('--min-count', type=int, default=5)
    p.add_argument('--sample', type=float, default=1e-3)
    p.add_argument('--epochs', type=int, default=1)
    p.add_argument('--alpha', type=float, default=0.025)
    p.add_argument('--min-alpha', type=float, default=None,
                   help='final learning rate; default alpha * 1e-4, as word2vec.c and our engine do')
    p.add_argument('--threads', type=int, default=1, help="gensim's workers")
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--iterable', action='store_true', help='LineSentence mode instead of corpus_file mode')
    p.add_argument('--hs', action='store_true', help='hierarchical softmax (hs=1, negative=0) instead of negative sampling')
    p.add_argument('--compute-loss', action='store_true', help="record gensim's running training loss (slower)")
    p.add_argument('--eval-dir', default=None,
                   help="also evaluate with gensim's own code (wordsim353.tsv, simlex999.txt, questions-words.txt "
                        "in this folder), as a cross-check of the benchmark's evaluation")
    a = p.parse_args(argv)
    problems = []
    if not os.path.isfile(a.corpus):
        problems.append(f'corpus {a.corpus!r} is not a file')
    for name in ('dim', 'window', 'negative', 'min_count', 'epochs', 'threads'):
        if getattr(a, name) < 1:
            problems.append(f'--{name.replace("_", "-")} must be at least 1, got {getattr(a, name)}')
    if a.sample < 0:
        problems.append(f'--sample must be >= 0, got {a.sample}')
    if not a.alpha > 0:
        problems.append(f'--alpha must be > 0, got {a.alpha}')
    if a.eval_dir is not None and not os.path.isdir(a.eval_dir):
        problems.append(f'--eval-dir {a.eval_dir!r} is not a folder')
    if problems:
        p.error('; '.join(problems))
    return a


def gensim_eval(wv, folder):
    """gensim's own evaluation: Spearman on the pair files, analogy accuracy on the 30,000 most
    frequent words (questions with a word outside them are skipped, gensim's rule)."""
    out = {}
    for key, name in (('wordsim353', 'wordsim353.tsv'), ('simlex999', 'simlex999.txt')):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            _pearson, spearman, oov_percent = wv.evaluate_word_pairs(path)
            out[key] = {'spearman': float(spearman[0]), 'oovPercent': float(oov_percent)}
    path = os.path.join(folder, 'questions-words.txt')
    if os.path.isfile(path):
        score, sections = wv.evaluate_word_analogies(path, restrict_vocab=30000)
        total = next(s for s in sections if s['section'] == 'Total accuracy')
        out['analogy'] = {'accuracy': float(score), 'correct': len(total['correct']),
                          'answered': len(total['correct']) + len(total['incorrect'])}
    return out


def main(argv):
    a = parse_args(argv)
    import logging
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    import gensim
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    from gensim.models.word2vec_inner import FAST_VERSION
    if FAST_VERSION < 0:
        sys.exit('gensim has no compiled training routines here; its speed would be meaningless')

    min_alpha = a.min_alpha if a.min_alpha is not None else a.alpha * 1e-4
    # No corpus in the constructor: building the vocabulary and training are timed separately.
    model = Word2Vec(vector_size=a.dim, window=a.window, negative=0 if a.hs else a.negative, hs=1 if a.hs else 0, min_count=a.min_count,
                     sample=a.sample, alpha=a.alpha, min_alpha=min_alpha, sg=1 if a.model == 'skipgram' else 0,
                     workers=a.threads, seed=a.seed, epochs=a.epochs, compute_loss=a.compute_loss)

    t = time.perf_counter()
    if a.iterable:
        sentences = LineSentence(a.corpus)
        model.build_vocab(corpus_iterable=sentences)
    else:
        model.build_vocab(corpus_file=a.corpus)
    vocab_seconds = time.perf_counter() - t

    counts = model.wv.expandos['count']
    train_words = int(counts.sum())

    t = time.perf_counter()
    if a.iterable:
        effective, raw = model.train(corpus_iterable=sentences, total_examples=model.corpus_count,
                                     epochs=a.epochs, compute_loss=a.compute_loss)
    else:
        effective, raw = model.train(corpus_file=a.corpus, total_words=model.corpus_total_words,
                                     epochs=a.epochs, compute_loss=a.compute_loss)
    train_seconds = time.perf_counter() - t

    t = time.perf_counter()
    binary = a.out.endswith('.bin')
    folder = os.path.dirname(os.path.abspath(a.out))
    fd, tmp = tempfile.mkstemp(prefix='.gensim-', suffix='.tmp', dir=folder)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it a normal file's mode
    try:
        model.wv.save_word2vec_format(tmp, binary=binary)
        os.replace(tmp, a.out)  # atomic: readers never see a half-written file
    except BaseException:
        os.unlink(tmp)
        raise
    save_seconds = time.perf_counter() - t

    result = {
        'tool': 'gensim', 'gensimVersion': gensim.__version__,
        'mode': 'iterable' if a.iterable else 'corpus_file',
        'model': a.model, 'dim': a.dim, 'window': a.window, 'negative': 0 if a.hs else a.negative, 'hs': 1 if a.hs else 0, 'minCount': a.min_count,
        'sample': a.sample, 'epochs': a.epochs, 'alpha': a.alpha, 'minAlpha': min_alpha, 'threads': a.threads,
        'seed': a.seed,
        'vocabSize': len(model.wv), 'corpusWords': int(model.corpus_total_words), 'sentences': int(model.corpus_count),
        'trainWords': train_words, 'effectiveWords': int(effective), 'rawWords': int(raw),
        'vocabSeconds': vocab_seconds, 'trainSeconds': train_seconds, 'saveSeconds': save_seconds,
        'wordsPerSec': train_words * a.epochs / train_seconds,
        'effectiveWordsPerSec': effective / train_seconds,
        'rawWordsPerSec': raw / train_seconds,
        'finalLoss': float(model.get_latest_training_loss()) if a.compute_loss else None,
        'out': a.out,
    }
    if a.eval_dir is not None:
        result['gensimEval'] = gensim_eval(model.wv, a.eval_dir)
    result['peakRssBytes'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result['scriptSeconds'] = time.perf_counter() - SCRIPT_START
    print(json.dumps(result), flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
