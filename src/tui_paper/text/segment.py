"""Chinese word segmentation: jieba behind a small, lazy, thread-safe interface.

Importing this module never imports jieba: the app opens first and calls
:meth:`Segmenter.warm_up` in a worker thread after the first paint. Until then
:attr:`Segmenter.ready` is ``False`` and search falls back to substring matching.

jieba's prefix dictionary (about 500,000 entries) is cached in tui-paper's own user cache
directory, never in the ``jieba.cache`` that stock jieba shares in the system temp folder
(any local user could plant one there). The cache file carries a header naming the format,
the jieba and Python versions, the dictionary's path, size and mtime and the payload's
length and SHA-256; anything that does not match is rebuilt from ``dict.txt``, never trusted.
The payload is a handful of ``marshal`` blobs loaded with ``marshal.loads`` on bytes: that
is several times faster than jieba's ``marshal.load`` on a file object, and loading in
chunks hands the GIL back to the UI thread between them instead of freezing it for the
whole load.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import marshal
import math
import os
import re
import sys
import threading
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from tui_paper import paths

__all__ = [
    "CACHE_FORMAT",
    "CACHE_MAGIC",
    "NormalizedText",
    "Segmenter",
    "get_segmenter",
    "is_word",
    "normalize",
    "normalize_mapped",
]

#: first bytes of a tui-paper jieba cache file; a stock jieba cache never starts like this
CACHE_MAGIC = b"TUI-PAPER JIEBA PREFIX DICT\n"
#: bumped whenever the header or payload layout changes, so old files are rebuilt
CACHE_FORMAT = 2
#: the payload is split into this many marshal blobs so loading yields the GIL in between
_CACHE_CHUNKS = 8

_log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- normalisation


# NFKC's own mapping of the compatibility characters Chinese text is full of: full-width
# forms, the ideographic space and the ellipsis. Replacing them first with str.translate
# usually leaves a string NFKC already accepts, and that check is ~50x cheaper than
# unicodedata.normalize on CJK text (which matters when normalising 10,000 articles).
_COMMON_COMPAT: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_COMMON_COMPAT.update({0x3000: " ", 0x2026: "...", 0x2025: ".."})


def normalize(text: str) -> str:
    """NFKC then casefold: full-width ``ＡＩ`` and ``ai`` become the same ``ai``."""
    if text.isascii():
        return text.casefold()  # NFKC leaves ASCII alone
    # Same result as unicodedata.normalize("NFKC", text): each replaced character maps to
    # its own NFKC decomposition, so normalising afterwards cannot differ.
    text = text.translate(_COMMON_COMPAT)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def is_word(token: str) -> bool:
    """Whether a token carries a letter, digit or ideograph (not only spaces or punctuation)."""
    # isalnum() settles the common all-word token in one C call.
    return token.isalnum() or any(ch.isalnum() for ch in token)


# Characters that normalise to exactly one character each (checked by a test over every
# character of the class). Runs of them map 1:1 between original and normalised text, so
# only the rare others (``…``, ``½``, circled numbers, ligatures) need per-character work.
_ONE_TO_ONE = (
    "\x00-\x7f\u00b7\u2010-\u2016\u2018-\u2024\u2027-\u2032\u2e80-\u2fdf"
    "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffe2\uffe4-\uffef"
)
_OTHER_RUN = re.compile(f"[^{_ONE_TO_ONE}]+")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised text plus the way back to offsets in the original.

    ``breaks`` holds pairs (normalised offset, original offset) where the 1:1 alignment
    restarts; between two breaks characters correspond one to one.
    """

    original: str
    text: str
    breaks: tuple[tuple[int, int], ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span ``[start, end)`` of the normalised text to the original text."""
        if not self.breaks:
            return start, end
        return self._pos(start, is_end=False), self._pos(end, is_end=True)

    def _pos(self, pos: int, *, is_end: bool) -> int:
        norm_starts = [b[0] for b in self.breaks]
        i = bisect.bisect_right(norm_starts, pos) - 1
        if i < 0:
            return pos
        norm_at, orig_at = self.breaks[i]
        if pos == norm_at or i + 1 >= len(self.breaks):
            return orig_at + (pos - norm_at)
        next_norm, next_orig = self.breaks[i + 1]
        # Inside an expanded character (``…`` -> ``...``): snap to its edges, so a match
        # that covers part of it still highlights the whole original character.
        if next_orig - orig_at == 1 and next_norm - norm_at != 1:
            return next_orig if is_end else orig_at
        return orig_at + (pos - norm_at)


def normalize_mapped(text: str) -> NormalizedText:
    """Normalise ``text`` like :func:`normalize`, keeping a map back to original offsets.

    Characters are normalised one by one where they may change length, so a combining
    accent is not composed with its base letter here (``normalize`` would); newspaper text
    does not rely on that and highlighting stays exact.
    """
    if not _OTHER_RUN.search(text):
        return NormalizedText(text, normalize(text))
    pieces: list[str] = []
    breaks: list[tuple[int, int]] = []
    norm_len = 0
    pos = 0
    for m in _OTHER_RUN.finditer(text):
        if m.start() > pos:
            chunk = normalize(text[pos : m.start()])
            breaks.append((norm_len, pos))
            pieces.append(chunk)
            norm_len += len(chunk)
        for offset, ch in enumerate(m.group(), m.start()):
            piece = normalize(ch)
            breaks.append((norm_len, offset))
            pieces.append(piece)
            norm_len += len(piece)
        pos = m.end()
    if pos < len(text):
        chunk = normalize(text[pos:])
        breaks.append((norm_len, pos))
        pieces.append(chunk)
        norm_len += len(chunk)
    breaks.append((norm_len, len(text)))
    return NormalizedText(text, "".join(pieces), tuple(breaks))


# --------------------------------------------------------------------------- jieba import

_IMPORT_LOCK = threading.Lock()


def _import_jieba() -> ModuleType:
    """Import jieba quietly: no warnings, no log lines on the terminal, no /tmp cache."""
    with _IMPORT_LOCK:
        already = sys.modules.get("jieba")
        if already is not None and getattr(already, "_tui_paper_quiet", False):
            return already
        with warnings.catch_warnings():
            # jieba 0.42 has invalid escapes in its regexes (a DeprecationWarning when its
            # source is compiled) and imports pkg_resources (deprecated by setuptools).
            warnings.simplefilter("ignore")
            # jieba only uses pkg_resources to open its own dict.txt and falls back to
            # open() without it; importing pkg_resources costs ~0.2 s, more than half the
            # start-up budget. Hide it for the duration of this one import only.
            hide = "pkg_resources" not in sys.modules
            if hide:
                sys.modules["pkg_resources"] = None  # type: ignore[assignment]
            try:
                import jieba
            finally:
                if hide and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
                    del sys.modules["pkg_resources"]
        logger = logging.getLogger("jieba")
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False  # a root handler on stderr must not print them either
        logger.setLevel(logging.WARNING)
        jieba._tui_paper_quiet = True
        module: ModuleType = jieba
        return module


# --------------------------------------------------------------------------- the cache


@dataclass(frozen=True, slots=True)
class _Dictionary:
    """Which dictionary file the prefix dictionary is built from, as the cache records it."""

    path: Path
    size: int
    mtime_ns: int


def _dictionary_of(jieba: ModuleType, tokenizer: Any) -> _Dictionary:
    if tokenizer.dictionary is None:
        path = Path(str(jieba.__file__)).resolve().parent / "dict.txt"
    else:
        path = Path(tokenizer.dictionary)
    st = path.stat()
    return _Dictionary(path=path, size=st.st_size, mtime_ns=st.st_mtime_ns)


def _expected_header(jieba: ModuleType, dictionary: _Dictionary) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "jieba": str(getattr(jieba, "__version__", "?")),
        "python": sys.implementation.cache_tag,
        "marshal": marshal.version,
        "dictionary": str(dictionary.path),
        "dict_size": dictionary.size,
        "dict_mtime_ns": dictionary.mtime_ns,
    }


#: dictionary entries added per step while reading the cache; each step is one C call that
#: holds the interpreter, so it is kept to a few milliseconds for the UI thread's sake
_LOAD_STEP = 16384


def _read_cache(
    path: Path, expected: dict[str, Any], checkpoint: Callable[[], object] | None = None
) -> tuple[dict[str, int], int] | None:
    """The cached (FREQ, total), or ``None`` when the file is missing, foreign or damaged.

    ``checkpoint`` is called between steps (a UI may pause the loading there while its
    user types).
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(CACHE_MAGIC):
        return None
    end = data.find(b"\n", len(CACHE_MAGIC))
    if end < 0:
        return None
    try:
        header = json.loads(data[len(CACHE_MAGIC) : end])
        if not isinstance(header, dict):
            return None
        if any(header.get(key) != value for key, value in expected.items()):
            return None
        payload = memoryview(data)[end + 1 :]
        chunks = header["chunks"]
        total = header["total"]
        if (
            len(payload) != header["payload_len"]
            or not isinstance(total, int)
            or not isinstance(chunks, list)
            or not all(isinstance(n, int) and n > 0 for n in chunks)
            or sum(chunks) != len(payload)
        ):
            return None
        if hashlib.sha256(payload).hexdigest() != header["payload_sha256"]:
            return None
        freq: dict[str, int] = {}
        offset = 0
        for size in chunks:
            part = marshal.loads(payload[offset : offset + size])
            if not (isinstance(part, tuple) and len(part) == 2):
                return None
            keys, values = part
            if not (isinstance(keys, str) and isinstance(values, list)):
                return None
            words = keys.split("\n")
            if len(words) != len(values):
                return None
            for start in range(0, len(words), _LOAD_STEP):
                end_ = start + _LOAD_STEP
                # lengths checked above
                freq.update(zip(words[start:end_], values[start:end_], strict=False))
                if checkpoint is not None:
                    checkpoint()
                time.sleep(0)  # let the UI thread run between steps
            offset += size
    except (ValueError, TypeError, KeyError, EOFError, UnicodeDecodeError):
        return None
    if not freq:
        return None
    return freq, total


def _write_cache(path: Path, expected: dict[str, Any], freq: dict[str, int], total: int) -> None:
    """Write the cache atomically (temp file in the same folder, then ``os.replace``)."""
    words = list(freq)
    if any("\n" in w for w in words):
        raise ValueError("a dictionary word contains a newline")
    values = list(freq.values())
    step = len(words) // _CACHE_CHUNKS + 1
    # Per chunk: all words joined by newlines plus their frequencies. One str split in C
    # makes the 500,000 key strings ~25% faster than unmarshalling them one by one.
    blobs = [
        marshal.dumps(("\n".join(words[i : i + step]), values[i : i + step]))
        for i in range(0, len(words), step)
    ]
    payload = b"".join(blobs)
    header = dict(expected)
    header.update(
        total=total,
        chunks=[len(b) for b in blobs],
        payload_len=len(payload),
        payload_sha256=hashlib.sha256(payload).hexdigest(),
    )
    import tempfile  # only when (re)building: keeps the module import light

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".jieba-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(CACHE_MAGIC)
            fh.write(json.dumps(header, sort_keys=True).encode("utf-8"))
            fh.write(b"\n")
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- fast cutting


def _cut_han(sentence: str, freq: dict[str, int], logtotal: float, jieba: Any) -> list[str]:
    """jieba 0.42's ``Tokenizer.__cut_DAG`` (HMM on), token for token, ~1.4x faster.

    The same dictionary walk and the same best route (ties to the longer word, as jieba's
    ``max`` over (score, end) tuples does), without building the DAG dict, a generator
    and a tuple per edge. A test compares it with jieba on real newspaper text.
    """
    n = len(sentence)
    score = [0.0] * (n + 1)
    end = [0] * (n + 1)
    log = math.log
    get = freq.get
    for idx in range(n - 1, -1, -1):
        best: float | None = None
        best_end = idx
        i = idx
        frag = sentence[idx]
        while i < n and frag in freq:
            f = freq[frag]
            if f:
                sc = log(f) - logtotal + score[i + 1]
                if best is None or sc >= best:
                    best = sc
                    best_end = i
            i += 1
            frag = sentence[idx : i + 1]
        if best is None:
            best = log(get(sentence[idx]) or 1) - logtotal + score[idx + 1]
        score[idx] = best
        end[idx] = best_end
    out: list[str] = []
    buf = ""
    x = 0
    while x < n:
        y = end[x] + 1
        if y - x == 1:
            buf += sentence[x]
        else:
            if buf:
                _flush(buf, out, get, jieba)
                buf = ""
            out.append(sentence[x:y])
        x = y
    if buf:
        _flush(buf, out, get, jieba)
    return out


def _flush(buf: str, out: list[str], get: Any, jieba: Any) -> None:
    # A run of single characters: a lone one stays; an unknown run goes to the HMM.
    if len(buf) == 1:
        out.append(buf)
    elif not get(buf):
        out.extend(jieba.finalseg.cut(buf))
    else:
        out.extend(buf)


def _cut(text: str, freq: dict[str, int], total: int, jieba: Any) -> list[str]:
    """jieba 0.42's ``Tokenizer.cut(text)`` (accurate mode, HMM on)."""
    logtotal = math.log(total)
    re_han = jieba.re_han_default
    re_skip = jieba.re_skip_default
    out: list[str] = []
    for block in re_han.split(text):
        if not block:
            continue
        if re_han.match(block):
            out.extend(_cut_han(block, freq, logtotal, jieba))
        else:
            for piece in re_skip.split(block):
                if re_skip.match(piece):
                    out.append(piece)
                else:
                    out.extend(piece)
    return out


def _search_grams(words: list[str], freq: dict[str, int]) -> list[str]:
    """jieba's ``cut_for_search`` on top of ``cut``: dictionary 2- and 3-grams of long words."""
    get = freq.get
    out: list[str] = []
    for w in words:
        size = len(w)
        if size > 2:
            for i in range(size - 1):
                gram = w[i : i + 2]
                if get(gram):
                    out.append(gram)
        if size > 3:
            for i in range(size - 2):
                gram = w[i : i + 3]
                if get(gram):
                    out.append(gram)
        out.append(w)
    return out


# --------------------------------------------------------------------------- the segmenter


class Segmenter:
    """jieba, loaded on demand from tui-paper's own verified cache.

    All methods are safe to call from several threads. The cutting methods block on
    :meth:`warm_up` the first time; the app checks :attr:`ready` to avoid that on the
    UI thread.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        """``cache_dir`` overrides the user cache directory (read when warming up)."""
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._pos_lock = threading.Lock()
        self._ready = False
        self._tokenizer: Any = None
        self._jieba: Any = None
        self._pos: Any = None
        self._pos_module: Any = None
        #: how the last warm-up got its dictionary: "cache", "built" or "" (not yet)
        self.load_source = ""
        #: seconds the last warm-up took
        self.load_seconds = 0.0

    @property
    def ready(self) -> bool:
        """Whether jieba is loaded, so cutting will not block."""
        return self._ready

    @property
    def cache_path(self) -> Path:
        """The dictionary cache file (in the user cache directory unless overridden)."""
        base = self._cache_dir if self._cache_dir is not None else paths.cache_dir()
        return base / "jieba" / "prefix-dict.cache"

    def warm_up(self, checkpoint: Callable[[], object] | None = None) -> None:
        """Load jieba and its dictionary; blocking, thread-safe and idempotent.

        ``checkpoint`` is called every few milliseconds while the dictionary loads; a UI
        passes one that waits while its user is typing.
        """
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            started = time.perf_counter()
            jieba = _import_jieba()
            cache_path = self.cache_path
            tokenizer = jieba.Tokenizer()
            # Should anything ever call jieba's own initialize() on this tokenizer, its
            # cache lands beside ours, not in the shared temp folder.
            tokenizer.tmp_dir = str(cache_path.parent)
            if getattr(jieba, "dt", None) is not None and jieba.dt.tmp_dir is None:
                jieba.dt.tmp_dir = str(cache_path.parent)
            dictionary = _dictionary_of(jieba, tokenizer)
            expected = _expected_header(jieba, dictionary)
            loaded = _read_cache(cache_path, expected, checkpoint)
            if loaded is not None:
                freq, total = loaded
                self.load_source = "cache"
            else:
                freq, total = jieba.Tokenizer.gen_pfdict(tokenizer.get_dict_file())
                self.load_source = "built"
                try:
                    _write_cache(cache_path, expected, freq, total)
                except (OSError, ValueError) as exc:
                    # The cache only saves time; a read-only home must not stop search.
                    _log.info("cannot write jieba cache %s: %s", cache_path, exc)
            with tokenizer.lock:
                tokenizer.FREQ = freq
                tokenizer.total = total
                tokenizer.initialized = True
            self._jieba = jieba
            self._tokenizer = tokenizer
            self.load_seconds = time.perf_counter() - started
            self._ready = True

    def _tok(self) -> Any:
        if not self._ready:
            self.warm_up()
        return self._tokenizer

    def cut(self, text: str) -> list[str]:
        """jieba's accurate mode: each character in exactly one token, in order."""
        tok = self._tok()
        return _cut(text, tok.FREQ, tok.total, self._jieba)

    def cut_for_search(self, text: str) -> list[str]:
        """jieba's search mode: words plus the dictionary words inside long words."""
        tok = self._tok()
        return _search_grams(_cut(text, tok.FREQ, tok.total, self._jieba), tok.FREQ)

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """Search-mode tokens of ``text`` with their ``[start, end)`` offsets."""
        return list(self._tok().tokenize(text, mode="search"))

    def terms(self, text: str) -> list[str]:
        """Normalised search-mode tokens, without whitespace or punctuation-only tokens.

        Queries and documents both go through this, so they meet on the same words.
        """
        return self.normalized_terms(normalize(text))

    def normalized_terms(self, text: str) -> list[str]:
        """:meth:`terms` for text already passed through :func:`normalize` (saves a pass)."""
        return [t for t in self.cut_for_search(text) if is_word(t)]

    def is_known_word(self, word: str) -> bool:
        """Whether ``word`` is in jieba's dictionary (a word it cuts the same everywhere)."""
        return bool(self._tok().FREQ.get(word))

    def word_frequency(self, word: str) -> int:
        """The dictionary frequency of ``word`` (0 when unknown)."""
        return int(self._tok().FREQ.get(word) or 0)

    def _pos_tokenizer(self) -> Any:
        if self._pos is not None:
            return self._pos
        tokenizer = self._tok()
        with self._pos_lock:
            if self._pos is None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    import jieba.posseg as posseg
                # posseg builds its word->tag table for jieba's global tokenizer at import;
                # share that table rather than parse dict.txt a second time.
                if not getattr(posseg, "_tui_paper_compact", False):
                    _compact_tag_table(posseg.dt, tokenizer.FREQ)
                    posseg._tui_paper_compact = True
                pos = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
                pos.tokenizer = tokenizer
                pos.word_tag_tab = posseg.dt.word_tag_tab
                _memoise_unknown_runs(pos)
                self._pos = pos
        return self._pos

    def pos_tags(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech tag) pairs; loads jieba's tagger the first time (~0.5 s)."""
        return [(p.word, p.flag) for p in self._pos_tokenizer().cut(text)]

    def iter_pos_tags(self, text: str) -> Iterator[tuple[str, str]]:
        """Like :meth:`pos_tags` but lazy, for long texts."""
        for p in self._pos_tokenizer().cut(text):
            yield p.word, p.flag


def _compact_tag_table(pos_tokenizer: Any, freq: dict[str, int]) -> None:
    """Rebuild posseg's word->tag table on the prefix dictionary's own key strings.

    posseg parses dict.txt into 350,000 fresh word strings and as many one-letter tag
    strings; keyed by the words already held in ``freq`` and with interned tags, the same
    table costs ~25 MB less, which keeps the app under its memory budget with facets on.
    """
    tags: dict[str, str] = pos_tokenizer.word_tag_tab
    compact = {w: sys.intern(tags[w]) for w in freq if w in tags}
    if len(compact) == len(tags):  # a user dictionary could hold words freq lacks
        pos_tokenizer.word_tag_tab = compact


_DETAIL_CACHE_SIZE = 50_000


def _memoise_unknown_runs(pos_tokenizer: Any) -> None:
    """Remember posseg's tagging of runs of characters its dictionary does not cover.

    Those runs go through a part-of-speech Viterbi that is 80% of tagging time, and the
    same runs (names, "2020年", "党的") recur all through an issue; remembering them
    nearly halves the time facets take. Hooks jieba's private ``__cut_detail``; if a
    jieba release renames it, tagging just runs uncached.
    """
    detail = getattr(pos_tokenizer, "_POSTokenizer__cut_detail", None)
    if detail is None:
        return
    cache: dict[str, list[Any]] = {}

    def cut_detail(sentence: str) -> list[Any]:
        found = cache.get(sentence)
        if found is None:
            found = list(detail(sentence))
            if len(cache) < _DETAIL_CACHE_SIZE:
                cache[sentence] = found
        return found

    pos_tokenizer._POSTokenizer__cut_detail = cut_detail


_SINGLETON: Segmenter | None = None
_SINGLETON_LOCK = threading.Lock()


def get_segmenter() -> Segmenter:
    """The process-wide segmenter (one dictionary in memory, shared by every search)."""
    global _SINGLETON
    if _SINGLETON is None:
        with _SINGLETON_LOCK:
            if _SINGLETON is None:
                _SINGLETON = Segmenter()
    return _SINGLETON
