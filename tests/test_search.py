"""Search over one issue: substring then word matching, ranking, highlights, keywords, facets."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_paper.model import Article, Block, BlockKind, Issue, Page
from tui_paper.search import FACET_KINDS, Hit, IssueSearch, compute_facets, search_issue
from tui_paper.text.segment import Segmenter, normalize

SEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds" / "000_bfbf858a4ab4cfe2.txt"


@pytest.fixture(scope="module")
def seg(tmp_path_factory: pytest.TempPathFactory) -> Segmenter:
    s = Segmenter(cache_dir=tmp_path_factory.mktemp("searchcache"))
    s.warm_up()
    return s


@pytest.fixture(scope="module")
def seed_issue() -> Issue:
    if not SEED.is_file():
        pytest.skip(f"seed page not found at {SEED} (../shared is test data beside the repo)")
    from tui_paper.reader import load_issue

    return load_issue(SEED)


@pytest.fixture(scope="module")
def sample_issue() -> Issue:
    from tui_paper.paths import default_issue_path
    from tui_paper.reader import load_issue

    return load_issue(default_issue_path())


@pytest.fixture(params=["as on a big issue", "as on a small one"])
def keeping(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run a test as on a big issue too: every posting list kept as a set once used.

    Big issues keep their longest posting lists (as sets, and spread out by article) between
    keystrokes; the small issues of these tests would never keep a set without this. Few
    of either are kept here, so evicting them is exercised too.
    """
    from tui_paper import search as search_mod

    if request.param == "as on a small one":
        yield
        return
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search_mod, "_SET_KEPT_FROM", 0)
        mp.setattr(search_mod, "_SETS_KEPT", 3)
        mp.setattr(search_mod, "_SPREADS_KEPT", 2)
        yield


@pytest.fixture(scope="module")
def seed_search(seed_issue: Issue, seg: Segmenter) -> IssueSearch:
    search = IssueSearch(seed_issue, seg)
    assert search.prepare()
    return search


def art(aid: str, title: str, body: str = "", **kw: str) -> Article:
    page = int(aid.split("-")[0])
    blocks = tuple(Block(BlockKind.PARAGRAPH, p) for p in body.split("\n") if p)
    return Article(id=aid, page=page, title=title, blocks=blocks, **kw)  # type: ignore[arg-type]


def make_issue(*articles: Article) -> Issue:
    pages: dict[int, list[Article]] = {}
    for a in articles:
        pages.setdefault(a.page, []).append(a)
    return Issue(pages=tuple(Page(number=n, articles=tuple(a)) for n, a in sorted(pages.items())))


def ids(hits: list[Hit]) -> list[str]:
    return [h.id for h in hits]


# ------------------------------------------------------------------ substring mode


def test_before_prepare_it_filters_by_normalised_substrings(seg: Segmenter) -> None:
    issue = make_issue(
        art("1-1", "东北京剧团来京演出", "剧团在东北巡演。"),
        art("1-2", "首都新闻", "代表在北京开会。"),
        art("2-1", "用ＡＩ识别缺陷", "工厂引入ＡＩ质检。"),
    )
    search = IssueSearch(issue, seg)
    assert not search.is_word_mode
    # substring: 北京 inside 东北京剧 counts, and both terms must be present
    assert ids(search.query("北京", ranked=False)) == ["1-1", "1-2"]
    assert ids(search.query("北京 开会")) == ["1-2"]
    assert ids(search.query("ai")) == ["2-1"]
    assert ids(search.query("AI 质检")) == ["2-1"]
    assert search.query("北京 不存在的词") == []


