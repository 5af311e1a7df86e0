"""numpy.fft and scipy.fft timed from Python: the Python peers of apps/bench.

    python fft_bench.py --sizes 64,1024,4097 [--dtypes f32,f64] [--kinds c2c,r2c]
                        [--budget-ms 150] [--probe-bins 256]

Prints one JSON document on stdout and one line per case on stderr. Each
figure is the median, over many samples, of the time per call; a sample
times a batch of calls lasting >= 20 us. The input is the bench's shared LCG
sequence (as in src/signal.mjs), so the spectra can be checked in Node: each
result carries every stride-th output bin ("probe").

numpy >= 2.0 computes complex64/float32 input in single precision (its
pocketfft C++ port), so f32 here is a real f32 transform for both libraries.
numpy is called with out= (no allocation); scipy.fft has no out= and returns
a new array per call. Both run on one thread (scipy's workers default).
"""
import argparse
import json
import platform
import sys
import time

import numpy as np
import scipy
import scipy.fft


def sequence(count):
    values = np.empty(count, dtype=np.float64)
    state = 0x12345678
    for i in range(count):
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        values[i] = state / 2147483648.0 - 1.0
    return values


def measure(run, budget_ms, min_samples=5, max_samples=1500, min_sample_ns=20_000):
    now = time.perf_counter_ns
    batch, calls = 1, 0
    warm_end = now() + int(budget_ms * 1e6 / 4)
    while True:
        t0 = now()
        for _ in range(batch):
            run()
        took = now() - t0
        calls += batch
        if took < min_sample_ns:
            batch *= 2
        elif calls >= 2 and now() >= warm_end:
            break
    per_call = []
    end = now() + int(budget_ms * 1e6)
    while len(per_call) < min_samples or (len(per_call) < max_samples and now() < end):
        t0 = now()
        for _ in range(batch):
            run()
        per_call.append((now() - t0) / 1e3 / batch)
    per_call.sort()
    m = len(per_call) // 2
    median = per_call[m] if len(per_call) % 2 else (per_call[m - 1] + per_call[m]) / 2
    return {"us": median, "minUs": per_call[0], "samples": len(per_call), "batch": batch}


def make_input(values, dtype, kind, n):
    if kind == "c2c":
        pairs = values[: 2 * n].astype(np.float32 if dtype == "f32" else np.float64)
        return pairs.view(np.complex64 if dtype == "f32" else np.complex128).copy()
    return values[:n].astype(np.float32 if dtype == "f32" else np.float64)


def cases(values, dtype, kind, n):
    x = make_input(values, dtype, kind, n)
    out = np.empty(n if kind == "c2c" else n // 2 + 1, dtype=np.complex64 if dtype == "f32" else np.complex128)
    np_fn = np.fft.fft if kind == "c2c" else np.fft.rfft
    sp_fn = scipy.fft.fft if kind == "c2c" else scipy.fft.rfft
    yield "numpy", (lambda: np_fn(x, out=out)), lambda: out
    last = {}

    def sp_run():
        last["y"] = sp_fn(x)

    yield "scipy", sp_run, lambda: last["y"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", required=True)
    parser.add_argument("--dtypes", default="f32,f64")
    parser.add_argument("--kinds", default="c2c,r2c")
    parser.add_argument("--budget-ms", type=float, default=150)
    parser.add_argument("--probe-bins", type=int, default=256)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    values = sequence(2 * max(sizes))
    results = []
    for dtype in args.dtypes.split(","):
        for kind in args.kinds.split(","):
            for n in sizes:
                for library, run, output in cases(values, dtype, kind, n):
                    timing = measure(run, args.budget_ms)
                    y = np.asarray(output())
                    if y.dtype != (np.complex64 if dtype == "f32" else np.complex128):
                        timing["computedAs"] = str(y.dtype)
                    stride = max(1, -(-len(y) // args.probe_bins))
                    probe = y[::stride]
                    interleaved = np.empty(2 * len(probe), dtype=np.float64)
                    interleaved[0::2] = probe.real
                    interleaved[1::2] = probe.imag
                    results.append({"library": library, "dtype": dtype, "kind": kind, "n": n, **timing,
                                    "probeStride": stride, "probe": interleaved.tolist()})
                    print(f"{library} {dtype} {kind} n={n}: {timing['us']:.3f} us", file=sys.stderr, flush=True)
    json.dump({
        "python": platform.python_version(),
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
        "results": results,
    }, sys.stdout)


if __name__ == "__main__":
    main()
