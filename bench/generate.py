"""Generate a realistic multi-page issue in the seed page's text format, for benchmarks.

The filler is invented: random sentences built from a small list of common words, so nothing
is copied from real papers. The layout follows the seed's conventions — a masthead, page
headers with running-header lines, ``#``/``##``/``###`` headlines, kickers, ``——`` subtitles,
bylines, ``**本报讯**`` datelines, captions, bold sub-heads, column breaks, author tags,
cross-references and continuation markers in their various printed forms, each continued story
ending up on a later page under a shortened title with an in-marker naming its first page.

    from generate import generate_issue_text
    text = generate_issue_text(pages=200, articles_per_page=6)   # ~1,200 articles
"""

from __future__ import annotations

import random


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words(
    "发展 推进 企业 项目 建设 创新 技术 服务 城市 工作 数字 产业 市场 系统 平台 群众 社区 能力 "
    "质量 绿色 安全 数据 生产 管理 经济 研究 合作 提升 加快 持续 完善 推动 实施 开展 形成 实现 "
    "重点 基础 全面 有效 农村 学校 医院 交通 能源 材料 设备 工厂 园区 人才 资金 政策 标准 方案 "
    "机制 环境 生态 文化 旅游 消费 投资 出口 订单 用户 应用 场景 模型 网络 算力 智能 制造 装备 "
    "试点 示范 改革 开放 协同 融合 升级 转型 保障 供给 需求 效率 成本 规模 效益 体系 布局 链条"
)
NAMES = _words(
    "林舟 沈岚 苏禾 韦航 宁川 东篱 秦禾 文骁 安禾 江帆 书禾 城简 川语 晓岸 林溪 新禾 杜若"
)
REPORTERS = _words("李晓岚 赵一鸣 孟川 韩露 方知远 唐语 郑可 顾南星 何清 赵一然 唐宁 周立帆")
LABELS = _words("要闻 综合 经济 产业 应用 视点 国际 文化 体育 理论 社会 科技")
KICKERS = _words("创新发展巡礼 基层治理观察 数字经济新动能 一线调研 走进新时代 产业升级进行时")

