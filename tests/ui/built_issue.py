"""An issue built directly from the model, covering every shape the reading app must show.

Used by the UI tests so they do not depend on the reader: kickers, subtitles, bylines,
datelines, author tags, sub-heads and captions, continuation links resolved both ways, two
continued stories landing on one page, a see-also link, a gap in the page numbers (no page 4)
and a hostile headline and body that must show literally.
"""

from __future__ import annotations

import datetime as dt

from tui_paper.model import (
    Article,
    Block,
    BlockKind,
    Issue,
    Link,
    LinkKind,
    Masthead,
    Page,
)

HOSTILE_TITLE = "[视频] 标题 [/]"
HOSTILE_BODY = "[bold red]x[/bold red] [@click=app.quit]y[/]"


def _p(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text)


LONG_PARAGRAPH = (
    "山城新区今年计划完成固定资产投资1200亿元，其中5G基站新增2024座，AI算力中心一期投入运行。"
    "区政府表示，将继续“稳字当头、进中求好”，把营商环境建设放在更加突出的位置，"
    "推动制造业高端化、智能化、绿色化发展。"
)


def build_issue() -> Issue:
    """The built issue: pages 1, 2, 3 and 5 (page 4 is missing on purpose)."""
    a11 = Article(
        id="1-1",
        page=1,
        kicker="坚持稳中求进",
        title="山城新区一季度工业产值增长百分之八",
        subtitle="——新动能持续壮大",
        byline="本报记者 林晓 实习记者 周远",
        dateline="本报山城4月17日电",
        blocks=(
            _p(LONG_PARAGRAPH),
            Block(BlockKind.SUBHEAD, "新项目加快落地"),
            _p("新区管委会负责人介绍，一季度新开工项目46个，总投资超过300亿元。" * 3),
            Block(BlockKind.CAPTION, "图为新区智能工厂生产线。本报记者 林晓 摄"),
            _p("业内人士认为，新区的产业链条正在向上下游延伸。" * 4),
        ),
        links=(
            Link(LinkKind.CONTINUES_TO, 2, "2-1", "2"),
            Link(LinkKind.SEE_ALSO, 5, None, "五"),
        ),
    )
    a12 = Article(
        id="1-2",
        page=1,
        title="全市春耕备耕有序推进",
        byline="本报记者 陈雨",
        blocks=(_p("全市已落实春播面积一百二十万亩，农资储备充足。" * 5),),
        links=(Link(LinkKind.CONTINUES_TO, 2, "2-2", "二"),),
    )
    a13 = Article(
        id="1-3",
        page=1,
        title=HOSTILE_TITLE,
        blocks=(_p(HOSTILE_BODY), _p("这一段只是普通文字。")),
        author="江河",
    )
    a21 = Article(
        id="2-1",
        page=2,
        title="山城新区工业产值增长",
        blocks=(
            _p("二季度，新区将围绕集成电路、新能源汽车等重点产业开展招商。" * 4),
            _p("（完）"),
        ),
        author="林晓",
        links=(Link(LinkKind.CONTINUED_FROM, 1, "1-1", "1"),),
    )
    a22 = Article(
        id="2-2",
        page=2,
        title="春耕备耕有序推进",
        blocks=(_p("各地农技人员深入田间地头开展技术指导。" * 4),),
        links=(Link(LinkKind.CONTINUED_FROM, 1, "1-2", "一"),),
    )
    a23 = Article(
        id="2-3",
        page=2,
        kicker="民生关注",
        title="社区食堂开进老旧小区",
        blocks=(_p("首批12家社区食堂本月开业，老人用餐可享优惠。" * 3),),
    )
    a31 = Article(
        id="3-1",
        page=3,
        title="科技馆新展厅对外开放",
        subtitle="——展出量子计算与航天互动项目",
        blocks=(_p("新展厅面积三千平方米，设有五个主题展区。" * 6),),
        links=(Link(LinkKind.SEE_ALSO, 1, "1-1", "一"),),
    )
    a51 = Article(
        id="5-1",
        page=5,
        kicker="相关报道",
        title="新区产业链延伸的三个观察",
        blocks=(_p("观察之一：配套企业向园区集聚。" * 6),),
    )
    masthead = Masthead(
        name="山城日报",
        publisher="山城日报社出版",
        date=dt.date(2025, 4, 18),
        weekday="星期五",
        page_count=5,
        issue_number=88,
        total_issue_number=12345,
    )
    return Issue(
        masthead=masthead,
        pages=(
            Page(1, "要闻", (a11, a12, a13)),
            Page(2, "综合", (a21, a22, a23)),
            Page(3, "文化", (a31,)),
            Page(5, "观察", (a51,)),
        ),
        source="built-in test issue",
    )
