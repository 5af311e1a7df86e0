"""scipy.signal.fftconvolve (and scipy's direct convolution for small kernels)
timed from Python: the peer of the bench's spectral section.

    python spectral_bench.py --budget-ms 300 --kernels 3,5,7 --direct-max 15

Prints one JSON document on stdout and one line per case on stderr. The image
is 512x512 float64 from the bench's shared LCG sequence (timing does not depend
on the values); kernels are k x k, mode 'same'. scipy runs on one thread.
"""
import argparse
import json
import platform
import sys

import numpy as np
import scipy
import scipy.signal

from fft_bench import measure, sequence


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget-ms", type=float, default=300)
    parser.add_argument("--kernels", default="3,5,7,9,11,15,21,31,63,127")
    parser.add_argument("--direct-max", type=int, default=15)
    args = parser.parse_args()
    values = sequence(512 * 512 + 127 * 127)
    image = values[: 512 * 512].astype(np.float64).reshape(512, 512)
    results = []
    for k in (int(s) for s in args.kernels.split(",")):
        kernel = values[512 * 512: 512 * 512 + k * k].astype(np.float64).reshape(k, k)
        timing = measure(lambda: scipy.signal.fftconvolve(image, kernel, mode="same"), args.budget_ms)
        results.append({"case": f"fft{k}", "k": k, "method": "fftconvolve", **timing})
        print(f"scipy fftconvolve 512x512 k={k}: {timing['us']:.1f} us", file=sys.stderr)
        if k <= args.direct_max:
            timing = measure(lambda: scipy.signal.convolve(image, kernel, mode="same", method="direct"), args.budget_ms)
            results.append({"case": f"direct{k}", "k": k, "method": "direct", **timing})
            print(f"scipy direct 512x512 k={k}: {timing['us']:.1f} us", file=sys.stderr)
    json.dump({"python": platform.python_version(), "versions": {"numpy": np.__version__, "scipy": scipy.__version__}, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
