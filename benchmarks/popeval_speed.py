"""PopEval speed: docparse.evaluation.popeval against the baselines, same scores.

Scores the 500 IC15 ground-truth files of the PopEval re-annotation against seeded, perturbed
predictions (characters grouped into word boxes, jittered corners, dropped, merged and split
words, substituted characters, a few spurious boxes) with docparse, the naive baseline and,
when given a local copy of the authors' popEval.py, the reference itself; checks that every
image gets identical counts and prints the best-of-N wall times and the speed-ups.

    .venv/bin/python benchmarks/popeval_speed.py [--reference path/to/popEval.py]
        [--gt FOLDER] [--limit N] [--seed S] [--repeat R]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from docparse.evaluation.loaders import DatasetFormat, load_text_dir
from docparse.evaluation.popeval import DONT_CARE, EvalItem, score_dataset

sys.path.insert(0, str(Path(__file__).parent / "reference_popeval"))
import naive_popeval
import reference_adapter

T = TypeVar("T")
# The character-level GT that the tests use (tests/fixtures/popeval_gt, Apache-2.0): the 500
# IC15 test files, in the repository, so this runs from any clone; --gt names another place.
IC15 = Path(__file__).resolve().parents[1] / "tests/fixtures/popeval_gt/IC15_incidental_scene/Test"
SUBSTITUTES = "aeiou0123456789rnmlIO.-"


def _box(items: Sequence[EvalItem]) -> tuple[float, float, float, float]:
    xs = [x for item in items for x, _ in item.quad]
    ys = [y for item in items for _, y in item.quad]
    return min(xs), min(ys), max(xs), max(ys)


def _word(chars: Sequence[EvalItem], rng: random.Random) -> EvalItem:
    """One predicted word over ``chars``: jittered bounding box, some characters replaced."""
    x0, y0, x1, y1 = _box(chars)
    jitter = 0.08 * max(y1 - y0, 1.0)

    def j(value: float) -> float:
        return round(value + rng.gauss(0.0, jitter))

    text = "".join(rng.choice(SUBSTITUTES) if rng.random() < 0.05 else item.text for item in chars)
    quad = ((j(x0), j(y0)), (j(x1), j(y0)), (j(x1), j(y1)), (j(x0), j(y1)))
    return EvalItem(quad=quad, text=text)


def perturb(gt: Sequence[EvalItem], rng: random.Random) -> list[EvalItem]:
    """Word-level predictions made from character-level ground truth."""
    chars = [item for item in gt if item.text != DONT_CARE]
    words: list[list[EvalItem]] = []
    at = 0
    while at < len(chars):
        size = rng.randint(1, 7)
        words.append(chars[at : at + size])
        at += size
    pred: list[EvalItem] = []
    for index, word in enumerate(words):
        roll = rng.random()
        if roll < 0.08:
            continue  # dropped
        if roll < 0.16 and len(word) >= 2:  # split in two
            cut = rng.randint(1, len(word) - 1)
            pred += [_word(word[:cut], rng), _word(word[cut:], rng)]
        elif roll < 0.24 and index + 1 < len(words):  # merged with the next word
            pred.append(_word(word + words[index + 1], rng))
        else:
            pred.append(_word(word, rng))
    if gt and rng.random() < 0.3:  # a spurious box near some GT item
        x0, y0, x1, y1 = _box([rng.choice(gt)])
        pred.append(EvalItem(quad=((x0, y0), (x1, y0), (x1, y1), (x0, y1)), text="x1"))
    rng.shuffle(pred)
    return pred


def _plain(items: Sequence[EvalItem]) -> list[tuple[tuple, str]]:
    return [(item.quad, item.text) for item in items]


def _best_time(run: Callable[[], T], repeat: int) -> tuple[T, float, float]:
    """The result of ``run`` and its best wall and CPU times (this process) over ``repeat``."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, min(walls), min(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, help="a local copy of naver/popeval popEval.py")
    parser.add_argument(
        "--gt", type=Path, default=IC15, help=f"folder of PopEval GT files (default: {IC15})"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N images")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="runs timed, best kept")
    args = parser.parse_args()

    dataset = load_text_dir(args.gt, DatasetFormat.POPEVAL)
    if dataset.all_warnings():
        print("\n".join(dataset.all_warnings()), file=sys.stderr)
    images = dataset.images[: args.limit]
    rng = random.Random(args.seed)
    pairs = [(image.items, perturb(image.items, rng)) for image in images]
    plain = [(_plain(gt), _plain(pred)) for gt, pred in pairs]

    ours, ours_s, ours_cpu = _best_time(lambda: score_dataset(pairs), args.repeat)
    counts = [(image.gt_chars, image.pred_chars, image.matched) for image in ours.images]
    baselines: dict[str, Callable[[list, list], tuple[int, int, int]]] = {
        "naive baseline": naive_popeval.score_counts
    }
    if args.reference:
        module = reference_adapter.load_reference(args.reference)
        baselines["reference popEval.py"] = partial(reference_adapter.score_counts, module)

    print(
        f"images {len(pairs)}, GT items {sum(len(gt) for gt, _ in pairs)}, "
        f"predictions {sum(len(pred) for _, pred in pairs)}"
    )
    print(
        f"PopEval  P {100 * ours.precision:.2f}  R {100 * ours.recall:.2f}  "
        f"H {100 * ours.hmean:.2f}  (matched {ours.matched} / pred {ours.pred_chars} / "
        f"GT {ours.gt_chars} characters)"
    )
    print(f"best of {args.repeat} runs, wall / CPU of this process:")
    print(f"docparse: {ours_s:.3f} s / {ours_cpu:.3f} s")
    identical = True
    for name, score in baselines.items():
        theirs, theirs_s, theirs_cpu = _best_time(
            lambda score=score: [score(gt, pred) for gt, pred in plain], args.repeat
        )
        print(
            f"{name}: {theirs_s:.3f} s / {theirs_cpu:.3f} s; docparse "
            f"{theirs_s / ours_s:.1f}x / {theirs_cpu / ours_cpu:.1f}x faster"
        )
        for image, got, want in zip(images, counts, theirs, strict=True):
            if got != want:
                identical = False
                print(f"MISMATCH {image.source.name}: docparse {got} != {name} {want}")
    print("identical counts on every image" if identical else "COUNTS DIFFER")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
