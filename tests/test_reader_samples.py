"""The two bundled sample issues, checked against what sample_issues/README.md says they hold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tui_paper.model import Article, BlockKind, Issue
from tui_paper.reader import load_issue

SAMPLES = Path(__file__).resolve().parents[1] / "sample_issues"
TIANGONG = SAMPLES / "tiangong-2025-04-18"
HEWAN = SAMPLES / "hewan-daily-2025-05-06.txt"


@pytest.fixture(scope="module")
def tiangong() -> Issue:
    return load_issue(TIANGONG)


@pytest.fixture(scope="module")
def hewan() -> Issue:
    return load_issue(HEWAN)


def art(issue: Issue, article_id: str) -> Article:
    found = issue.article(article_id)
    assert found is not None, article_id
    return found


def texts(a: Article, kind: BlockKind = BlockKind.PARAGRAPH) -> list[str]:
    return [b.text for b in a.blocks if b.kind is kind]


# ---- 《天工科技报》, a folder of pages ---------------------------------------------------------


def test_tiangong_masthead(tiangong: Issue) -> None:
    m = tiangong.masthead
    assert m.supervisor == "天工省科学技术厅"
    assert m.sponsors == ("天工科技报社", "天工数字传媒集团有限公司")
    assert (m.publisher, m.name) == ("天工科技报社", "天工科技报")
    assert (m.serial, m.postal_code) == ("CN 12-3456", "7-77")
    assert m.url == "http://www.tiangong-keji.example"
    assert (m.date, m.weekday, m.page_count) == (dt.date(2025, 4, 18), "星期五", 8)
    assert (m.issue_number, m.total_issue_number) == (15, 1203)


def test_tiangong_pages_and_running_headers(tiangong: Issue) -> None:
    assert [(p.number, p.label) for p in tiangong.pages] == [
        (1, None),
        (2, "综合"),
        (3, "产业"),
        (4, "应用"),
        (5, "视点"),
    ]
    p2 = tiangong.page(2)
    assert p2 is not None
    assert p2.header_lines == (
        "2025年4月18日 星期五",
        "第02版：综合",
        "责任编辑：王若谷",
        "电话：010-12345678",
    )
    assert [len(p.articles) for p in tiangong.pages] == [5, 3, 3, 3, 5]


def test_tiangong_headlines(tiangong: Issue) -> None:
    a = art(tiangong, "1-2")
    assert (a.kicker, a.title) == ("工业软件自主创新巡礼", "把“数字孪生”写进每一条产线")
    assert a.subtitle == "——访星衡工业软件公司首席架构师宋清远"
    assert a.byline == "本报记者 李晓岚 实习记者 赵一鸣"
    assert texts(a, BlockKind.CAPTION) == [
        "图为星衡工业软件公司工程师在调试一条汽车焊装线的数字孪生模型"
    ]
    b = art(tiangong, "4-3")
    assert (b.kicker, b.title, b.author) == (
        "基层医疗数字化观察",
        "AI辅助诊断走进乡镇卫生院",
        "秦禾",
    )
    assert b.subtitle == "——记青禾县卫生院的“云端会诊室”"


def test_tiangong_datelines_and_authors(tiangong: Issue) -> None:
    assert art(tiangong, "1-1").dateline == "本报讯"
    c = art(tiangong, "1-3")
    assert c.dateline == "本报北京4月17日电"
    assert texts(c)[0].startswith("记者从工业和信息化部获悉，")
    d = art(tiangong, "1-4")
    assert d.dateline == "本报讯 记者周立帆报道"
    assert texts(d)[0].startswith("4月15日，")
    assert d.author == "林舟"
    authors = {a.id: a.author for a in tiangong.articles}
    assert authors["2-2"] == "沈岚" and authors["3-1"] == "韦航" and authors["5-5"] == "安禾"
    assert authors["1-1"] is None and authors["3-2"] is None and authors["5-1"] is None
    assert art(tiangong, "2-3").byline == "记者 孟川 韩露"


def test_tiangong_subheads(tiangong: Issue) -> None:
    assert texts(art(tiangong, "2-1"), BlockKind.SUBHEAD) == ["算力券首次覆盖中小企业"]
    assert texts(art(tiangong, "3-2"), BlockKind.SUBHEAD) == [
        "从“能用”到“好用”\n国产工业软件需要更多应用场景"
    ]
    assert texts(art(tiangong, "3-3"), BlockKind.SUBHEAD) == [
        "从“卖产品”到“建工厂”",
        "人才和标准是“必修课”",
    ]


def test_tiangong_continuations(tiangong: Issue) -> None:
    pairs = {
        a.id: (a.continues_to.page, a.continues_to.article)
        for a in tiangong.articles
        if a.continues_to
    }
    assert pairs == {
        "1-1": (2, "2-2"),
        "1-2": (3, "3-2"),
        "1-3": (3, "3-1"),
        "2-1": (4, "4-1"),
        "1-5": (7, None),
    }
    back = {a.id: a.continued_from.article for a in tiangong.articles if a.continued_from}
    assert back == {"2-2": "1-1", "3-1": "1-3", "3-2": "1-2", "4-1": "2-1"}
    assert [lk.page for lk in art(tiangong, "1-4").see_also] == [4]


def test_tiangong_markers_leave_the_text(tiangong: Issue) -> None:
    for a in tiangong.articles:
        for b in a.blocks:
            assert "转" not in b.text[-8:] and "上接" not in b.text[:8], (a.id, b.text)
            assert b.text.strip(), a.id
    assert texts(art(tiangong, "2-2"))[0].startswith("专家组同时指出，")
    assert texts(art(tiangong, "1-3"))[-1].endswith("。")


@pytest.mark.parametrize(
    ("article_id", "end", "start"),
    [
        ("1-1", "为下一步向更大规模扩展", "预留了充足空间。"),
        ("1-2", "仅一条冲压线就整理出了2000多条", "工艺规则。"),
        ("2-1", "满足工业控制、自动驾驶等低时延", "业务的需要。"),
        ("2-3", "平台将进行公示并督促", "管理单位改进开放服务。"),
        ("3-3", "新增订单同比增长了", "一倍以上。"),
        ("4-1", "对能效不达标的老旧机房", "分批实施节能改造，"),
        ("5-1", "让深奥的知识变得", "看得见、摸得着。"),
    ],
)
def test_tiangong_column_breaks(tiangong: Issue, article_id: str, end: str, start: str) -> None:
    assert any(end + start in t for t in texts(art(tiangong, article_id)))


# ---- 《河湾日报》, one multi-page file ----------------------------------------------------------


def test_hewan_masthead(hewan: Issue) -> None:
    m = hewan.masthead
    assert (m.supervisor, m.sponsors) == ("中共河湾市委", ("河湾日报社",))
    assert (m.publisher, m.name) == ("河湾日报社", "河湾日报")
    assert (m.serial, m.postal_code) == ("CN 99-0021", "88-16")
    assert (m.date, m.weekday, m.page_count) == (dt.date(2025, 5, 6), "星期二", 8)
    assert (m.issue_number, m.total_issue_number) == (126, 15230)


def test_hewan_pages_headers_and_form_feeds(hewan: Issue) -> None:
    assert [(p.number, p.label, p.code) for p in hewan.pages] == [
        (1, "要闻", None),
        (2, "要闻", None),
        (3, None, None),
        (4, None, "A4"),
        (5, None, None),
    ]
    assert hewan.pages[3].header_lines == ("2025年5月6日 星期二", "A4版", "责任编辑：梁月")
    assert hewan.pages[2].header_lines == ("第三版", "责任编辑：孙屿", "电话：0999-6543210")
    assert [len(p.articles) for p in hewan.pages] == [5, 3, 3, 3, 4]


def test_hewan_articles(hewan: Issue) -> None:
    a = art(hewan, "1-1")
    assert a.dateline == "本报讯 记者张远帆报道"
    assert texts(a)[0].startswith("5月5日，")
    b = art(hewan, "1-2")
    assert (b.kicker, b.title) == ("擦亮城市生态底色", "沿河绿道全线贯通 串起十二座口袋公园")
    assert b.byline == "本报记者 何清 实习记者 赵一然"
    c = art(hewan, "1-3")
    assert [lk.page for lk in c.see_also] == [2, 4]
    assert c.author == "杜若"
    d = art(hewan, "2-2")
    assert d.subtitle == "——在全市一季度经济运行分析会上的讲话（摘要）"
    assert texts(d, BlockKind.SUBHEAD) == ["抓项目就是抓发展\n抓投资就是抓未来"]
    assert any("需要协调的及时上报，确保二季度" in t for t in texts(d))
    assert art(hewan, "1-4").dateline == "本报北京5月5日电"
    assert art(hewan, "3-3").byline == "记者 韩冬 许宁"
    assert [x.author for x in hewan.pages[4].articles] == ["川语", "城简", "城简", "城简"]


def test_hewan_continuations(hewan: Issue) -> None:
    pairs = {
        a.id: (a.continues_to.page, a.continues_to.article)
        for a in hewan.articles
        if a.continues_to
    }
    assert pairs == {
        "1-1": (2, "2-1"),
        "1-2": (3, "3-2"),
        "1-4": (3, "3-1"),
        "1-5": (4, "4-1"),
        "2-3": (8, None),
    }
    back = {a.id: a.continued_from.article for a in hewan.articles if a.continued_from}
    assert back == {"2-1": "1-1", "3-1": "1-4", "3-2": "1-2", "4-1": "1-5"}


@pytest.mark.parametrize(
    ("article_id", "end", "start"),
    [
        ("1-1", "一旦出现质量波动就能迅速", "追溯到具体工位和批次。"),
        ("1-2", "让市民在散步时也能读到这座城市的", "往事。"),
        ("3-3", "审批时间从原来的", "45个工作日压缩到15个工作日。"),
        ("4-2", "服务保障就跟进到", "哪里。"),
        ("5-1", "抢修队的工作重心正在从汛期抢险", "转向汛前排查。"),
    ],
)
def test_hewan_column_breaks(hewan: Issue, article_id: str, end: str, start: str) -> None:
    assert any(end + start in t for t in texts(art(hewan, article_id)))


@pytest.mark.parametrize("issue_name", ["tiangong", "hewan"])
def test_captions_never_join(issue_name: str, request: pytest.FixtureRequest) -> None:
    issue: Issue = request.getfixturevalue(issue_name)
    captions = [b.text for a in issue.articles for b in a.blocks if b.kind is BlockKind.CAPTION]
    assert len(captions) == 2
    assert all(c.startswith("图为") and "。" not in c for c in captions)


@pytest.mark.parametrize("issue_name", ["tiangong", "hewan"])
def test_only_dangling_continuations_warn(issue_name: str, request: pytest.FixtureRequest) -> None:
    issue: Issue = request.getfixturevalue(issue_name)
    assert len(issue.warnings) == 1
    assert "not in this issue" in issue.warnings[0]
