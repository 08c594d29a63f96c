"""Share of mutants killed per module of plan_cli/core, from `mutmut results --all true`.

`make mutate` runs mutmut and then this script, whose table goes into the README.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

LINE = re.compile(r"\s*plan_cli\.core\.(\w+)\.\S+__mutmut_\d+: (.+)")


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    out = subprocess.run(
        [str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True
    ).stdout
    counts: dict[str, Counter] = defaultdict(Counter)
    for line in out.splitlines():
        if m := LINE.match(line):
            counts[m.group(1)][m.group(2)] += 1
    if not counts:
        print("mutation_report: no results; run `make mutate` first", file=sys.stderr)
        return 1
    print("| module | mutants | killed | survived | no test | share killed |")
    print("|---|---:|---:|---:|---:|---:|")
    total = Counter()
    for module in sorted(counts, key=lambda m: -counts[m]["killed"] / sum(counts[m].values())):
        c = counts[module]
        total.update(c)
        n = sum(c.values())
        print(
            f"| `core/{module}.py` | {n} | {c['killed']} | {c['survived']} | "
            f"{c['no tests']} | {c['killed'] / n:.0%} |"
        )
    n = sum(total.values())
    print(
        f"| all of core | {n} | {total['killed']} | {total['survived']} | "
        f"{total['no tests']} | {total['killed'] / n:.0%} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
