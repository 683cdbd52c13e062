"""How well the triage queue finds planted errors in a synthetic region nobody tuned to.

Run from the project folder (a throwaway SQLite database in a temporary folder; the
configured database is never touched):

    .venv/bin/python bench/quality.py                 # seed 7, 35 libraries
    .venv/bin/python bench/quality.py --seeds 20      # seeds 1–20, summed

The region (`quality.synthetic`) has five years of figures drifting a few per cent a
year; the last year gets one error of each kind: a ×10 slip, a ÷10 slip, two swapped
digits, a copied form, a peer outlier and a closure without a context event (plus one
real closure recorded as an event). It prints, per seed, how many planted errors the
queue ranks in its top 20, how many unplanted items it puts there (items of other
figures, including those of the recorded closure and knock-on effects of a planted
error such as a ratio), and the rank by which every planted error has been listed.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="libreport-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libreport.test_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import translation  # noqa: E402

from libraries.models import Region  # noqa: E402
from quality import synthetic  # noqa: E402
from review.triage import triage_queue  # noqa: E402

TOP = 20


class Rollback(Exception):
    pass


def run(seed: int, libraries: int) -> tuple[list[str], int, int, list]:
    data = synthetic.plant(synthetic.generate(libraries=libraries, seed=seed), seed=seed)
    try:
        with transaction.atomic():
            region = Region.objects.create(name="Sintētiskais novads", slug=f"synthetic-{seed}",
                                           main_library="Sintētiskā bibliotēka")
            synthetic.write(data, region)
            items = triage_queue(region, data.years[-1])
            found, unplanted = synthetic.top_counts(data, items, top=TOP)
            planted_slugs = {slug for slug, _code in data.planted.values()}
            top = [(item.library.slug, item.code, item.check, item.score,
                    "planted" if any(synthetic.is_planted_hit(data, kind, item.library.slug,
                                                              item.code, item.check)
                                     for kind in data.planted)
                    else "same library as a planted error" if item.library.slug in planted_slugs
                    else "event recorded" if item.library.slug in data.events else "",
                    item.cause) for item in items[:TOP]]
            raise Rollback((found, unplanted, len(items), top,
                            synthetic.last_planted_rank(data, items)))
    except Rollback as done:
        return done.args[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--seeds", type=int, default=0, help="run seeds 1..N instead")
    parser.add_argument("--libraries", type=int, default=35)
    options = parser.parse_args()
    translation.activate("en")
    call_command("migrate", verbosity=0)
    seeds = range(1, options.seeds + 1) if options.seeds else [options.seed]
    planted_total = found_total = unplanted_total = 0
    kinds_missed: dict[str, int] = {}
    started = time.perf_counter()
    ranks = []
    for seed in seeds:
        found, unplanted, count, top, last_rank = run(seed, options.libraries)
        ranks.append(last_rank)
        planted = len(synthetic.PLANTED_KINDS)
        planted_total += planted
        found_total += len(found)
        unplanted_total += unplanted
        for kind in synthetic.PLANTED_KINDS:
            if kind not in found:
                kinds_missed[kind] = kinds_missed.get(kind, 0) + 1
        print(f"seed {seed}: {len(found)} of {planted} planted errors in the top {TOP} "
              f"({', '.join(found)}); {unplanted} unplanted items there; {count} items "
              f"in the queue; every planted error found by rank {last_rank}")
        if len(seeds) == 1:
            for slug, code, check, score, note, cause in top:
                print(f"    {score:7.2f}  {slug}  {code:32} {check:10} {note:32} {cause}")
    print(f"total: {found_total} of {planted_total} planted errors in the top {TOP}, "
          f"{unplanted_total} unplanted items in the top {TOP} "
          f"({unplanted_total / len(seeds):.1f} per region); missed by kind: "
          f"{kinds_missed or 'none'}; every planted error found by rank "
          f"{max(r or 10**6 for r in ranks)} at worst; {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