_CN = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (for page numbers in markers)."""
    if n >= 1000:
        return "".join(_CN[int(d)] for d in str(n))  # positional: 一〇二四
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _CN[hundreds] + "百"
    if rest < 10:
        return _CN[hundreds] + "百零" + _CN[rest]
    tail = to_chinese(rest)
    return _CN[hundreds] + "百" + ("一" + tail if tail.startswith("十") else tail)


def _out_marker(rng: random.Random, page: int) -> str:
    form = rng.randrange(5)
    if form == 0:
        return f"(下转第{page}版)"
    if form == 1:
        return f"（下转第{to_chinese(page)}版）"
    if form == 2:
        return f"下转{page:02d}版"
    if form == 3:
        return f"(转第{page}版)"
    return f"（下转第{page}版）"


def _in_marker(rng: random.Random, page: int) -> str:
    form = rng.randrange(5)
    if form == 0:
        return f"(上接第{page}版)"
    if form == 1:
        return f"（上接第{to_chinese(page)}版）"
    if form == 2:
        return f"◀上接{page:02d}版"
    if form == 3:
        return f"(接第{page}版)"
    return f"(紧接第{page}版)"


class _Filler:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self) -> str:
        rng = self.rng
        clauses = [
            "".join(rng.choices(WORDS, k=rng.randint(3, 7))) for _ in range(rng.randint(2, 4))
        ]
        if rng.random() < 0.3:
            clauses[0] += f"{rng.randint(2, 98)}.{rng.randint(1, 9)}%"
        return "，".join(clauses) + "。"

    def paragraph(self) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def title(self) -> str:
        return "".join(self.rng.choices(WORDS, k=self.rng.randint(4, 8)))


def _article(
    f: _Filler,
    title: str,
    *,
    out_page: int | None,
    in_page: int | None,
    see_page: int | None,
    level: str,
) -> list[str]:
    rng = f.rng
    lines: list[str] = []
    if in_page is None and rng.random() < 0.15:
        lines.append(f"## {rng.choice(KICKERS)}")
        lines.append(f"### {title}")
        lines.append("——访" + "".join(rng.choices(WORDS, k=4)) + "负责人" + rng.choice(REPORTERS))
    else:
        lines.append(f"{level} {title}")
    paragraphs = [f.paragraph() for _ in range(rng.randint(3, 9))]
    if in_page is not None:
        paragraphs[0] = _in_marker(rng, in_page) + paragraphs[0]
    elif rng.random() < 0.5:
        paragraphs[0] = "**本报讯** " + paragraphs[0]
    else:
        lines.append("本报记者 " + " ".join(rng.sample(REPORTERS, 2)))
    if see_page is not None:
        paragraphs[1] = paragraphs[1][:-1] + f"（相关报道见第{to_chinese(see_page)}版）。"
    body: list[str] = []
    for i, para in enumerate(paragraphs):
        if i == 2 and rng.random() < 0.3:
            body.append("")
            body.append("图为" + "".join(rng.choices(WORDS, k=6)))
        if i == 3 and rng.random() < 0.3:
            body.append(f"**{f.title()}**  ")
            if rng.random() < 0.5:
                body.append(f"**{f.title()}**  ")
        if 0 < i < len(paragraphs) - 1 and rng.random() < 0.25:
            cut = rng.randint(5, max(6, len(para) - 5))
            body.append(para[:cut])
            body.append("")
            body.append(para[cut:])
        else:
            body.append(para)
    if out_page is not None:
        body[-1] += _out_marker(rng, out_page)
    else:
        body[-1] += f"({rng.choice(NAMES)})" if rng.random() < 0.5 else f"（{rng.choice(NAMES)}）"
    for line in body:
        lines.append(line)
    return lines


def generate_issue_text(pages: int, articles_per_page: int, seed: int = 0) -> str:
    """A multi-page issue: ``pages`` pages of about ``articles_per_page`` stories each.

    About one story in five continues on a later page (up to three pages on), where its
    second part carries a shortened title and an in-marker; some paragraphs are cut by column
    breaks, and page headers alternate between ``第N版 栏目`` and ``第0N版：栏目`` forms.
    """
    rng = random.Random(seed)
    f = _Filler(rng)
    # plan continuations: (from page, title) -> to page; parts land on their target pages
    incoming: dict[int, list[tuple[int, str]]] = {}
    out_lines: list[str] = [
        "主管：虚构省科学技术协会",
        "主办：星河科技报社 星河数字传媒有限公司",
        "星河科技报社出版",
        "国内统一连续出版物号：CN 99-9999",
        "邮发代号：9-99",
        "http://www.xinghe-keji.example",
        "2025年6月18日",
        "星期三",
        f"今日{pages}版",
        "第88期(总第8888期)",
        "",
    ]
    for page in range(1, pages + 1):
        if page > 1:
            label = rng.choice(LABELS)
            header = f"第{page}版 {label}" if page % 2 else f"第{page:02d}版：{label}"
            out_lines += [
                "",
                "2025年6月18日 星期三",
                header,
                f"责任编辑：{rng.choice(REPORTERS)}",
                "",
            ]
        for in_page, title in incoming.pop(page, []):
            short = title[len(title) // 3 :]
            out_lines += _article(
                f, short, out_page=None, in_page=in_page, see_page=None, level="##"
            )
            out_lines.append("")
        for n in range(articles_per_page):
            title = f.title()
            out_page = None
            if page < pages and rng.random() < 0.2:
                out_page = min(pages, page + rng.randint(1, 3))
                incoming.setdefault(out_page, []).append((page, title))
            see = rng.randint(1, pages) if rng.random() < 0.05 else None
            level = "#" if n == 0 else rng.choice(("##", "##", "###"))
            out_lines += _article(
                f, title, out_page=out_page, in_page=None, see_page=see, level=level
            )
            out_lines.append("")
    return "\n\n".join(line for line in out_lines if line) + "\n"


if __name__ == "__main__":  # pragma: no cover - a quick look at the output
    import sys

    args = [int(a) for a in sys.argv[1:3]] or [4, 5]
    sys.stdout.write(generate_issue_text(*args))
