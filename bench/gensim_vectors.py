"""gensim's side of bench/vectors.ts: loads a vectors file with KeyedVectors.load_word2vec_format
and, when query words are given, times most_similar(word, topn=10) for each of them.

    /usr/bin/python3 bench/gensim_vectors.py FILE binary|text [QUERY_WORDS_JSON_FILE]
    /usr/bin/python3 bench/gensim_vectors.py FILE binary|text --warm WARM_FILE

Prints one JSON line: {"loadSeconds", "words", "dim", "queryMs": [...], "answers": [[...], ...]}.
With --warm: WARM_FILE is loaded (and kept) first, its garbage collected, then FILE's load's own peak memory is printed as
{"loadPeakBytes", "words"}: the peak during the load minus the resident memory just before it
(writing "5" to /proc/self/clear_refs resets the process's peak), as bench/vectors.ts measures its own.
"""
import gc
import json
import re
import sys
import time

from gensim.models import KeyedVectors

path, kind = sys.argv[1], sys.argv[2]


def status_bytes(field):
    with open('/proc/self/status') as f:
        return int(re.search(r'^%s:\s+(\d+) kB' % field, f.read(), re.M).group(1)) * 1024


if len(sys.argv) > 4 and sys.argv[3] == '--warm':
    first = KeyedVectors.load_word2vec_format(sys.argv[4], binary=kind == 'binary')
    gc.collect()
    before = status_bytes('VmRSS')
    with open('/proc/self/clear_refs', 'w') as f:
        f.write('5')
    kv = KeyedVectors.load_word2vec_format(path, binary=kind == 'binary')
    print(json.dumps({'loadPeakBytes': status_bytes('VmHWM') - before, 'words': len(kv.index_to_key)}))
    sys.exit(0)
t0 = time.perf_counter()
cpu0 = time.process_time()
kv = KeyedVectors.load_word2vec_format(path, binary=kind == 'binary')
load = time.perf_counter() - t0
out = {'loadSeconds': load, 'cpuSeconds': time.process_time() - cpu0, 'words': len(kv.index_to_key), 'dim': kv.vector_size, 'queryMs': [], 'answers': []}
if len(sys.argv) > 3:
    words = json.load(open(sys.argv[3]))
    # The first query computes the norms (fill_norms), as ours normalises on first use: not timed.
    kv.most_similar(words[0], topn=10)
    for w in words:
        t = time.perf_counter()
        ans = kv.most_similar(w, topn=10)
        out['queryMs'].append((time.perf_counter() - t) * 1000)
        out['answers'].append([a for a, _ in ans])
print(json.dumps(out))
