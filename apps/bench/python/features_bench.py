"""librosa 0.11 timed from Python: the peer of the bench's features section.

    python features_bench.py --fixtures DIR --clips a,b --repeats 3 [--no-pyin]

For each clip (DIR/<clip>/audio.wav, the float32 signal librosa's reference
outputs were made from): librosa.effects.hpss(y), librosa.yin(y, fmin=50,
fmax=2000), librosa.pyin(y, fmin=C2, fmax=C7) and librosa.feature.chroma_cqt(y)
with every other argument at its default. Each figure is the median of
`repeats` calls after one warm-up call (numba compiles on first use). Prints
one JSON document on stdout and one line per case on stderr.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

import librosa
import numba
import numpy as np
import scipy
import scipy.io.wavfile


def timed(run, repeats):
    run()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return {"ms": statistics.median(times) * 1000, "minMs": min(times) * 1000, "samples": repeats}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--clips", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-pyin", action="store_true")
    args = parser.parse_args()
    c2, c7 = librosa.note_to_hz("C2"), librosa.note_to_hz("C7")
    results = []
    for clip in args.clips.split(","):
        sr, y = scipy.io.wavfile.read(os.path.join(args.fixtures, clip, "audio.wav"))
        y = np.ascontiguousarray(y, dtype=np.float32)
        cases = {
            "hpssSignal": lambda: librosa.effects.hpss(y),
            "yin": lambda: librosa.yin(y, fmin=50, fmax=2000, sr=sr),
            "chromaCqt": lambda: librosa.feature.chroma_cqt(y=y, sr=sr),
        }
        if not args.no_pyin:
            cases["pyin"] = lambda: librosa.pyin(y, fmin=c2, fmax=c7, sr=sr)
        for name, run in cases.items():
            t = timed(run, args.repeats)
            results.append({"clip": clip, "seconds": len(y) / sr, "function": name, **t})
            print(f"librosa {clip} {name}: {t['ms']:.1f} ms", file=sys.stderr, flush=True)
    json.dump({"python": platform.python_version(),
               "versions": {"librosa": librosa.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
                            "numba": numba.__version__},
               "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
