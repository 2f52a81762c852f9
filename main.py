"""绩效自评填报 — the one entry point.

``python main.py`` opens the editor; ``python main.py FILE.jxzp`` opens a file;
subcommands (``new``, ``check``, ``rollover``, ``export``, ``import``) work
without a window. Every failure a user can cause ends with a Chinese message
on stderr and exit code 2 (1 for ``check`` with error-level findings).
"""
from __future__ import annotations

import argparse
import re
import sys

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2

SUBCOMMANDS = ("new", "check", "rollover", "export", "import", "profiles", "collect")


class CliError(Exception):
    """A user-facing failure: message (Chinese) and exit code."""

    def __init__(self, message: str, code: int = EXIT_UNREADABLE):
        super().__init__(message)
        self.code = code


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


# --------------------------------------------------------------------------- helpers

def _load(path: str):
    from model import store
    try:
        return store.load(path)
    except store.StoreError as e:
        raise CliError(str(e)) from None


def _same_file(a: str, b: str) -> bool:
    """Whether two paths name one file: also through another spelling, a symbolic link
    or a hard link (``os.path.samefile`` when both exist)."""
    import os
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except (OSError, ValueError):
        pass
    try:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))
    except (OSError, ValueError):
        return False


def _check_outputs(inputs: list[str], outputs: list[tuple[str, str]], force: bool) -> None:
    """Refuse an output that is one of the inputs or another output, and an existing
    output without ``--force`` (``outputs``: (option, path))."""
    import os
    seen: list[tuple[str, str]] = []
    for option, out in outputs:
        for src in inputs:
            if _same_file(out, src):
                raise CliError(f"{option} 指定的输出文件“{out}”就是输入文件“{src}”，导出或保存会覆盖它。"
                               "请换一个文件名")
        for other_option, other in seen:
            if _same_file(out, other):
                raise CliError(f"{other_option} 和 {option} 指定了同一个文件“{out}”，请分别指定不同的文件名")
        try:
            exists = os.path.lexists(out)
            is_dir = os.path.isdir(out)
        except (OSError, ValueError):
            exists = is_dir = False
        if is_dir:
            raise CliError(f"{option} 指定的“{out}”是一个文件夹，请指定文件名（如 {os.path.join(out, '报告')}…）")
        if exists and not force:
            raise CliError(f"文件“{out}”已存在。请换一个文件名，或加 --force 覆盖"
                           "（.jxzp 文件的原文件保留为 .bak 备份）")
        seen.append((option, out))


def _save(report, path: str, force: bool = False, inputs: tuple[str, ...] = ()) -> None:
    """Save a newly made document; an existing file is only replaced with ``--force``."""
    from model import store
    _check_outputs(list(inputs), [("-o", path)], force)
    try:
        warning = store.save(report, path)
    except store.StoreError as e:
        raise CliError(str(e)) from None
    if warning:
        sys.stderr.write(f"警告：{warning}\n")


def _check_year(year) -> None:
    from model.report import year_problem
    problem = year_problem(year) if year is not None else None
    if problem:
        raise CliError(problem)


# --------------------------------------------------------------------------- commands

def cmd_new(args) -> int:
    from model import profiles
    from model.report import new_report
    if not profiles.is_known(args.profile):
        names = "、".join(p.id for p in profiles.list_profiles())
        raise CliError(f"没有名为“{args.profile}”的指标体系，可选：{names}")
    _check_year(args.year)
    if not args.unit.strip():
        raise CliError("预算单位名称不能为空，请用 --unit 给出，如 --unit \"青溪县总工会\"")
    report = new_report(args.year, args.unit.strip(), args.profile)
    _save(report, args.output, args.force)
    _out(f"已新建 {args.year} 年度“{args.unit.strip()}”自评文件：{args.output}")
    return EXIT_OK


def cmd_profiles(args) -> int:
    from model.profiles.describe import listing
    _out("\n".join(listing()))
    return EXIT_OK