def test_regex_metacharacters_are_plain_text(seg: Segmenter) -> None:
    issue = make_issue(
        art("1-1", "公式 a.*b 的含义", "括号(注)与方括号[1]。"),
        art("1-2", "axxb 不是公式", "没有括号。"),
    )
    search = IssueSearch(issue, seg)
    for prepared in (False, True):
        if prepared:
            search.prepare()
        assert ids(search.query("a.*b")) == ["1-1"]
        assert ids(search.query("(注)")) == ["1-1"]
        assert ids(search.query("[1]")) == ["1-1"]
        assert search.query("[2]") == []
        assert search.highlight_spans("公式 a.*b 的含义", "a.*b") == [(3, 7)]


def test_empty_or_punctuation_only_query_lists_everything_in_issue_order(
    seg: Segmenter,
) -> None:
    issue = make_issue(art("2-1", "乙", "正文"), art("1-1", "甲"), art("1-2", "丙"))
    search = IssueSearch(issue, seg)
    for q in ("", "   ", "（。）", ".*", "!!! ，"):
        assert ids(search.query(q)) == ["1-1", "1-2", "2-1"], q
        assert search.highlight_spans("甲乙丙", q) == []
    assert ids(search.query("", limit=2)) == ["1-1", "1-2"]


# ------------------------------------------------------------------ word mode


def test_word_mode_matches_words_not_substrings(seg: Segmenter) -> None:
    issue = make_issue(
        art("1-1", "东北京剧团来京演出", "剧团在东北巡演。"),
        art("1-2", "首都新闻", "代表在北京开会。"),
    )
    search = IssueSearch(issue, seg)
    assert search.prepare()
    assert search.is_word_mode
    assert ids(search.query("北京")) == ["1-2"]


def test_word_mode_splits_a_query_typed_without_spaces(seed_search: IssueSearch) -> None:
    # The words appear in the other order in the title, so a substring filter misses it.
    assert ids(seed_search.query("示范区新型工业化"))[0] == "1-6"


def test_title_and_kicker_hits_rank_above_body_hits(seg: Segmenter) -> None:
    issue = make_issue(
        art("1-1", "市场动态", "示范区建设。示范区规划。示范区招商。示范区验收。"),
        art("1-2", "示范区揭牌", "今天正式启动。"),
        art("1-3", "其他消息", "一个新的园区。", kicker="示范区巡礼"),
        art("1-4", "无关", "天气晴朗。"),
    )
    search = IssueSearch(issue, seg)
    search.prepare()
    hits = search.query("示范区")
    assert ids(hits) == ["1-2", "1-3", "1-1"]
    assert hits[0].score > hits[1].score > hits[2].score > 0
    # more occurrences in the body rank a body-only hit higher among body-only hits
    more = make_issue(art("1-1", "甲", "示范区。"), art("1-2", "乙", "示范区。示范区。示范区。"))
    s2 = IssueSearch(more, seg)
    s2.prepare()
    assert ids(s2.query("示范区")) == ["1-2", "1-1"]


def test_full_width_and_case_fold_both_ways(seg: Segmenter) -> None:
    issue = make_issue(art("1-1", "用ＡＩ识别缺陷"), art("1-2", "OpenAI 发布新模型"))
    search = IssueSearch(issue, seg)
    search.prepare()
    assert ids(search.query("AI")) == ["1-1"]  # a word: not inside "openai"
    assert ids(search.query("ＯＰＥＮＡＩ")) == ["1-2"]
    assert search.highlight_spans("用ＡＩ识别缺陷", "ai") == [(1, 3)]


def test_limit_and_issue_order(seg: Segmenter) -> None:
    issue = make_issue(
        art("1-1", "会议", "北京"),
        art("1-2", "北京会议", "北京"),
        art("2-1", "北京", "北京北京"),
    )
    search = IssueSearch(issue, seg)
    search.prepare()
    assert len(search.query("北京", limit=2)) == 2
    assert search.query("北京", limit=0) == []
    assert ids(search.query("北京", ranked=False)) == ["1-1", "1-2", "2-1"]
    assert search.matching_ids("北京 会议") == ["1-1", "1-2"]


