"""FINUFFT (PyPI finufft) timed from Python: the peer of the bench's NUFFT section.

    python nufft_bench.py --cases '[{"id": ..., "type": 1, "dim": 1, "M": 10000, "N": [1000], "eps": 1e-6, "dtype": "f64"}, ...]' --reps 3

Each case times FINUFFT's plan stages on one thread, as ours are timed: making
a fresh plan, its first setpts and its first execute (medians over a case's
"reps" runs, or --reps when the case has none). Points are
uniform in [-pi, pi), strengths uniform complex. Prints one JSON document on
stdout and a line per case on stderr.
"""
import argparse
import json
import platform
import sys
import time

import numpy as np
import finufft


def first_use(reps, make_plan, pts, data):
    """Medians (ms) over reps of a fresh plan's stages: making it, its first
    setpts, its first execute. FINUFFT 2.5 plans (kernel Fourier series, FFTW
    plan) in the first setpts of a plan, so setpts repeated on one plan would
    leave that work out; ours are timed the same way."""
    times = ([], [], [])
    for _ in range(reps):
        t0 = time.perf_counter()
        plan = make_plan()
        t1 = time.perf_counter()
        plan.setpts(*pts)
        t2 = time.perf_counter()
        plan.execute(data)
        t3 = time.perf_counter()
        for stage, ms in zip(times, ((t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3)):
            stage.append(ms)
        del plan
    return tuple(sorted(t)[len(t) // 2] for t in times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", required=True)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    results = []
    for case in json.loads(args.cases):
        real = np.float32 if case["dtype"] == "f32" else np.float64
        cplx = np.complex64 if case["dtype"] == "f32" else np.complex128
        dim, m, modes = case["dim"], case["M"], tuple(case["N"])
        pts = [rng.uniform(-np.pi, np.pi, m).astype(real) for _ in range(dim)]
        if case["type"] == 1:
            data = (rng.uniform(-1, 1, m) + 1j * rng.uniform(-1, 1, m)).astype(cplx)
        else:
            size = int(np.prod(modes))
            data = (rng.uniform(-1, 1, size) + 1j * rng.uniform(-1, 1, size)).astype(cplx).reshape(modes)
        reps = case.get("reps", args.reps)
        plan_ms, setpts_ms, exec_ms = first_use(reps, lambda: finufft.Plan(case["type"], modes, eps=case["eps"], dtype=cplx, nthreads=1), pts, data)
        results.append({"id": case["id"], "planMs": plan_ms, "setptsMs": setpts_ms, "executeMs": exec_ms})
        print(f"finufft {case['id']}: plan {plan_ms:.2f} ms, setpts {setpts_ms:.2f} ms, execute {exec_ms:.2f} ms", file=sys.stderr, flush=True)
    json.dump({"python": platform.python_version(), "versions": {"finufft": finufft.__version__, "numpy": np.__version__},
               "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
