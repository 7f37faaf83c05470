#!/usr/bin/python3
"""Train gensim's Word2Vec on a corpus for the sentiment benchmark (bench/sentiment.ts) and save
the vectors in word2vec format. Prints one JSON line (vocabulary size, timings).

Run with Debian's interpreter, which has gensim 4.2 (`python3` on PATH is another one):

    /usr/bin/python3 bench/gensim_sentiment.py CORPUS --out vectors.txt [--model skipgram|cbow]
        [--dim 100] [--window 5] [--negative 5] [--min-count 1] [--sample 1e-3] [--epochs 20]
        [--alpha 0.025] [--threads 1] [--seed 1]

The corpus is read with LineSentence (one sentence per line, tokens separated by whitespace): the
benchmark writes it already tokenized by our engine's tokenizer, so gensim and our engine see the
same tokens, and the classifier's features look up the same words in both vector sets.
LineSentence (not corpus_file) because its learning rate decays over the whole run whatever the
number of workers; min_alpha = alpha * 1e-4 as in word2vec.c and our engine. With --threads 1 and
a fixed PYTHONHASHSEED the run is reproducible.
"""
import argparse
import json
import os
import sys
import tempfile
import time


def main(argv):
    p = argparse.ArgumentParser(description='Train gensim Word2Vec for the sentiment benchmark.')
    p.add_argument('corpus')
    p.add_argument('--out', required=True, help='vectors file (.bin = binary word2vec format, else text)')
    p.add_argument('--model', choices=['skipgram', 'cbow'], default='skipgram')
    p.add_argument('--dim', type=int, default=100)
    p.add_argument('--window', type=int, default=5)
    p.add_argument('--negative', type=int, default=5)
    p.add_argument('--min-count', type=int, default=1)
    p.add_argument('--sample', type=float, default=1e-3)
    p.add_argument('--epochs', type=int, default=20)
    p.add_argument('--alpha', type=float, default=0.025)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--seed', type=int, default=1)
    a = p.parse_args(argv)
    if not os.path.isfile(a.corpus):
        p.error(f'corpus {a.corpus!r} is not a file')

    import logging
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    import gensim
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    from gensim.models.word2vec_inner import FAST_VERSION
    if FAST_VERSION < 0:
        sys.exit('gensim has no compiled training routines here')

    t0 = time.perf_counter()
    sentences = LineSentence(a.corpus)
    model = Word2Vec(vector_size=a.dim, window=a.window, negative=a.negative, hs=0, min_count=a.min_count,
                     sample=a.sample, alpha=a.alpha, min_alpha=a.alpha * 1e-4,
                     sg=1 if a.model == 'skipgram' else 0, workers=a.threads, seed=a.seed, epochs=a.epochs)
    model.build_vocab(corpus_iterable=sentences)
    t1 = time.perf_counter()
    model.train(corpus_iterable=sentences, total_examples=model.corpus_count, epochs=a.epochs)
    t2 = time.perf_counter()

    folder = os.path.dirname(os.path.abspath(a.out))
    fd, tmp = tempfile.mkstemp(prefix='.gensim-', suffix='.tmp', dir=folder)
    os.close(fd)
    try:
        model.wv.save_word2vec_format(tmp, binary=a.out.endswith('.bin'))
        os.replace(tmp, a.out)  # atomic: a reader never sees half a file
    except BaseException:
        os.unlink(tmp)
        raise
    print(json.dumps({
        'tool': 'gensim', 'gensimVersion': gensim.__version__, 'model': a.model, 'dim': a.dim,
        'window': a.window, 'negative': a.negative, 'minCount': a.min_count, 'sample': a.sample,
        'epochs': a.epochs, 'alpha': a.alpha, 'threads': a.threads, 'seed': a.seed,
        'vocabSize': len(model.wv), 'corpusWords': int(model.corpus_total_words),
        'sentences': int(model.corpus_count), 'vocabSeconds': t1 - t0, 'trainSeconds': t2 - t1,
        'out': a.out,
    }), flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