def test_prepare_can_be_cancelled_and_reports_progress(seg: Segmenter) -> None:
    issue = make_issue(*(art(f"1-{i}", f"标题{i}", "正文内容") for i in range(1, 6)))
    search = IssueSearch(issue, seg)
    assert search.prepare(should_cancel=lambda: True) is False
    assert not search.is_word_mode
    # polled from the very start (the texts are made before jieba loads), so a reader who
    # starts typing at once is not slowed by any phase of the preparation
    polls: list[int] = []
    assert IssueSearch(issue, seg).prepare(should_cancel=lambda: polls.append(1) or True) is False
    assert len(polls) == 1
    seen: list[tuple[int, int]] = []
    assert search.prepare(progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5)
    assert search.is_word_mode


# ------------------------------------------------------------------ highlight & snippets


def test_highlight_spans_are_in_original_offsets(seg: Segmenter) -> None:
    search = IssueSearch(make_issue(art("1-1", "x")), seg)
    text = "前言……新型工业化示范区，建设新型工业化。"
    spans = search.highlight_spans(text, "新型工业化 示范区")
    assert [text[a:b] for a, b in spans] == ["新型工业化示范区", "新型工业化"]
    search.prepare()
    assert search.highlight_spans(text, "新型工业化 示范区") == spans
    assert search.highlight_spans(text, "不存在") == []


def test_snippet_shows_the_match_in_one_line(seed_search: IssueSearch) -> None:
    hit = seed_search.query("北京", limit=1)[0]
    assert "北京" in hit.snippet
    assert "\n" not in hit.snippet
    assert len(hit.snippet) <= 70


def test_hit_to_dict_is_the_json_contract(seed_search: IssueSearch) -> None:
    hit = seed_search.query("金壮龙", limit=1)[0]
    d = hit.to_dict()
    assert list(d) == ["id", "page", "title", "snippet", "score"]
    assert d["id"] == hit.id and d["page"] == 1 and isinstance(d["score"], float)


# ------------------------------------------------------------------ quality bar on the seed


def test_seed_two_words_rank_the_demonstration_zone_story_first(seed_search: IssueSearch) -> None:
    hits = seed_search.query("新型工业化 示范区")
    assert hits[0].title == "工信部将启动创建国家新型工业化示范区"


def test_seed_name_finds_the_first_two_articles(seed_search: IssueSearch) -> None:
    first = [a.id for a in seed_search.issue.articles[:2]]
    assert sorted(ids(seed_search.query("金壮龙"))) == sorted(first)
    assert ids(seed_search.query("金壮龙"))[0] == first[0]  # named in its title


def test_search_issue_warms_up_and_ranks(seed_issue: Issue) -> None:
    hits = search_issue(seed_issue, "新型工业化 示范区", limit=3)
    assert hits and hits[0].id == "1-6"
    assert search_issue(seed_issue, "完全不存在的词语组合") == []


def test_keywords_name_what_the_article_is_about(seed_search: IssueSearch) -> None:
    words = seed_search.keywords("1-6")
    assert {"示范区", "工业化"} <= set(words)
    assert all(len(w) >= 2 for w in words)
    assert "的" not in words
    assert seed_search.keywords("1-6", k=3) == words[:3]
    assert seed_search.keywords("9-9") == []


def test_seed_facets_have_the_minister_and_beijing(seed_issue: Issue, seg: Segmenter) -> None:
    facets = compute_facets(seed_issue, seg)
    people = {e.name: e for e in facets.people}
    places = {e.name for e in facets.places}
    assert "金壮龙" in people
    assert "北京" in places
    assert facets.articles_for("people", "金壮龙") == ["1-1", "1-2"]
    assert people["金壮龙"].count >= 3
    # a name the tagger cuts after the surname is put back together
    assert "王江平" in people
    for kind in FACET_KINDS:
        for entry in facets.entries(kind):
            assert len(entry.name) >= 2, entry
            assert entry.count >= len(entry.articles) >= 1
    d = facets.to_dict()
    assert list(d) == ["people", "places", "organizations"]
    assert {"name": "金壮龙", "count": people["金壮龙"].count} in d["people"]
    assert facets.articles_for("places", "没有这个地方") == []
    with pytest.raises(ValueError):
        facets.articles_for("animals", "熊猫")


