"""jieba behind tui-paper's segmenter: own verified cache, quiet, lazy, NFKC-normalised."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_paper.text import segment
from tui_paper.text.segment import (
    CACHE_MAGIC,
    Segmenter,
    get_segmenter,
    normalize,
    normalize_mapped,
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """TUI_PAPER_HOME in a temp folder, and a private 'system temp' to watch."""
    monkeypatch.setenv("TUI_PAPER_HOME", str(tmp_path / "home"))
    systmp = tmp_path / "systmp"
    systmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(systmp))
    return tmp_path


@pytest.fixture(scope="module")
def seg(tmp_path_factory: pytest.TempPathFactory) -> Segmenter:
    """One warmed segmenter for the behaviour tests (loading costs ~0.5 s)."""
    s = Segmenter(cache_dir=tmp_path_factory.mktemp("segcache"))
    s.warm_up()
    return s


def _fresh_load() -> Segmenter:
    s = Segmenter()
    s.warm_up()
    return s


# ------------------------------------------------------------------ cache location & trust


def test_cache_is_written_to_the_user_cache_dir_never_the_temp_folder(home: Path) -> None:
    s = _fresh_load()
    assert s.load_source == "built"
    assert s.cache_path.is_file()
    assert s.cache_path.is_relative_to(home / "home" / "cache")
    assert s.cache_path.read_bytes().startswith(CACHE_MAGIC)
    # nothing in the (redirected) system temp folder: no shared jieba.cache
    assert list((home / "systmp").iterdir()) == []
    # the atomic write left no temp file beside the cache
    assert [p.name for p in s.cache_path.parent.iterdir()] == [s.cache_path.name]
    again = _fresh_load()
    assert again.load_source == "cache"
    assert again.cut("工业和信息化部") == s.cut("工业和信息化部")


def test_loading_from_the_cache_stops_at_checkpoints_a_ui_can_wait_in(home: Path) -> None:
    # The dictionary is added in steps; between them the loader calls the checkpoint, where
    # the reading app waits while its user types (each step holds the interpreter).
    _fresh_load()
    calls: list[float] = []
    s = Segmenter()
    s.warm_up(checkpoint=lambda: calls.append(time.perf_counter()))
    assert s.load_source == "cache"
    assert len(calls) >= 20  # ~500,000 entries, 16,384 per step
    assert s.cut("新型工业化示范区") == ["新型", "工业化", "示范区"]


def _damage_and_reload(path: Path, data: bytes) -> Segmenter:
    path.write_bytes(data)
    s = _fresh_load()
    return s


def test_corrupt_cache_is_rebuilt(home: Path) -> None:
    path = _fresh_load().cache_path
    data = bytearray(path.read_bytes())
    data[-1000] ^= 0xFF  # one flipped byte deep in the payload
    s = _damage_and_reload(path, bytes(data))
    assert s.load_source == "built"
    assert s.cut("新型工业化示范区") == ["新型", "工业化", "示范区"]
    assert _fresh_load().load_source == "cache"  # the rebuilt file is good again


def test_truncated_cache_is_rebuilt(home: Path) -> None:
    path = _fresh_load().cache_path
    data = path.read_bytes()
    assert _damage_and_reload(path, data[: len(data) // 2]).load_source == "built"
    assert _damage_and_reload(path, data[:10]).load_source == "built"
    assert _damage_and_reload(path, b"").load_source == "built"


def test_cache_from_another_jieba_version_is_rebuilt(home: Path) -> None:
    path = _fresh_load().cache_path
    data = path.read_bytes()
    end = data.index(b"\n", len(CACHE_MAGIC))
    header = json.loads(data[len(CACHE_MAGIC) : end])
    header["jieba"] = "0.39"  # payload and checksum untouched: only the version differs
    forged = CACHE_MAGIC + json.dumps(header).encode() + data[end:]
    assert _damage_and_reload(path, forged).load_source == "built"


def test_cache_of_another_dictionary_is_rebuilt(home: Path) -> None:
    path = _fresh_load().cache_path
    data = path.read_bytes()
    end = data.index(b"\n", len(CACHE_MAGIC))
    header = json.loads(data[len(CACHE_MAGIC) : end])
    header["dict_size"] += 1
    forged = CACHE_MAGIC + json.dumps(header).encode() + data[end:]
    assert _damage_and_reload(path, forged).load_source == "built"


def test_stock_jieba_cache_planted_at_our_path_is_not_trusted(home: Path) -> None:
    path = _fresh_load().cache_path
    # A stock jieba cache: marshal of (FREQ, total) without our header, with a planted word.
    path.write_bytes(marshal.dumps(({"新型": 1, "恶意词": 10**9}, 1)))
    s = _fresh_load()
    assert s.load_source == "built"
    assert not s.is_known_word("恶意词")


def test_unwritable_cache_dir_still_segments(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = home / "blocker"
    blocker.write_text("a file where the cache folder should be")
    s = Segmenter(cache_dir=blocker)
    s.warm_up()
    assert s.ready
    assert s.cut("金壮龙主持会议") == ["金壮龙", "主持会议"]


def test_warm_up_from_many_threads_loads_once(home: Path) -> None:
    s = Segmenter()
    tokenizers: list[object] = []

    def run() -> None:
        s.warm_up()
        tokenizers.append(s._tokenizer)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert s.ready
    assert len({id(t) for t in tokenizers}) == 1


def test_get_segmenter_is_one_per_process() -> None:
    assert get_segmenter() is get_segmenter()


# ------------------------------------------------------------------ quiet and lazy


_QUIET_SCRIPT = """
import logging, sys
logging.basicConfig(level=logging.DEBUG)  # a root handler on stderr must stay silent too
import tui_paper.text.segment as segment
assert "jieba" not in sys.modules, "importing the segmenter imported jieba"
s = segment.Segmenter()
assert not s.ready
s.warm_up()
assert s.ready
print(s.load_source, "/".join(s.cut("新型工业化示范区")))
print("/".join(w + ":" + t for w, t in s.pos_tags("金壮龙在北京")))
"""


def _run_quiet(home: Path) -> subprocess.CompletedProcess[str]:
    # A private bytecode cache makes Python compile jieba from source, which is when its
    # invalid regex escapes raise DeprecationWarnings: those must stay silent too.
    env = dict(
        os.environ,
        TUI_PAPER_HOME=str(home),
        PYTHONWARNINGS="always",
        PYTHONPYCACHEPREFIX=str(home / "pycache"),
    )
    return subprocess.run(
        [sys.executable, "-W", "always", "-c", _QUIET_SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.slow
def test_no_log_lines_or_warnings_on_import_and_warm_up(tmp_path: Path) -> None:
    first = _run_quiet(tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    assert first.stdout.splitlines() == ["built 新型/工业化/示范区", "金壮龙:nr/在:p/北京:ns"]
    second = _run_quiet(tmp_path)  # now from the cache
    assert second.returncode == 0, second.stderr
    assert second.stderr == ""
    assert second.stdout.splitlines()[0] == "cache 新型/工业化/示范区"


# ------------------------------------------------------------------ normalisation & terms


def test_normalize_folds_width_and_case() -> None:
    assert normalize("ＡＩ") == "ai"
    assert normalize("ＡＩ芯片　ＧＰＵ") == "ai芯片 gpu"
    assert normalize("Straße") == "strasse"


def test_one_to_one_class_really_maps_one_to_one() -> None:
    # normalize_mapped trusts runs of these characters to keep their length.
    for code in range(0x10000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF or segment._OTHER_RUN.match(ch):
            continue
        assert len(normalize(ch)) == 1, f"U+{code:04X} {unicodedata.name(ch, '?')}"


def test_normalize_mapped_maps_offsets_back_to_the_original() -> None:
    text = "前…中ＡＩ后½ß末"
    mapped = normalize_mapped(text)
    assert mapped.text == normalize(text)
    start = mapped.text.index("ai")
    assert mapped.to_original(start, start + 2) == (text.index("ＡＩ"), text.index("ＡＩ") + 2)
    start = mapped.text.index("末")
    assert text[slice(*mapped.to_original(start, start + 1))] == "末"
    # half of an expanded character highlights the whole original character
    dots = mapped.text.index("..")
    assert text[slice(*mapped.to_original(dots, dots + 2))] == "…"
    plain = normalize_mapped("纯中文文本")
    assert plain.to_original(1, 3) == (1, 3)


def test_terms_are_normalised_words_without_punctuation(seg: Segmenter) -> None:
    assert seg.terms("ＡＩ芯片，新型工业化！") == ["ai", "芯片", "新型", "工业", "工业化"]
    assert seg.terms("（。。。） ,.!") == []
    assert seg.terms("") == []


def test_search_cut_adds_the_words_inside_long_words(seg: Segmenter) -> None:
    tokens = seg.cut_for_search("中华人民共和国")
    assert "中华人民共和国" in tokens
    assert {"中华", "人民", "共和国"} <= set(tokens)


def test_pos_tags_name_people_and_places(seg: Segmenter) -> None:
    tags = dict(seg.pos_tags("工业和信息化部部长金壮龙在北京会见"))
    assert tags["金壮龙"] == "nr"
    assert tags["北京"] == "ns"


def test_tokenize_offsets_point_into_the_text(seg: Segmenter) -> None:
    text = "国家新型工业化示范区"
    for word, start, end in seg.tokenize(text):
        assert text[start:end] == word


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_fast_normalize_equals_nfkc_then_casefold(text: str) -> None:
    assert normalize(text) == unicodedata.normalize("NFKC", text).casefold()


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
@settings(max_examples=300, deadline=None)
def test_normalize_mapped_spans_stay_inside_the_text(text: str) -> None:
    mapped = normalize_mapped(text)
    for start in range(len(mapped.text) + 1):
        a, b = mapped.to_original(start, start)
        assert 0 <= a <= len(text) and 0 <= b <= len(text)


SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def _real_texts() -> list[str]:
    texts = []
    seed = SHARED / "seeds" / "000_bfbf858a4ab4cfe2.txt"
    if seed.is_file():
        texts.append(seed.read_text(encoding="utf-8"))
    day = SHARED / "realworld" / "rmrb-2020-01" / "20200102"
    if day.is_dir():
        texts.extend(p.read_text(encoding="utf-8") for p in sorted(day.glob("*.txt"))[:40])
    return texts


def test_fast_cut_is_jiebas_cut_token_for_token(seg: Segmenter) -> None:
    texts = _real_texts()
    if not texts:
        pytest.skip(f"no real newspaper text under {SHARED}")
    tokenizer = seg._tokenizer
    for text in texts:
        assert seg.cut(text) == list(tokenizer.cut(text))
        assert seg.cut_for_search(text) == list(tokenizer.cut_for_search(text))


@given(
    st.text(
        alphabet=st.sampled_from(
            list("中华人民共和国新型工业化示范区北京金壮龙的了和与长江大桥")
            + list("abcXYZ019 .,+#&_%-，。、（）\n\t　ＡＩ")
        ),
        max_size=40,
    )
)
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_fast_cut_matches_jieba_on_any_mix(seg: Segmenter, text: str) -> None:
    assert seg.cut(text) == list(seg._tokenizer.cut(text))
    assert seg.cut_for_search(text) == list(seg._tokenizer.cut_for_search(text))
