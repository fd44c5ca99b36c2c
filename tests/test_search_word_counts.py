"""The search index counts words in chunks (so a worker building it never holds the window for
long): chunk boundaries lose and double nothing."""
from collections import Counter

from timeline_app.core import search


def test_word_counts_are_the_same_across_chunk_boundaries(monkeypatch):
    texts = [f"word{n % 7} talks-{n % 3}\nIstanbul, {'Geneva' if n % 2 else 'Minsk'}"
             for n in range(25)]
    whole = Counter()
    for text in texts:
        for piece in text.split():
            whole.update(search._WORD.findall(piece))
    monkeypatch.setattr(search, "_WORD_COUNT_CHUNK", 4)     # 25 texts: 7 chunks, the last short
    assert search._word_counts(texts) == whole
