"""``gcm-report``: a thin command-line wrapper over :mod:`gcm_report.pipeline.build`."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from gcm_report.errors import GcmReportError

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (no usage block) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _count(minimum: int) -> Callable[[str], int]:
    """Return an argparse type: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} is less than {minimum}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gcm-report", description="Build the GCM regional review reports.")
    sub = parser.add_subparsers(dest="command", required=True)

    common = _Parser(add_help=False)
    common.add_argument("--params", type=Path, help="params folder (default: params/)")
    common.add_argument("--outputs", type=Path, help="outputs folder (default: outputs/)")

    sub.add_parser("list", parents=[common], help="show the region × round grid and what is built")

    b = sub.add_parser("build", parents=[common], help="build reports (all by default)")
    b.add_argument("--region", action="append", help="commission code; repeatable")
    b.add_argument("--round", action="append", type=int, help="review round; repeatable")
    b.add_argument(
        "--language", action="append", help="report language (en, fr, es, ru, ar); repeatable"
    )
    b.add_argument("--engine", default="auto", help="auto (default), quarto or builtin")
    b.add_argument(
        "--jobs", type=_count(1), default=None, help="parallel reports (default: CPU cores)"
    )
    b.add_argument("--snapshot", type=Path, help="data snapshot folder (default: data/snapshot)")
    b.add_argument("--template", type=Path, help="template notebook")
    b.add_argument(
        "--force", action="store_true", help="rebuild every report, even with unchanged inputs"
    )

    lab = sub.add_parser(
        "lab",
        help="open the template in JupyterLab, on your own copy in scratch/",
        description="Open the template in JupyterLab on a scratch copy (scratch/, not tracked "
        "by git). Other options (--no-browser, --port 8890, ...) are passed to jupyter lab.",
    )
    lab.add_argument("--synthesis", action="store_true", help="open the synthesis template")
    lab.add_argument(
        "--fresh", action="store_true", help="replace the scratch copies (and your edits)"
    )
    lab.add_argument("--scratch", type=Path, help="folder of the copies (default: scratch/)")

    d = sub.add_parser("data", help="manage the data snapshot")
    dsub = d.add_subparsers(dest="data_command", required=True)
    db = dsub.add_parser("build", help="rebuild data/snapshot from the raw publisher files")
    db.add_argument("--raw", type=Path, help="raw-data folder (default: ../shared/data)")
    db.add_argument("--snapshot", type=Path, help="snapshot folder (default: data/snapshot)")
    ds = dsub.add_parser("status", help="show what the snapshot holds and what is stale")
    ds.add_argument("--snapshot", type=Path, help="snapshot folder (default: data/snapshot)")
    dp = dsub.add_parser("pull", help="download the declared raw files (checksums verified)")
    source = dp.add_mutually_exclusive_group()
    source.add_argument("--from", dest="mirror", type=Path, help="copy from a local mirror folder")
    source.add_argument(
        "--mirror-url", help="download from a mirror server laid out like the raw root"
    )
    dp.add_argument("--dest", type=Path, help="destination (default: data/raw)")
    dp.add_argument("--retries", type=_count(0), default=3, help="retries per file (default: 3)")
    return parser


def _cmd_list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from gcm_report.data.regions import COMMISSIONS
    from gcm_report.data.rounds import available_rounds
    from gcm_report.pipeline.build import DEFAULT_OUTPUTS, DEFAULT_PARAMS
    from gcm_report.pipeline.index import report_status
    from gcm_report.pipeline.params import discover_params, folder_name, load_params

    outputs = args.outputs or DEFAULT_OUTPUTS
    params = {
        (p.parent.name, p.stem): load_params(p).params
        for p in discover_params(args.params or DEFAULT_PARAMS)
    }
    table = Table(title="GCM regional review reports")
    table.add_column("Commission")
    for n in available_rounds():
        table.add_column(f"Round {n}")
    for code in (*COMMISSIONS, "synthesis"):
        cells = []
        for n in available_rounds():
            report = params.get((f"round-{n}", code))
            if report is None:
                cells.append("[dim]no params[/dim]")
                continue
            lines = []
            for language in report.languages:
                s = report_status(outputs, n, folder_name(code, language))
                if s["built"]:
                    cell = f"{language} [green]built[/green] {s['built_at']}"
                elif s["problem"]:
                    cell = f"{language} [yellow]not built[/yellow] [red](unreadable manifest)[/red]"
                else:
                    cell = f"{language} [yellow]not built[/yellow]"
                if s["failed_last"]:
                    cell += " [red](last build failed)[/red]"
                lines.append(cell)
            cells.append("\n".join(lines))
        table.add_row(code, *cells)
    Console().print(table)
    return 0


def _summary(results: list[Any]) -> Any:
    from rich.table import Table

    styles = {"built": "green", "up to date": "dim", "failed": "red", "cancelled": "yellow"}
    summary = Table(title="Summary")
    for col in ("Round", "Region", "Status", "Seconds", "Output / error"):
        summary.add_column(col)
    for r in results:
        where = str(r.output_dir) if r.ok else r.error
        style = styles.get(r.status, "")
        status = f"[{style}]{r.status}[/{style}]" if style else r.status
        summary.add_row(str(r.round), r.region, status, f"{r.seconds:.1f}", where)
    return summary


