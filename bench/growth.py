"""How much slower each page is at the full dataset than at a quarter of it, in time, taken
so that the machine's noise cancels (issue 15's growth target: no page more than 10 % slower).

Timed one request at a time, the same page scatters by half on a shared 2-core machine, and
two datasets timed minutes apart see different machines. So this serves both datasets at once,
each with production's settings and gunicorn (bench/run.py's `Server`), and times each page
in pairs: one request to the quarter's server, one to the full's, the order swapped every
pair, one request in flight at a time over a kept-alive connection. Whatever slows the
machine slows both halves of a pair alike. The growth is the median of the pairs' ratios,
with a bootstrap interval (the 5th and 95th percentiles of the median over resamples).

Pages are rendered afresh (`SANCTUARY_PAGE_CACHE=0`, `SANCTUARY_PERSONAL_PAGE_CACHE=0`), as
the first visit after a write is: a kept answer is one cache read at any size, so the afresh
render is where growth can be. It needs the paths and sessions bench/run.py's preparation
wrote (var/bench/queries-quarter.json and queries-full.json), so run that first, for
instance `bench/run.py --mode full --skip-load --skip-extras`.

    .venv/bin/python bench/growth.py                      # every page, 40 pairs each
    .venv/bin/python bench/growth.py --pages decision,stream --pairs 80

It writes var/bench/growth.json and prints a Markdown table.
"""

import argparse
import http.client
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from pagelist import PAGES, select  # noqa: E402
from run import OUT, Server, database_url, headers, production_env, say  # noqa: E402

LIMIT = 1.10


class Timer:
    """One kept-alive connection to one server, timing whole answers (the body read to its
    end) in milliseconds."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = cookies

    def __call__(self, path: str, persona: str | None) -> float:
        sent = headers(self.cookies.get(persona) if persona else None)
        started = time.perf_counter()
        self.connection.request("GET", path, headers=sent)
        response = self.connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        return elapsed


def interval(ratios: list[float], resamples: int = 2000) -> tuple[float, float]:
    """The 5th and 95th percentiles of the median ratio over bootstrap resamples."""
    chooser = random.Random(15)
    medians = sorted(
        statistics.median(chooser.choices(ratios, k=len(ratios))) for _ in range(resamples)
    )
    return medians[int(0.05 * resamples)], medians[int(0.95 * resamples)]


def sample(page, timers: dict, paths: dict, pairs: int, warm: int) -> dict[str, list[float]]:
    """`pairs` timed pairs of one page, after `warm` untimed requests to each server: the
    times on each side and each pair's ratio (full over quarter)."""
    for label in ("quarter", "full"):
        for _ in range(warm):
            timers[label](paths[label], page.persona)
    found: dict[str, list[float]] = {"quarter": [], "full": [], "ratios": []}
    for number in range(pairs):
        order = ("quarter", "full") if number % 2 == 0 else ("full", "quarter")
        pair = {label: timers[label](paths[label], page.persona) for label in order}
        for label, ms in pair.items():
            found[label].append(ms)
        found["ratios"].append(pair["full"] / pair["quarter"])
    return found


def summary(page, found: dict[str, list[float]]) -> dict:
    low, high = interval(found["ratios"])
    return {
        "name": page.name,
        "persona": page.persona,
        "ms_quarter": statistics.median(found["quarter"]),
        "ms_full": statistics.median(found["full"]),
        "growth": statistics.median(found["ratios"]),
        "growth_low": low,
        "growth_high": high,
        "pairs": len(found["ratios"]),
    }


def verdict(entry: dict) -> str:
    if entry["growth_low"] > LIMIT:
        return "grows"
    if entry["growth_high"] <= LIMIT:
        return "flat"
    return "unclear"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", help="only the pages whose name contains one of these")
    parser.add_argument("--pairs", type=int, default=40, help="timed pairs per page")
    parser.add_argument("--warm", type=int, default=3, help="untimed requests first, each side")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/sanctuary_bench")
    parser.add_argument(
        "--quarter-database",
        default="postgres://postgres@127.0.0.1:5432/sanctuary_bench_quarter",
    )
    parser.add_argument("--port", type=int, default=8110, help="the quarter's; the full's is +1")
    parser.add_argument(
        "--same",
        action="store_true",
        help="a control: the quarter's dataset on both sides, where every page should be 1.0",
    )
    args = parser.parse_args()
    urls = {
        "quarter": database_url(args.quarter_database, None),
        "full": database_url(args.quarter_database if args.same else args.database, None),
    }
    # With --same, both sides are the quarter's: its paths, its sessions, its cache prefix.
    source = {label: "quarter" if args.same else label for label in urls}
    measured = {
        label: json.loads((OUT / f"queries-{source[label]}.json").read_text()) for label in urls
    }
    pages = [page for page in select(PAGES, args.pages) if page.name in measured["full"]["paths"]]
    envs = {}
    for label, url in urls.items():
        envs[label] = production_env(url, source[label])
        envs[label].update({"SANCTUARY_PAGE_CACHE": "0", "SANCTUARY_PERSONAL_PAGE_CACHE": "0"})
    # The two servers swap places halfway: the one started second, on the higher port, came
    # out about 5 % faster with the same dataset behind both (the --same control), so each
    # dataset is served half the pairs from each place and that bias cancels.
    found = {page.name: {"quarter": [], "full": [], "ratios": []} for page in pages}
    halves = [("quarter", "full"), ("full", "quarter")]
    say(f"{len(pages)} pages, {args.pairs} pairs each, in two halves")
    for first, second in halves:
        with (
            Server(envs[first], args.port) as one,
            Server(envs[second], args.port + 1) as other,
        ):
            ports = {first: one.port, second: other.port}
            timers = {label: Timer(ports[label], measured[label]["cookies"]) for label in urls}
            for page in pages:
                paths = {label: measured[label]["paths"][page.name] for label in urls}
                half = sample(page, timers, paths, args.pairs // 2, args.warm)
                for part, values in half.items():
                    found[page.name][part].extend(values)
        say(f"half done: {first} on {args.port}, {second} on {args.port + 1}")
    results = [summary(page, found[page.name]) for page in pages]
    for entry in results:
        say(
            f"{entry['name']}: {entry['growth']:.3f} ({entry['growth_low']:.3f} to "
            f"{entry['growth_high']:.3f}), {entry['ms_quarter']:.1f} / {entry['ms_full']:.1f} ms"
        )
    target = OUT / ("growth-same.json" if args.same else "growth.json")
    saved = json.loads(target.read_text()) if target.exists() and args.pages else {}
    saved.update({entry["name"]: entry for entry in results})
    target.write_text(json.dumps(saved, indent=1))
    print(
        "| page | persona | ¼ ms | full ms | full/¼ | 90 % interval | within 10 % |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | --- |"
    )
    for entry in results:
        print(
            f"| {entry['name']} | {entry['persona'] or 'anyone'} | {entry['ms_quarter']:.1f} "
            f"| {entry['ms_full']:.1f} | {entry['growth']:.3f} "
            f"| {entry['growth_low']:.3f} to {entry['growth_high']:.3f} | {verdict(entry)} |"
        )
    counts = {
        kind: sum(verdict(e) == kind for e in results) for kind in ("flat", "unclear", "grows")
    }
    say(f"flat {counts['flat']}, unclear {counts['unclear']}, grows {counts['grows']}")


if __name__ == "__main__":
    main()