def test_facets_cached_on_the_search(seed_search: IssueSearch) -> None:
    assert seed_search.facets() is seed_search.facets()


def test_facets_keep_names_and_drop_everyday_words(seg: Segmenter) -> None:
    issue = make_issue(
        art("1-1", "城市文明建设", "记者张晓莉报道，城市文明建设需要智慧。"),
        art("1-2", "会见", "副部长王江平在北京会见客人。张晓莉参加。"),
    )
    facets = compute_facets(issue, seg)
    people = {e.name for e in facets.people}
    places = {e.name for e in facets.places}
    assert {"张晓莉", "王江平"} <= people
    # jieba's dictionary tags 文明 and 智慧 as names, and cuts 王江平 into 王 + 江平
    assert not people & {"文明", "智慧", "王", "江平"}
    assert "北京" in places
    assert "城市" not in places
    assert facets.articles_for("people", "张晓莉") == ["1-1", "1-2"]


def test_keywords_before_the_index_exists(seg: Segmenter) -> None:
    issue = make_issue(
        art("1-1", "新能源汽车出口增长", "新能源汽车出口强劲。新能源汽车产销两旺，出口同比增长。"),
        art("1-2", "春耕备耕", "各地春耕备耕有序推进。"),
    )
    search = IssueSearch(issue, seg)
    words = search.keywords("1-1", k=4)
    assert "新能源" in words or "新能源汽车" in words
    assert any("出口" in w for w in words)
    assert not {"各地", "同比"} & set(words)
    assert search.keywords("1-2", k=3)[0] in {"春耕", "备耕"}


_ALPHABET = "北京新型工业化示范区金壮龙 .*()[]\\^$|?+ＡＩai，。…"


@given(q=st.text(alphabet=_ALPHABET, max_size=12))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_query_is_safe_and_hits_contain_every_term(seg: Segmenter, q: str) -> None:
    issue = make_issue(
        art("1-1", "北京新型工业化示范区", "金壮龙在北京。a.*b (x) [y] ＡＩ…"),
        art("1-2", "示范区", "新型工业化。"),
        art("2-1", "东北京剧", "金壮 龙。"),
    )
    for prepared in (False, True):
        search = IssueSearch(issue, seg)
        if prepared:
            search.prepare()
        hits = search.query(q)
        parsed = search.parse(q)
        for hit in hits:
            article = issue.article(hit.id)
            assert article is not None
            text = normalize(" ".join([article.title, article.body_text]))
            for term in parsed.terms:
                assert term.text in text
        assert search.matching_ids(q) == sorted(
            (h.id for h in hits), key=lambda i: [a.id for a in issue.articles].index(i)
        )
        for article in issue.articles:
            spans = search.highlight_spans(article.body_text, q)
            assert all(0 <= a < b <= len(article.body_text) for a, b in spans)
            assert all(b1 < a2 for (_, b1), (a2, _) in itertools.pairwise(spans))


def test_chinese_punctuation_separates_terms_like_spaces(
    seed_search: IssueSearch, seg: Segmenter
) -> None:
    assert seed_search.query("新型工业化，示范区")[0].id == "1-6"
    assert seed_search.query("示范区、金壮龙") == []  # both terms required, no article has both
    substring = IssueSearch(seed_search.issue, seg)
    assert substring.query("工业化，示范区")[0].id == "1-6"


def test_progress_is_reported_in_steps_not_per_article(seg: Segmenter) -> None:
    issue = make_issue(
        *(art(f"{p}-{n}", f"标题{p}{n}", "正文") for p in range(1, 21) for n in range(1, 21))
    )
    seen: list[int] = []
    IssueSearch(issue, seg).prepare(progress=lambda done, total: seen.append(done))
    assert seen[-1] == 400
    assert len(seen) <= 101
    assert seen == sorted(seen)