def _cmd_build(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from gcm_report.pipeline.build import (
        DEFAULT_OUTPUTS,
        DEFAULT_PARAMS,
        DEFAULT_TEMPLATE,
        BuildInterrupted,
        ReportResult,
        build,
        check_options,
        select_params,
    )

    console = Console(stderr=True)
    files = select_params(args.params or DEFAULT_PARAMS, args.region, args.round, args.language)
    template = args.template or DEFAULT_TEMPLATE
    check_options(engine=args.engine, jobs=args.jobs, template=template, snapshot_dir=args.snapshot)
    marks = {
        "built": "[green]ok[/green]",
        "up to date": "[dim]up to date[/dim]",
        "failed": "[red]FAILED[/red]",
    }
    progress = Progress(
        TextColumn("[bold]building reports"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    task = progress.add_task("build", total=len(files))

    def on_result(r: ReportResult) -> None:
        mark = marks.get(r.status, r.status)
        progress.console.print(
            f"{mark} round {r.round} {r.region} ({r.seconds:.1f}s) {escape(r.error)}",
            soft_wrap=True,  # one line per report, however long its error
        )
        progress.advance(task)

    try:
        # The bar starts once the build holds the outputs lock: a refused build prints one line.
        with contextlib.ExitStack() as stack:
            results = build(
                files,
                outputs_dir=args.outputs or DEFAULT_OUTPUTS,
                engine=args.engine,
                jobs=args.jobs,
                snapshot_dir=args.snapshot,
                template=template,
                force=args.force,
                on_start=lambda: stack.enter_context(progress),
                on_result=on_result,
            )
    except BuildInterrupted as exc:
        console.print(_summary(exc.results))
        print(f"gcm-report: {exc}", file=sys.stderr)  # one line, never wrapped
        return exc.exit_code
    console.print(_summary(results))
    failed = [r for r in results if not r.ok]
    if failed:
        console.print(f"[red]{len(failed)} of {len(results)} reports failed[/red]")
        return 1
    return 0


def _cmd_data(args: argparse.Namespace) -> int:
    from gcm_report.layout import DEFAULT_RAW_DIR, DEFAULT_SNAPSHOT_DIR, PULLED_RAW_DIR

    if args.data_command == "pull":
        from gcm_report.data.catalog import catalog
        from gcm_report.data.download import pull, summarise

        results = pull(
            catalog(),
            args.dest or PULLED_RAW_DIR,
            mirror=args.mirror,
            base_url=args.mirror_url,
            retries=args.retries,
        )
        return summarise(results)
    from gcm_report.data.snapshot import Snapshot, build_snapshot

    snapshot_dir = args.snapshot or DEFAULT_SNAPSHOT_DIR
    if args.data_command == "build":
        manifest = build_snapshot(args.raw or DEFAULT_RAW_DIR, snapshot_dir)
        for name, entry in manifest["tables"].items():
            print(f"{name}: {entry['rows']} rows ({entry['sha256'][:12]})")
        print(f"snapshot {manifest['snapshot_id']} written to {snapshot_dir}")
        return 0
    from gcm_report.data.catalog import stale_inputs

    snap = Snapshot(snapshot_dir)
    print(f"snapshot {snap.snapshot_id} in {snap.directory}")
    for name, entry in snap.manifest["tables"].items():
        vintages = sorted({snap.manifest["inputs"][p].get("vintage", "?") for p in entry["inputs"]})
        print(f"  {name}: {entry.get('rows', '?'):,} rows; {'; '.join(vintages)}")
    damaged = snap.verify()
    for problem in damaged:
        print(f"damaged: {problem}: run `gcm-report data build` (or restore it from git)")
    stale = stale_inputs(snap.manifest)
    for path in stale["changed"]:
        print(f"stale: {path} is declared with another checksum or vintage: run `data build`")
    for path in stale["undeclared"]:
        print(f"stale: {path} is no longer declared by any source module")
    for path in stale["unused"]:
        print(f"note: {path} is declared but no snapshot table reads it")
    if not (damaged or stale["changed"] or stale["undeclared"]):
        print("intact and up to date with the catalog")
    return 1 if damaged or stale["changed"] or stale["undeclared"] else 0


def _terminate_as_interrupt(signum: int, _frame: Any) -> None:
    from gcm_report.pipeline.workers import Stopped

    raise Stopped(signum)


def _cmd_lab(args: argparse.Namespace, extra: list[str]) -> int:
    from gcm_report.pipeline.lab import open_lab

    open_lab(
        "synthesis" if args.synthesis else "regional",
        scratch_dir=args.scratch,
        fresh=args.fresh,
        extra=extra,
    )
    return 0  # not reached: JupyterLab has replaced this process


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit status.

    SIGTERM (timeout, CI cancellation, systemctl stop) is handled like Ctrl-C: clean-up code
    runs and the exit status is 143.
    """
    if threading.current_thread() is not threading.main_thread():
        return _main(argv)
    previous = signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    try:
        return _main(argv)
    finally:
        if previous is not None:  # None: a handler not installed from Python; keep ours
            signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    try:
        # `lab` passes what it does not know on to JupyterLab; any other command refuses it.
        args, extra = parser.parse_known_args(argv)
        if extra and args.command != "lab":
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exc:  # --help (0), or a bad option: one line already printed (2)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        if args.command == "lab":
            return _cmd_lab(args, extra)
        if args.command == "list":
            return _cmd_list(args)
        if args.command == "build":
            return _cmd_build(args)
        return _cmd_data(args)
    except GcmReportError as exc:
        print(f"gcm-report: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (see _terminate_as_interrupt)
        signum = getattr(exc, "signum", signal.SIGINT)
        print(f"gcm-report: stopped by {signal.Signals(signum).name}", file=sys.stderr)
        return 128 + signum


if __name__ == "__main__":
    sys.exit(main())
