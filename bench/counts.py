"""The work counts of var/bench/results.json as a Markdown table: each page's Python calls and
PostgreSQL buffers for one request rendered afresh, at a quarter and at the full dataset, and
their ratios (bench/pages.py counts them; bench/run.py's table shows only the ratios, and only
after a load). Works after `bench/run.py --skip-load --skip-extras` too.

    .venv/bin/python bench/counts.py                  # every page
    .venv/bin/python bench/counts.py --above 1.02     # only those that grow
"""

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def growth(entry: dict, key: str) -> float:
    value = entry.get(f"{key}_growth")
    return 0.0 if value is None or value != value else value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "results.json")
    parser.add_argument(
        "--above", type=float, default=0.0, help="only pages whose calls or buffers grow more"
    )
    args = parser.parse_args()
    pages = json.loads(args.json.read_text())["pages"]
    print(
        "| page | persona | calls ¼ | calls full | calls full/¼ | buffers ¼ | buffers full "
        "| buffers full/¼ | rows ¼ / full | kept calls ¼ / full |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for entry in pages:
        if "calls_quarter" not in entry:
            continue
        if max(growth(entry, "calls"), growth(entry, "buffers")) <= args.above:
            continue
        buffers = (
            f"| {entry['buffers_quarter']} | {entry['buffers_full']} "
            f"| {growth(entry, 'buffers'):.2f} | {entry['rows_quarter']} / {entry['rows_full']} "
            if "buffers_quarter" in entry
            else "| | | | "
        )
        print(
            f"| {entry['name']} | {entry['persona'] or 'anyone'} | {entry['calls_quarter']} "
            f"| {entry['calls_full']} | {growth(entry, 'calls'):.2f} {buffers}"
            f"| {entry['calls_kept_quarter']} / {entry['calls_kept_full']} |"
        )


if __name__ == "__main__":
    main()