def test_prepare_from_two_threads_builds_one_index(seg: Segmenter) -> None:
    import threading

    issue = make_issue(*(art(f"1-{n}", f"新型工业化示范区{n}", "正文") for n in range(1, 30)))
    search = IssueSearch(issue, seg)
    threads = [threading.Thread(target=search.prepare) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert search.is_word_mode
    assert len(search.query("示范区")) == 29


def test_a_limited_query_is_the_head_of_the_full_ranking(seg: Segmenter, keeping: None) -> None:
    # Many articles, a few naming the word in the title: limited queries score only the
    # best tiers and must still agree with the full ranking.
    arts = [
        art(
            f"{1 + n // 10}-{1 + n % 10}",
            "示范区" * (n % 7 == 0) + f"新闻{n}",
            "示范区。" * (1 + n % 5),
        )
        for n in range(60)
    ]
    issue = make_issue(*arts)
    for prepared in (False, True):
        search = IssueSearch(issue, seg)
        if prepared:
            search.prepare()
        full = search.query("示范区")
        assert len(full) == 60
        for k in (1, 5, 9, 10, 30, 59, 60, 100):
            assert search.query("示范区", limit=k) == full[:k], (prepared, k)
        unranked = search.query("示范区", limit=7, ranked=False)
        assert ids(unranked) == [a.id for a in issue.articles][:7]
        by_id = {h.id: h.score for h in full}
        assert all(h.score == by_id[h.id] for h in unranked)


def test_cancelled_facets_are_not_remembered(seed_issue: Issue, seg: Segmenter) -> None:
    search = IssueSearch(seed_issue, seg)
    assert search.facets(should_cancel=lambda: True) == compute_facets(
        seed_issue, seg, should_cancel=lambda: True
    )
    seen: list[tuple[int, int]] = []
    facets = search.facets(progress=lambda done, total: seen.append((done, total)))
    assert "金壮龙" in {e.name for e in facets.people}
    assert seen[-1] == (len(seed_issue.articles), len(seed_issue.articles))


@given(queries=st.lists(st.text(alphabet=_ALPHABET, max_size=8), min_size=1, max_size=6))
@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_queries_typed_in_a_row_match_the_same_as_each_asked_afresh(
    seg: Segmenter, keeping: None, queries: list[str]
) -> None:
    # Each keystroke looks only among the last query's matches when it can only narrow
    # them; whatever was typed before, the hits must be those of a fresh search.
    issue = make_issue(
        art("1-1", "北京新型工业化示范区", "金壮龙在北京。a.*b (x) [y] ＡＩ…"),
        art("1-2", "示范区", "新型工业化。"),
        art("2-1", "东北京剧", "金壮 龙。"),
        art("2-2", "新型", "北京 示范 工业"),
    )
    for prepared in (False, True):
        typing = IssueSearch(issue, seg)
        if prepared:
            typing.prepare()
        for q in queries:
            for typed in (q[:i] for i in range(1, len(q) + 1)):
                fresh = IssueSearch(issue, seg)
                if prepared:
                    fresh.prepare()
                assert ids(typing.query(typed)) == ids(fresh.query(typed)), typed


def test_typing_further_narrows_among_the_last_matches(seg: Segmenter) -> None:
    issue = make_issue(
        art("1-1", "开展工作", "提高效率。"),
        art("1-2", "开会", "讨论。"),
        art("2-1", "展开", "提出建议。"),
    )
    search = IssueSearch(issue, seg)
    assert search.prepare()
    assert sorted(ids(search.query("开"))) == ["1-1", "1-2", "2-1"]
    assert ids(search.query("开展")) == ["1-1"]
    assert ids(search.query("开展 提")) == ["1-1"]
    # backing out widens again: the narrowed pool is not reused for a broader query
    assert sorted(ids(search.query("提"))) == ["1-1", "2-1"]
    assert sorted(ids(search.query("开"))) == ["1-1", "1-2", "2-1"]


@given(q=st.text(alphabet=_ALPHABET, max_size=12))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_word_mode_finds_every_article_a_scan_would(seg: Segmenter, keeping: None, q: str) -> None:
    # Literal terms are looked up by their characters' postings in word mode; the hits and
    # their headline tiers must be exactly those of reading every article's text.
    issue = make_issue(
        art("1-1", "北京新型工业化示范区", "金壮龙在北京。a.*b (x) [y] ＡＩ…", kicker="新型"),
        art("1-2", "示范区", "新型工业化。"),
        art("2-1", "东北京剧", "金壮 龙。"),
        art("2-2", "新型", "北京 示范 工业 ai"),
    )
    search = IssueSearch(issue, seg)
    assert search.prepare()
    parsed = search.parse(q)
    if parsed.is_empty:
        return
    index = search._index
    assert index is not None

    def text_of(a: Article) -> str:
        return "\n".join(normalize(t) for t in (a.title, a.kicker or "", a.body_text))

    def head_of(a: Article) -> str:
        return "\n".join(normalize(t) for t in (a.title, a.kicker or ""))

    expected: dict[str, int] = {}
    for n, a in enumerate(issue.articles):
        if all(
            (t.text in text_of(a)) if t.literal else (n in index.docs(t.text)) for t in parsed.terms
        ):
            expected[a.id] = sum(
                (t.text in head_of(a)) if t.literal else (n in index.head.get(t.text, ()))
                for t in parsed.terms
            )
    hits = search.query(q)
    assert {h.id: int(h.score) for h in hits} == expected


def _reference_scores(search: IssueSearch, q: str) -> tuple[dict[int, float], dict[int, float]]:
    """(the search's scores, the same BM25 written article by article) for ``q``'s matches."""
    import math

    from tui_paper import search as search_mod

    parsed = search.parse(q)
    docs = search._candidates(parsed)
    tiers = search._tiers(parsed, docs)
    texts = search._texts_now()
    index = search._index if parsed.word_mode else None
    n_docs = len(search.issue.articles)
    k1 = search_mod._K1

    def idf(df: int) -> float:
        return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))

    norm = index.norm if index is not None else texts.norm
    expected: dict[int, float] = {}
    for d in sorted(docs):
        bm25 = 0.0
        for term in parsed.terms:
            if term.literal or index is None:
                f = texts.fields[d]
                tf = float(texts.joined[d].count(term.text))
                tf += (
                    3.0 * f[0].count(term.text)
                    + 2.0 * f[1].count(term.text)
                    + f[2].count(term.text)
                )
                bm25 += idf(len(docs)) * (k1 + 1.0) * tf / (tf + norm[d])
            else:
                for word in term.scoring:
                    found = index.postings.get(word)
                    if found is not None and d in found[0]:
                        tf = found[1][list(found[0]).index(d)]
                        bm25 += idf(len(found[0])) * (k1 + 1.0) * tf / (tf + norm[d])
        expected[d] = tiers.get(d, 0) + bm25 / (bm25 + 1.0)
    return search._scores(parsed, sorted(docs), tiers, len(docs)), expected


@given(q=st.text(alphabet="天工量子计算机大赛科技数字孪生产线开通 ai5G，", max_size=8))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_scores_are_bm25_with_headline_tiers(
    seg: Segmenter, sample_issue: Issue, keeping: None, q: str
) -> None:
    for prepared in (False, True):
        search = IssueSearch(sample_issue, seg)
        if prepared:
            search.prepare()
        got, expected = _reference_scores(search, q)
        assert got.keys() == expected.keys()
        for d, score in expected.items():
            assert got[d] == pytest.approx(score, rel=1e-12, abs=1e-12)
