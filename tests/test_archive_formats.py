"""Archive layouts: e-paper crawl folders and Markdown with front matter, read as issues."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_paper.model import ArticleKind, BlockKind, LinkKind
from tui_paper.reader import load_issue
from tui_paper.reader.archive_formats import archive_kind, load_if_archive
from tui_paper.reader.frontmatter import split_front_matter
from tui_paper.reader.numerals import to_int
from tui_paper.reader.parse import see_also_refs

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "realworld"
RMRB = SHARED / "rmrb-2020-01"
PDVAULT = SHARED / "pdvault-md" / "data" / "vault"

IND = "\u3000\u3000"
LONG_STORY = [
    "新华社北京1月1日电  （记者王小明）河湾市今天举行新年长跑活动，三千名市民参加。",
    "活动从滨江公园出发，沿河岸跑完十公里。",
    "组织者说，明年还将增加亲子组别。",
]


def _article(kicker: str, title: str, subtitle: str, body: list[str]) -> bytes:
    lines = [kicker, title, subtitle, *(IND + p for p in body), ""]
    return "\r\n".join(lines).encode("utf-8")


def make_epaper_issue(root: Path, day: str = "20240105") -> Path:
    """An invented e-paper issue in the crawl layout: 3 pages plus a reprinted story."""
    folder = root / day
    folder.mkdir(parents=True)
    files = {
        "01-01": _article("引题在此", "河湾长跑迎新年", "——三千人参加", LONG_STORY),
        "01-02": _article("", "冬季供暖稳定", "", ["本市供暖运行平稳（相关报道见第十、十一版）。"]),
        "01-03": _article("", "广告", "", []),
        "02-01": _article("", "图片报道", "", ["河湾夜景。", "李四摄"]),
        "02-02": _article("", "社区食堂开张\x1b[31m", "", ["\x1b]0;title\x07居民点赞。"]),
        "03-01": _article("引题在此", "河湾长跑迎新年", "——三千人参加", LONG_STORY),
        "10-01": _article("", "供暖专题", "", ["详细报道。"]),
        "11-01": _article("", "供暖问答", "", ["问与答。"]),
        "11-02": _article("", "供暖提示", "", ["注意安全。"]),
    }
    for key, data in files.items():
        (folder / f"{day}-{key}.txt").write_bytes(data)
    return folder


def test_epaper_folder_becomes_an_issue_with_pages_and_ordered_articles(tmp_path: Path) -> None:
    issue = load_issue(make_epaper_issue(tmp_path))
    assert issue.masthead.date == dt.date(2024, 1, 5)
    assert issue.masthead.weekday == "星期五"
    assert issue.masthead.name is None  # the crawl never prints the paper's name
    assert [p.number for p in issue.pages] == [1, 2, 3, 10, 11]
    assert issue.masthead.page_count == 5
    first = issue.article("1-1")
    assert first is not None
    assert (first.kicker, first.title, first.subtitle) == (
        "引题在此",
        "河湾长跑迎新年",
        "——三千人参加",
    )
    assert first.dateline == "新华社北京1月1日电"
    assert first.byline == "记者王小明"
    assert first.blocks[0].text == "河湾市今天举行新年长跑活动，三千名市民参加。"
    assert [a.id for a in issue.page(11).articles] == ["11-1", "11-2"]  # type: ignore[union-attr]
    second = issue.article("1-2")
    assert second is not None and second.kicker is None and second.subtitle is None


def test_story_printed_on_two_pages_is_one_article_and_a_short_entry(tmp_path: Path) -> None:
    issue = load_issue(make_epaper_issue(tmp_path))
    full, short = issue.article("1-1"), issue.article("3-1")
    assert full is not None and short is not None
    assert full.continues_to is not None
    assert (full.continues_to.page, full.continues_to.article) == (3, "3-1")
    assert short.continued_from is not None
    assert (short.continued_from.page, short.continued_from.article) == (1, "1-1")
    assert short.blocks == ()
    assert short.title == full.title
    assert [a.id for a in issue.story_parts("3-1")] == ["1-1", "3-1"]
    everything = "\n".join(a.body_text for a in issue.articles)
    assert everything.count("活动从滨江公园出发") == 1


def test_ads_and_photo_items_are_kept_and_marked(tmp_path: Path) -> None:
    issue = load_issue(make_epaper_issue(tmp_path))
    ad, photo = issue.article("1-3"), issue.article("2-1")
    assert ad is not None and ad.kind is ArticleKind.AD and ad.blocks == ()
    assert photo is not None and photo.kind is ArticleKind.PHOTO
    assert [b.kind for b in photo.blocks] == [BlockKind.CAPTION, BlockKind.CAPTION]
    # two empty ads are byte-identical too, but they are not one story continued
    assert ad.continues_to is None


def test_cross_reference_links_once_per_page_named(tmp_path: Path) -> None:
    issue = load_issue(make_epaper_issue(tmp_path))
    art = issue.article("1-2")
    assert art is not None
    links = art.see_also
    assert [(lk.page, lk.kind) for lk in links] == [
        (10, LinkKind.SEE_ALSO),
        (11, LinkKind.SEE_ALSO),
    ]
    # page 10 holds one story, so the link names it; page 11 holds two, so it names none
    assert links[0].article == "10-1"
    assert links[1].article is None


def test_control_sequences_are_removed_from_archive_text(tmp_path: Path) -> None:
    issue = load_issue(make_epaper_issue(tmp_path))
    art = issue.article("2-2")
    assert art is not None
    assert art.title == "社区食堂开张"
    assert art.blocks[0].text == "居民点赞。"


def test_unreadable_article_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = make_epaper_issue(tmp_path)
    loop = folder / "20240105-02-03.txt"
    os.symlink(loop.name, loop)  # a link to itself: opening it fails on every platform user
    (folder / "20240105-02-04.txt").write_bytes(b"\x00\x01binary\x00" * 20)
    issue = load_issue(folder)
    assert len(issue.warnings) == 2
    assert any("20240105-02-03.txt" in w for w in issue.warnings)
    assert any("20240105-02-04.txt" in w for w in issue.warnings)
    assert issue.article("1-1") is not None and len(issue.articles) == 9


def test_folder_of_page_files_is_not_an_archive_and_is_not_read(tmp_path: Path) -> None:
    pages = tmp_path / "issue"
    pages.mkdir()
    for name in ("01.md", "02.md"):
        # self-referencing links: any attempt to read them would raise
        os.symlink(name, pages / name)
    assert archive_kind(pages) is None
    assert load_if_archive(pages) is None


def _write_md(path: Path, front: dict[str, str], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = "\n".join(f"{k}: {v}" for k, v in front.items())
    path.write_text(f"---\n{head}\n---\n\n{body}", encoding="utf-8")


def make_markdown_issue(root: Path) -> Path:
    """An invented Markdown-archive issue: two pages, one with two articles."""
    day = root / "2025" / "03" / "2025-03-07"
    _write_md(
        day / "01-要闻" / "乙新闻.md",
        {
            "title": '"河湾新桥通车"',
            "date": "2025-03-07",
            "section": '"第01版"',
            "author": '"张三"',
            "source_url": '"https://example.org/content_200.html"',
        },
        "### 城市建设\n\n# 河湾新桥通车\n\n## ——两岸通行时间缩短\n\n"
        "> 本报记者  张三《河湾日报》（2025年03月07日第 01 版）\n\n"
        "新桥今天上午正式通车。\n\n市民步行过桥只需五分钟。\n",
    )
    _write_md(
        day / "01-要闻" / "甲新闻.md",
        {"title": '"春耕开始"', "date": "2025-03-07", "source_url": '"x/content_100.html"'},
        "# 春耕开始\n\n> 《河湾日报》（2025年03月07日第 01 版）\n\n农民开始春耕。\n",
    )
    _write_md(
        day / "02-国际" / "丙.md",
        {"title": '"远方来信"', "date": "2025-03-07"},
        "# 远方来信\n\n信件内容。\n",
    )
    return day


def test_markdown_archive_date_folder_becomes_an_issue(tmp_path: Path) -> None:
    day = make_markdown_issue(tmp_path)
    assert archive_kind(day) == "markdown"
    issue = load_issue(day)
    assert issue.masthead.date == dt.date(2025, 3, 7)
    assert issue.masthead.name == "河湾日报"
    assert [(p.number, p.label) for p in issue.pages] == [(1, "要闻"), (2, "国际")]
    # order on the page follows the site's content ids, not the file names
    assert [a.title for a in issue.page(1).articles] == ["春耕开始", "河湾新桥通车"]  # type: ignore[union-attr]
    bridge = issue.article("1-2")
    assert bridge is not None
    assert (bridge.kicker, bridge.subtitle) == ("城市建设", "——两岸通行时间缩短")
    assert bridge.byline == "本报记者  张三"
    assert bridge.author == "张三"
    assert [b.text for b in bridge.blocks] == ["新桥今天上午正式通车。", "市民步行过桥只需五分钟。"]
    first = issue.article("1-1")
    assert first is not None and first.byline is None


def test_single_markdown_article_file_is_a_one_page_issue(tmp_path: Path) -> None:
    day = make_markdown_issue(tmp_path)
    # load_issue offers only folders to the archive readers; the hook itself takes files too
    issue = load_if_archive(day / "02-国际" / "丙.md")
    assert issue is not None
    assert [(p.number, p.label) for p in issue.pages] == [(2, "国际")]
    assert issue.articles[0].title == "远方来信"


def test_one_page_folder_of_a_markdown_archive_is_a_one_page_issue(tmp_path: Path) -> None:
    day = make_markdown_issue(tmp_path)
    page = day / "01-要闻"
    assert archive_kind(page) == "markdown-page"
    issue = load_issue(page)
    assert issue.masthead.date == dt.date(2025, 3, 7)
    assert [(p.number, p.label) for p in issue.pages] == [(1, "要闻")]
    assert [a.title for a in issue.articles] == ["春耕开始", "河湾新桥通车"]


def test_front_matter_split() -> None:
    fields, body = split_front_matter(
        '---\ntitle: "a \\"b\\""\nkeywords: [x, y]\ncount: 3\n---\nbody\n'
    )
    assert fields == {"title": 'a "b"', "keywords": ["x", "y"], "count": "3"}
    assert body == "body\n"
    assert split_front_matter("no fence\n") == ({}, "no fence\n")
    assert split_front_matter("---\nunclosed: 1\n") == ({}, "---\nunclosed: 1\n")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十三", 23),
        ("一百零五", 105),
        ("7", 7),
        ("x", None),
    ],
)
def test_chinese_page_numbers(text: str, value: int | None) -> None:
    assert to_int(text) == value


def test_cross_reference_forms() -> None:
    def pages(text: str) -> list[int]:
        return [ref.number for ref in see_also_refs(text)]

    assert pages("（相关报道见第十、十一版）") == [10, 11]
    assert pages("（讲话全文见第二版）") == [2]
    assert pages("（详见第三至五版）") == [3, 4, 5]
    assert pages("（见第2、2版）") == [2]
    assert pages("他见第一面就认出了") == []


# --------------------------------------------------------------------------- the real month
needs_rmrb = pytest.mark.skipif(not RMRB.is_dir(), reason=f"{RMRB} is absent (test data)")
needs_pdvault = pytest.mark.skipif(not PDVAULT.is_dir(), reason=f"{PDVAULT} is absent")


@needs_rmrb
def test_real_month_reads_end_to_end() -> None:
    folders = sorted(p for p in RMRB.iterdir() if p.is_dir())
    assert len(folders) == 31
    total_files = 0
    continued = 0
    for folder in folders:
        files = sorted(folder.glob("*.txt"))
        total_files += len(files)
        issue = load_issue(folder)
        assert issue.warnings == ()
        assert issue.masthead.date == dt.date(2020, 1, int(folder.name[-2:]))
        assert len(issue.articles) == len(files)  # every file is an entry, nothing lost
        pages = {int(f.name.split("-")[1]) for f in files}
        assert [p.number for p in issue.pages] == sorted(pages)
        bodies: dict[str, str] = {}
        for art in issue.articles:
            assert art.title
            if art.kind is ArticleKind.STORY and art.blocks:
                # a story printed in full on two pages is kept once
                assert art.body_text not in bodies, (art.id, bodies.get(art.body_text))
                bodies[art.body_text] = art.id
            if art.continued_from is not None:
                continued += 1
                assert art.blocks == ()
                source = issue.article(art.continued_from.article or "")
                assert source is not None and source.continues_to is not None
                assert source.continues_to.article == art.id
            for link in art.links:
                if link.article is not None:
                    assert issue.article(link.article) is not None
    assert total_files == 2194
    assert continued >= 60  # the month reprints about seventy front-page stories


@needs_rmrb
def test_real_issue_marks_ads_photos_and_the_known_continuation() -> None:
    issue = load_issue(RMRB / "20200102")
    first = issue.article("1-1")
    assert first is not None and first.title == "勇立潮头御风行"
    assert first.continues_to is not None and first.continues_to.article == "6-1"
    assert issue.article("8-1").kind is ArticleKind.AD  # type: ignore[union-attr]
    assert issue.article("5-4").kind is ArticleKind.PHOTO  # type: ignore[union-attr]
    assert not any("\r" in a.body_text or "\u3000" in a.body_text for a in issue.articles)


@needs_rmrb
def test_real_cross_references_link_their_pages() -> None:
    hits = []
    for folder in sorted(p for p in RMRB.iterdir() if p.is_dir()):
        for art in load_issue(folder).articles:
            if "相关报道见第" in art.body_text:
                hits.append(art)
    assert hits
    assert all(art.see_also for art in hits)


def _dump(path: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "tui_paper", "dump", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert isinstance(data, dict)
    return data


@needs_rmrb
def test_dump_on_a_real_epaper_issue() -> None:
    data = _dump(RMRB / "20200102")
    assert data["date"] == "2020-01-02"
    pages = data["pages"]
    assert isinstance(pages, list) and len(pages) == 20
    first = pages[0]["articles"][0]
    assert first["id"] == "1-1"
    assert first["continues_to"] == {"page": 6, "article": "6-1"}


@needs_pdvault
def test_dump_on_a_real_markdown_date() -> None:
    data = _dump(PDVAULT / "2026" / "02" / "2026-02-04")
    assert data["date"] == "2026-02-04"
    assert data["paper"]["name"] == "人民日报"  # type: ignore[index]
    page = data["pages"][0]  # type: ignore[index]
    assert page["label"] == "要闻"
    art = page["articles"][0]
    assert art["title"] == "英山药材出山记（新春走基层）"
    assert art["byline"].startswith("本报记者")
    assert len(art["blocks"]) > 5


def test_article_files_are_read_whatever_the_case_of_their_extension(tmp_path: Path) -> None:
    folder = make_epaper_issue(tmp_path)
    (folder / "20240105-02-01.txt").rename(folder / "20240105-02-01.TXT")
    issue = load_issue(folder)
    assert [a.title for a in issue.page(2).articles][:1] == ["图片报道"]  # type: ignore[union-attr]
    assert not issue.warnings