def cmd_check(args) -> int:
    from model import summary
    report = _load(args.file)
    result = summary.summarize(report)
    if args.json:
        import json
        _out(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _out(result.to_text())
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def cmd_rollover(args) -> int:
    from model import rollover
    _check_year(args.year)
    old = _load(args.old)
    try:
        new, review = rollover.roll_over(old, args.year)
    except rollover.RolloverError as e:
        raise CliError(str(e)) from None
    _save(new, args.output, args.force, (args.old,))
    _out(f"已从 {old.info.year} 年度结转为 {new.info.year} 年度：{args.output}")
    if review:
        _out(f"以下 {len(review)} 处内容已自动调整年份或需要复核：")
        for item in review:
            _out(f"  - {item}")
    carried = sum(1 for it in new.review if it.kind in ("rollover.amount", "rollover.target"))
    if carried:
        _out(f"另有 {carried} 项沿用上年的上年决算数和年度指标值已记入复核清单（check 以提示列出）")
    return EXIT_OK


def cmd_export(args) -> int:
    if not (args.xlsx or args.pdf or args.txt or args.docx):
        raise CliError("请至少指定一种导出格式：--xlsx、--pdf、--docx 或 --txt")
    outputs = [(f"--{key}", getattr(args, key)) for key in ("xlsx", "pdf", "docx", "txt") if getattr(args, key)]
    _check_outputs([args.file], outputs, args.force)
    report = _load(args.file)
    import export
    try:
        for line in export.export_all(report, xlsx=args.xlsx, pdf=args.pdf, txt=args.txt,
                                      docx=args.docx, verbose=args.verbose):
            _out(line)
    except export.ExportError as e:
        raise CliError(str(e)) from None
    return EXIT_OK


def cmd_import(args) -> int:
    import importers
    _check_year(args.year)
    _check_outputs(list(args.sources), [("-o", args.output)], args.force)
    try:
        report, summary_lines = importers.import_files(args.sources, year=args.year, rollover=args.rollover)
    except importers.ImportError_ as e:
        raise CliError(str(e)) from None
    _save(report, args.output, args.force, tuple(args.sources))
    for line in summary_lines:
        _out(line)
    _out(f"已保存：{args.output}")
    return EXIT_OK


def cmd_collect(args) -> int:
    """汇总: one line per file (收录 / 更新 / 跳过 + why) and a total; exit 1 when a file was skipped
    as unreadable, 2 when the 汇总库 cannot be used (network share, busy, damaged)."""
    from model.collection.db import DEFAULT_WAIT_S, DbError, SummaryDb
    from model.collection.location import default_db_path
    from model.dates import parse_day
    deadline = parse_day(args.deadline) if args.deadline is not None else None
    if args.deadline is not None and deadline is None:
        raise CliError(f"报送截止日期“{args.deadline}”无法识别，请写成 2025-04-30 的形式")
    if not (args.inputs or args.xlsx or args.sample):
        raise CliError("请指定要汇总的文件或文件夹，或用 --xlsx 导出汇总表、--sample 抽查")
    db_path = args.db or str(default_db_path())
    skipped_bad = False
    try:
        with SummaryDb(db_path, DEFAULT_WAIT_S if args.wait is None else args.wait) as db:
            if args.inputs:
                from importers.collection import SKIPPED, collect, totals_line
                outcomes = []
                for outcome in collect(args.inputs, db, deadline):
                    outcome.entry = None          # only the line is kept: memory stays flat
                    outcomes.append(outcome)
                    _out(outcome.line())
                    skipped_bad |= outcome.status == SKIPPED and not outcome.detail.startswith("内容未变")
                _out(totals_line(outcomes, db_path))
            if args.sample:
                from model.collection.sample import draw
                for line in draw(db, args.sample, args.seed, args.year).lines():
                    _out(line)
            if args.xlsx:
                from export import ExportError
                from export.summary_table import write_summary_xlsx
                entries = db.entries()
                try:
                    write_summary_xlsx(entries, args.xlsx, reviews=db.all_reviews())
                except ExportError as e:
                    raise CliError(str(e)) from None
                _out(f"已导出汇总表（{len(entries)} 份报告）：{args.xlsx}")
    except DbError as e:
        raise CliError(str(e)) from None
    return EXIT_FINDINGS if skipped_bad else EXIT_OK


# --------------------------------------------------------------------------- parser

_USAGE_ERRORS = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少必需的参数：{0}"),
    (re.compile(r"argument (.+?): invalid int value: '(.*)'"), "参数 {0} 的值“{1}”不是整数"),
    (re.compile(r"argument (.+?): expected one argument"), "参数 {0} 后面需要一个值"),
    (re.compile(r"argument (.+?): invalid choice: '(.*?)'.*"), "参数 {0} 的取值“{1}”无效"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{0}"),
)


def _display_width(text: str) -> int:
    """Columns a text takes in a terminal: a Chinese character takes two."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _Formatter(argparse.HelpFormatter):
    """Help text headed “用法：”, section headers with a Chinese colon, and the help column
    aligned when option names carry Chinese metavars (which take two columns each)."""

    _HEADINGS = ("位置参数", "选项")

    def __init__(self, prog, indent_increment=2, max_help_position=30, width=None):
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def add_argument(self, action):
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action)]
            invocations += [self._format_action_invocation(a) for a in self._iter_indented_subactions(action)]
            width = max(_display_width(s) for s in invocations) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)

    def _format_action(self, action):
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = _display_width(header) - len(header)
        first, sep, rest = text.partition("\n")
        at = first.find(header)
        if extra and at >= 0:
            end = at + len(header)
            gap = len(first) - end - len(first[end:].lstrip(" "))
            if gap - extra >= 2:
                first = first[:end] + first[end + extra:]
            elif first[end:].strip():      # too wide for the column: the help on a line of its own
                help_at = min(self._action_max_length + 2, self._max_help_position)
                first = first[:end] + "\n" + " " * help_at + first[end:].lstrip(" ")
        return first + sep + rest

    def format_help(self):
        text = super().format_help()
        for heading in self._HEADINGS:
            text = text.replace(f"\n{heading}:\n", f"\n{heading}：\n")
        return text


class _Parser(argparse.ArgumentParser):
    """argparse in Chinese: usage, section headers, -h and the usage errors (exit code 2,
    no traceback). Subcommand parsers are made of this class too."""

    def __init__(self, *args, add_help: bool = True, **kw):
        kw.setdefault("formatter_class", _Formatter)
        super().__init__(*args, add_help=False, **kw)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="显示本帮助并退出")

    def error(self, message: str):
        text = f"命令行参数有误：{message}"
        for pattern, template in _USAGE_ERRORS:
            m = pattern.fullmatch(message)
            if m:
                text = template.format(*m.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"错误：{text}。用法见 python main.py --help\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jxzp", description="绩效自评填报：部门整体支出绩效自评报告及附表的填报、审核与导出。")
    sub = p.add_subparsers(dest="command", metavar="命令")

    s = sub.add_parser("new", help="新建一个自评文件")
    s.add_argument("-o", "--output", required=True, metavar="文件", help="新文件路径（.jxzp）")
    s.add_argument("--year", type=int, required=True, metavar="年度", help="评价年度，如 2024")
    s.add_argument("--unit", required=True, metavar="单位", help="预算单位名称")
    s.add_argument("--profile", default="hunan", metavar="规则集", help="规则集 id（默认 hunan），可选项见 python main.py profiles")
    s.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（原文件保留为 .bak）")
    s.set_defaults(func=cmd_new)

    s = sub.add_parser("check", help="审核一个自评文件，列出问题和得分")
    s.add_argument("file", metavar="文件", help="要审核的 .jxzp 文件")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("rollover", help="从上年文件结转出下一年度文件")
    s.add_argument("old", metavar="上年文件", help="上一年度的 .jxzp 文件")
    s.add_argument("-o", "--output", required=True, metavar="文件", help="新年度文件路径（.jxzp）")
    s.add_argument("--year", type=int, default=None, metavar="年度", help="新年度（默认为上年 + 1）")
    s.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（原文件保留为 .bak）")
    s.set_defaults(func=cmd_rollover)

    s = sub.add_parser("export", help="导出 Excel 附表、PDF、Word 或纯文本")
    s.add_argument("file", metavar="文件", help="要导出的 .jxzp 文件")
    s.add_argument("--xlsx", metavar="路径", help="导出 Excel 附表到此路径")
    s.add_argument("--pdf", metavar="路径", help="导出 PDF（正文 + 附表）到此路径")
    s.add_argument("--docx", metavar="路径", help="导出 Word 正文到此路径")
    s.add_argument("--txt", metavar="路径", help="导出正文纯文本到此路径")
    s.add_argument("--verbose", action="store_true", help="显示所用字体等详细信息")
    s.add_argument("--force", action="store_true",
                   help="输出文件已存在时覆盖（先写完新文件再替换；.jxzp 原文件保留为 .bak）")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("import", help="从上年的 Excel 附表和/或 Word 报告导入")
    s.add_argument("sources", nargs="+", metavar="上年文件",
                   help="上年的 Excel 附表（.xlsx）和/或 Word 报告（.docx）")
    s.add_argument("-o", "--output", required=True, metavar="文件", help="生成的 .jxzp 文件路径")
    s.add_argument("--year", type=int, default=None, metavar="年度",
                   help="评价年度（文件中识别不出时必须给出）")
    s.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（原文件保留为 .bak）")
    s.add_argument("--rollover", action="store_true", help="导入后直接结转，生成下一年度报告")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("profiles", help="列出评分规则集（内置及用户文件夹中的）和无法使用的规则集文件")
    s.set_defaults(func=cmd_profiles)

    s = sub.add_parser("collect", help="汇总多个单位的自评文件到汇总库，可导出汇总表、抽查")
    s.add_argument("inputs", nargs="*", metavar="文件", help=".jxzp 文件、上年 .xlsx/.docx 或文件夹（可不填，只导出或抽查）")
    s.add_argument("--db", default=None, metavar="汇总库", help="汇总库文件（默认：用户数据文件夹中的 汇总库.sqlite）")
    s.add_argument("--xlsx", default=None, metavar="文件", help="导出汇总表（Excel）到此路径")
    s.add_argument("--sample", type=int, default=None, metavar="N", help="抽查：随机抽取 N 个单位")
    s.add_argument("--seed", type=int, default=None, metavar="种子", help="抽查的随机种子（同一种子抽取结果相同）")
    s.add_argument("--year", type=int, default=None, metavar="年度", help="抽查的年度（默认为汇总库中最新的年度）")
    s.add_argument("--deadline", default=None, metavar="日期", help="报送截止日期（如 2025-04-30），用于考核评分“按时报送”")
    s.add_argument("--wait", type=float, default=None, metavar="秒", help="汇总库被其他程序占用时最多等待的秒数（默认 5）")
    s.set_defaults(func=cmd_collect)
    return p


def _tolerant_streams() -> None:
    """A character the console cannot show is replaced, never a traceback (Windows consoles)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass


def os_error_message(e: OSError) -> str:
    """An operating-system error in Chinese, naming the file or folder it concerns."""
    from model.store import _reason
    reason = _reason(e)
    if isinstance(e, IsADirectoryError):
        reason = "这是一个文件夹，不是文件"
    elif isinstance(e, FileNotFoundError):
        reason = "文件或文件夹不存在"
    elif isinstance(e, PermissionError):
        reason = "没有权限访问（文件可能正在被其他程序使用，或为只读）"
    name = e.filename if e.filename is not None else None
    return f"无法访问“{name}”：{reason}" if name else f"文件操作失败：{reason}"


def run_cli(argv: list[str]) -> int:
    _tolerant_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CliError as e:
        sys.stderr.write(f"错误：{e}\n")
        return e.code
    except BrokenPipeError:
        raise
    except OSError as e:        # one a command did not foresee: still Chinese, with the path
        sys.stderr.write(f"错误：{os_error_message(e)}\n")
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130


def _unknown_command(word: str) -> bool:
    """Whether the first argument is a mistyped command rather than a file to open."""
    import os
    if not word or word.startswith("-") or any(c in word for c in "./\\:"):
        return False
    try:
        return not os.path.exists(word)
    except (OSError, ValueError):
        return False


def _report_unknown_command(word: str) -> int:
    import difflib
    near = difflib.get_close_matches(word, SUBCOMMANDS, n=1, cutoff=0.5)
    hint = f"是不是要输入“{near[0]}”？" if near else ""
    sys.stderr.write(f"错误：未知命令：{word}。{hint}可用的命令：{'、'.join(SUBCOMMANDS)}"
                     "（python main.py --help 查看说明；打开文件请写出文件名，如 报告.jxzp）\n")
    return EXIT_UNREADABLE


def _quiet_stdout() -> None:
    """After the reader of a pipe went away (``| head``): send what is left to the null device,
    so that nothing more is written (nor reported) at exit."""
    import os
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _gui_args(argv: list[str]) -> argparse.Namespace:
    p = _Parser(prog="jxzp", add_help=False)
    p.add_argument("file", nargs="?")
    p.add_argument("--screenshot", metavar="截图.png")
    p.add_argument("--tab", default=None, metavar="页面")
    p.add_argument("-h", "--help", action="store_true")
    return p.parse_args(argv)


def child_process_start() -> None:
    """In the frozen program, a child process (the window's export, ``export.process``) starts
    this same executable: ``multiprocessing.freeze_support()`` runs the child's work there and
    exits, before anything of the program (the window) starts. A plain Python starts its child
    processes without this module's ``main`` (they import it as ``__mp_main__``, whose top
    level does nothing but define things), so only the frozen program pays the import."""
    if getattr(sys, "frozen", False):
        import multiprocessing
        multiprocessing.freeze_support()


def main(argv: list[str] | None = None) -> int:
    """The program; output cut off by a closed pipe (``| head``) ends it quietly with 0."""
    child_process_start()
    try:
        code = _main(list(sys.argv[1:] if argv is None else argv))
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK


def _main(argv: list[str]) -> int:
    if argv and argv[0] in SUBCOMMANDS:
        return run_cli(argv)
    if argv and _unknown_command(argv[0]):
        return _report_unknown_command(argv[0])
    gargs = _gui_args(argv)
    if gargs.help:
        build_parser().print_help()
        _out("\n不带命令运行时打开编辑窗口：python main.py [文件.jxzp] [--screenshot OUT.png [--tab 名称]]")
        return EXIT_OK
    try:
        from gui.platform_check import gui_problem
        problem = gui_problem(screenshot=bool(gargs.screenshot))   # before Qt could abort
        if problem:
            sys.stderr.write(problem + "\n")
            return EXIT_UNREADABLE
        from gui.app import run as run_gui
    except ImportError as e:  # pragma: no cover - depends on the installation
        sys.stderr.write(f"错误：无法启动图形界面（{e}）。可使用命令行子命令，见 python main.py --help\n")
        return EXIT_UNREADABLE
    return run_gui(gargs.file, screenshot=gargs.screenshot, tab=gargs.tab)


if __name__ == "__main__":
    child_process_start()       # first: a frozen export child must not reach the window
    sys.exit(main())
