"""scipy.signal.stft timed from Python: the Python peer of the bench's STFT section.

    python stft_bench.py --budget-ms 300 [--cases iq1024,iq256,clip]

Prints one JSON document on stdout and one line per case on stderr. Inputs are
the bench's shared LCG sequence (src/signal.mjs): 1,048,576 complex float32
samples for the IQ cases, 220,500 real float32 samples (10 s at 22.05 kHz) for
the clip. Each timed call includes what a user needs for the result: the power
|Z|^2 for the IQ cases (two-sided, no boundary padding, as our center: false
spectrogram), the complex STFT for the clip (boundary='zeros': librosa's
center with constant padding). scipy runs on one thread.
"""
import argparse
import json
import platform
import sys
import time

import numpy as np
import scipy
import scipy.signal

from fft_bench import measure, sequence


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget-ms", type=float, default=300)
    parser.add_argument("--cases", default="iq1024,iq256,clip")
    args = parser.parse_args()
    n_iq = 1 << 20
    values = sequence(2 * n_iq)
    iq = values[: 2 * n_iq].astype(np.float32).view(np.complex64).copy()
    clip = values[:220500].astype(np.float32)
    results = []
    for case in args.cases.split(","):
        if case.startswith("iq"):
            hop = int(case[2:])

            def run(hop=hop):
                _, _, z = scipy.signal.stft(iq, window="hann", nperseg=1024, noverlap=1024 - hop, return_onesided=False,
                                            boundary=None, padded=False)
                return (z.real * z.real + z.imag * z.imag)
        else:
            def run():
                return scipy.signal.stft(clip, window="hann", nperseg=2048, noverlap=2048 - 512, boundary="zeros",
                                         padded=False)[2]
        timing = measure(run, args.budget_ms)
        z = run()
        results.append({"case": case, **timing, "dtype": str(z.dtype), "shape": list(z.shape)})
        print(f"scipy.signal.stft {case}: {timing['us'] / 1000:.3f} ms", file=sys.stderr, flush=True)
    json.dump({"python": platform.python_version(), "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
               "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
