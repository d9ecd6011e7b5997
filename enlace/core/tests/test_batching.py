"""id_chunks: every id once, sorted, in lists no longer than asked (SQLite's parameter cap)."""

from enlace.core.batching import IN_CHUNK, id_chunks


def test_chunks_cover_every_id_once_in_order():
    ids = set(range(5000, 0, -3))
    chunks = list(id_chunks(ids, size=250))
    assert all(0 < len(c) <= 250 for c in chunks)
    flat = [i for c in chunks for i in c]
    assert flat == sorted(ids)
    assert list(id_chunks(set())) == []
    assert IN_CHUNK < 999  # below the lowest parameter cap SQLite builds have used
