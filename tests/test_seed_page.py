"""The seed page (../shared/seeds): a real front page, read from the shared test data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tui_paper.model import Article, BlockKind, Issue
from tui_paper.reader import load_issue

SEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds" / "000_bfbf858a4ab4cfe2.txt"

pytestmark = pytest.mark.skipif(
    not SEED.is_file(), reason="../shared/seeds is absent (shared test data lives beside the repo)"
)


@pytest.fixture(scope="module")
def seed() -> Issue:
    return load_issue(SEED)


def paragraphs(a: Article) -> list[str]:
    return [b.text for b in a.blocks if b.kind is BlockKind.PARAGRAPH]


def test_one_page_six_titles(seed: Issue) -> None:
    assert len(seed.pages) == 1 and seed.pages[0].number == 1
    assert [a.title for a in seed.articles] == [
        "金壮龙主持召开国务院减轻企业负担部际联席会议2024年工作会议",
        "工业和信息化部负责同志会见部分跨国企业负责人",
        "全国工信系统铆足干劲冲刺首季“开门红”",
        "工业和信息化部干部人事工作座谈会在京召开",
        "用“类人架构AI平台”构建工厂大脑",
        "工信部将启动创建国家新型工业化示范区",
    ]
    assert [a.id for a in seed.articles] == [f"1-{n}" for n in range(1, 7)]


def test_masthead(seed: Issue) -> None:
    m = seed.masthead
    assert m.supervisor == "中华人民共和国工业和信息化部"
    assert m.sponsors == ("中国电子报社", "北京赛迪经纶传媒投资有限公司")
    assert (m.publisher, m.name) == ("中国电子报社", "中国电子报")
    assert (m.serial, m.postal_code, m.url) == ("CN 11-0005", "1-29", "http://www.cena.com.cn")
    assert (m.date, m.weekday, m.page_count) == (dt.date(2024, 3, 29), "星期五", 8)
    assert (m.issue_number, m.total_issue_number) == (21, 4711)


def test_kicker_subtitle_bylines(seed: Issue) -> None:
    a = seed.articles[4]
    assert a.kicker == "人工智能赋能新型工业化"
    assert a.subtitle == "——访中国联通人工智能创新中心首席人工智能科学家廉士国"
    assert a.byline == "本报记者 张琪玮"
    assert seed.articles[2].byline == "本报记者 徐恒 实习记者 路轶晨"
    for other in (0, 1, 3, 5):
        assert seed.articles[other].kicker is None
        assert seed.articles[other].dateline is not None
    assert seed.articles[5].dateline == "本报讯 记者徐恒报道"
    assert paragraphs(seed.articles[5])[0].startswith("3月26日,国新办")


def test_author_tags(seed: Issue) -> None:
    assert [a.author for a in seed.articles] == ["耀文", "布轩", None, "跃文", None, None]
    assert paragraphs(seed.articles[0])[-1].endswith("形成齐抓共管的工作合力。")


def test_continuation_links_name_absent_pages(seed: Issue) -> None:
    links = {
        a.id: (a.continues_to.page, a.continues_to.article) for a in seed.articles if a.continues_to
    }
    assert links == {"1-3": (2, None), "1-5": (6, None), "1-6": (2, None)}
    for a in seed.articles:
        for b in a.blocks:
            assert "下转" not in b.text


def test_repaired_sentences(seed: Issue) -> None:
    text = "\n".join(b.text for a in seed.articles for b in a.blocks)
    assert "稳定社会预期、促进经济平稳增长" in text
    assert "“白色泡泡袖衬衣”从输入文字到生成图样" in text
    assert "建设以先进制造业为支撑" in text
    assert "嘉溢制衣总经理丁永国告诉《中国电子报》记者" in text
    for a in seed.articles:
        for p in paragraphs(a)[:-1]:
            assert p[-1] in "。！？…”:：", (a.id, p[-20:])


def test_caption_and_two_line_subhead(seed: Issue) -> None:
    a = seed.articles[2]
    kinds = [b.kind for b in a.blocks]
    captions = [b.text for b in a.blocks if b.kind is BlockKind.CAPTION]
    assert captions == ["图为比亚迪新能源汽车在深圳小漠国际物流港整装待发"]
    subheads = [b.text for b in a.blocks if b.kind is BlockKind.SUBHEAD]
    assert subheads == ["数据提振信心\n新动能新优势不断培育壮大"]
    after = a.blocks[kinds.index(BlockKind.SUBHEAD) + 1].text
    assert after.startswith("随着河北省在新能源领域一系列扶持政策的出台落地")
    assert [b.text for b in seed.articles[4].blocks if b.kind is BlockKind.CAPTION] == [
        "图为应用中国联通AI解决方案的柴油机生产线质检工位"
    ]


def test_nothing_of_the_masthead_in_articles(seed: Issue) -> None:
    assert "赛迪出版物" in seed.pages[0].header_lines
    assert seed.pages[0].loose_text == ()
    for a in seed.articles:
        for b in a.blocks:
            assert "邮发代号" not in b.text and "今日8版" not in b.text
