//! The passes of the transform. Between passes the data is a sequence of
//! "vectors": blocks of four complex numbers stored split as
//! `[re0, re1, re2, re3, im0, im1, im2, im3]`, so a pass is plain vertical
//! SIMD. A vector occupies the same eight scalars as four interleaved
//! complex numbers, which lets the first pass read the caller's input and
//! the final pass write the caller's output directly.
//!
//! The functions take raw pointers so that the hot loops carry no bounds
//! checks; callers guarantee that every index a step touches is in bounds.

use super::lanes::{transpose, Lanes};

/// Layouts a step can read. The work buffers' vectors.
pub const SPLIT: u8 = 0;
/// Interleaved `[re, im, …]`, as the caller holds it.
pub const INTERLEAVED: u8 = 1;
/// Interleaved with re and im exchanged on the way in (and, in the final
/// pass, on the way out): swap ∘ FFT ∘ swap is the inverse FFT, so one set
/// of forward twiddles serves both directions.
pub const INTERLEAVED_SWAPPED: u8 = 2;

/// Four complex numbers, one per lane.
#[derive(Clone, Copy)]
struct C4<V> {
    re: V,
    im: V,
}

impl<V: Lanes> C4<V> {
    #[inline(always)]
    unsafe fn load<const LAYOUT: u8>(p: *const V::S) -> Self {
        let (a, b) = V::load_pair(p);
        if LAYOUT == SPLIT {
            return C4 { re: a, im: b };
        }
        let (re, im) = (V::evens(a, b), V::odds(a, b));
        if LAYOUT == INTERLEAVED_SWAPPED {
            C4 { re: im, im: re }
        } else {
            C4 { re, im }
        }
    }

    #[inline(always)]
    unsafe fn store(self, p: *mut V::S) {
        V::store_pair(p, self.re, self.im);
    }

    #[inline(always)]
    unsafe fn store_interleaved<const SWAP: bool>(self, p: *mut V::S) {
        let (re, im) = if SWAP { (self.im, self.re) } else { (self.re, self.im) };
        V::store_pair(p, V::zip_low(re, im), V::zip_high(re, im));
    }

    /// The same complex number `(p[0], p[1])` in every lane.
    #[inline(always)]
    unsafe fn load_splat(p: *const V::S) -> Self {
        C4 { re: V::load_splat(p), im: V::load_splat(p.add(1)) }
    }

    #[inline(always)]
    fn mul(self, w: Self) -> Self {
        C4 { re: self.re * w.re - self.im * w.im, im: self.re * w.im + self.im * w.re }
    }

    #[inline(always)]
    fn zero() -> Self {
        C4 { re: V::splat(0.0), im: V::splat(0.0) }
    }

    #[inline(always)]
    fn add(self, o: Self) -> Self {
        C4 { re: self.re + o.re, im: self.im + o.im }
    }

    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        C4 { re: self.re - o.re, im: self.im - o.im }
    }

    #[inline(always)]
    fn scale(self, c: V) -> Self {
        C4 { re: self.re * c, im: self.im * c }
    }
}

/// The largest odd radix the mixed-radix steps take.
pub const MAX_ODD_RADIX: usize = 7;
const MAX_HALF: usize = (MAX_ODD_RADIX - 1) / 2;

/// The constants of a forward DFT of odd length `r`: `cos` and `sin` of
/// `2π·j·k/r` for `j, k` in `1..=(r − 1)/2`, in f64 (rounded once to the lane type when splatted).
#[derive(Clone, Copy)]
pub struct OddDft {
    cos: [[f64; MAX_HALF]; MAX_HALF],
    sin: [[f64; MAX_HALF]; MAX_HALF],
}

impl OddDft {
    pub fn new(r: usize) -> OddDft {
        debug_assert!(r % 2 == 1 && r <= MAX_ODD_RADIX);
        let mut d = OddDft { cos: [[0.0; MAX_HALF]; MAX_HALF], sin: [[0.0; MAX_HALF]; MAX_HALF] };
        for j in 1..=(r - 1) / 2 {
            for k in 1..=(r - 1) / 2 {
                let angle = 2.0 * std::f64::consts::PI * ((j * k) % r) as f64 / r as f64;
                d.cos[j - 1][k - 1] = angle.cos();
                d.sin[j - 1][k - 1] = angle.sin();
            }
        }
        d
    }
}

/// Forward DFT of odd length `R` of `x[..R]` in every lane, by the symmetric
/// pairs `x_j ± x_{R−j}`: with `θ = 2πjk/R`, `X_k = x_0 + Σ_j (x_j + x_{R−j})
/// cos θ − i (x_j − x_{R−j}) sin θ`, and `X_{R−k}` the same with `+i`.
#[inline(always)]
fn dft_odd<V: Lanes, const R: usize>(x: &[C4<V>; MAX_ODD_RADIX], cos: &[[V; MAX_HALF]; MAX_HALF], sin: &[[V; MAX_HALF]; MAX_HALF]) -> [C4<V>; MAX_ODD_RADIX] {
    let h = (R - 1) / 2;
    let mut sums = [C4::<V>::zero(); MAX_HALF];
    let mut difs = [C4::<V>::zero(); MAX_HALF];
    let mut out = [C4::<V>::zero(); MAX_ODD_RADIX];
    out[0] = x[0];
    // Exclusive ranges: inclusive ones keep LLVM from unrolling these loops,
    // and unrolled they keep every value in registers instead of stack arrays.
    for j in 1..h + 1 {
        sums[j - 1] = x[j].add(x[R - j]);
        difs[j - 1] = x[j].sub(x[R - j]);
        out[0] = out[0].add(sums[j - 1]);
    }
    for k in 1..h + 1 {
        let (mut a, mut b) = (x[0], C4::<V>::zero());
        for j in 1..h + 1 {
            a = a.add(sums[j - 1].scale(cos[j - 1][k - 1]));
            b = b.add(difs[j - 1].scale(sin[j - 1][k - 1]));
        }
        // X_k = A − i·B, X_{R−k} = A + i·B.
        out[k] = C4 { re: a.re + b.im, im: a.im - b.re };
        out[R - k] = C4 { re: a.re - b.im, im: a.im + b.re };
    }
    out
}

/// Forward 4-point DFT of `(a, b, c, d)` in every lane.
#[inline(always)]
fn dft4<V: Lanes>(a: C4<V>, b: C4<V>, c: C4<V>, d: C4<V>) -> [C4<V>; 4] {
    let (apc_re, apc_im) = (a.re + c.re, a.im + c.im);
    let (amc_re, amc_im) = (a.re - c.re, a.im - c.im);
    let (bpd_re, bpd_im) = (b.re + d.re, b.im + d.im);
    let (bmd_re, bmd_im) = (b.re - d.re, b.im - d.im);
    [
        C4 { re: apc_re + bpd_re, im: apc_im + bpd_im },
        // a - c - i(b - d)
        C4 { re: amc_re + bmd_im, im: amc_im - bmd_re },
        C4 { re: apc_re - bpd_re, im: apc_im - bpd_im },
        // a - c + i(b - d)
        C4 { re: amc_re - bmd_im, im: amc_im + bmd_re },
    ]
}

/// The first radix-4 decimation-in-frequency Stockham step (`s = 1`) of the
/// four lane-wise transforms, reading the caller's interleaved input: for
/// `p < m` it reads vectors `x[p + k·m]` and writes `y[4p + k]` times the
/// twiddle `w_k(p)` stored at `twiddles[6p + 2(k - 1)..]` (`k = 1, 2, 3`;
/// `p = 0` needs none). `src` and `dst` must not overlap.
#[inline(never)]
pub unsafe fn first_radix4<V: Lanes, const LAYOUT: u8>(src: *const V::S, dst: *mut V::S, m: usize, twiddles: *const V::S) {
    let quarter = 8 * m;
    butterfly::<V, LAYOUT, false>(src, dst, quarter, 8, twiddles);
    for p in 1..m {
        butterfly::<V, LAYOUT, true>(src.add(8 * p), dst.add(32 * p), quarter, 8, twiddles.add(6 * p));
    }
}

/// A later radix-4 Stockham step (`s > 1`): for `p < m`, `q < s`, it reads
/// vectors `x[q + s(p + k·m)]` and writes `y[q + s(4p + k)]` times the
/// twiddles of `p`, as [`first_radix4`] does. `src` and `dst` must not overlap.
#[inline(never)]
pub unsafe fn radix4<V: Lanes>(src: *const V::S, dst: *mut V::S, m: usize, s: usize, twiddles: *const V::S) {
    let (quarter, stride) = (8 * m * s, 8 * s);
    for p in 0..m {
        let (mut x, mut y) = (src.add(8 * s * p), dst.add(32 * s * p));
        let end = x.add(stride);
        if p == 0 {
            while x != end {
                let [y0, y1, y2, y3] = load_dft4::<V, SPLIT>(x, quarter);
                store4(y, stride, [y0, y1, y2, y3]);
                x = x.add(8);
                y = y.add(8);
            }
        } else {
            // Splatted once per p: the stores through raw pointers would
            // otherwise make LLVM reload them for every butterfly.
            let w = twiddles.add(6 * p);
            let [w1, w2, w3] = [w, w.add(2), w.add(4)].map(|w| C4::<V>::load_splat(w));
            while x != end {
                let [y0, y1, y2, y3] = load_dft4::<V, SPLIT>(x, quarter);
                store4(y, stride, [y0, y1.mul(w1), y2.mul(w2), y3.mul(w3)]);
                x = x.add(8);
                y = y.add(8);
            }
        }
    }
}

/// Loads the four vectors `quarter` scalars apart from `x` and returns their 4-point DFT.
#[inline(always)]
unsafe fn load_dft4<V: Lanes, const LAYOUT: u8>(x: *const V::S, quarter: usize) -> [C4<V>; 4] {
    let a = C4::<V>::load::<LAYOUT>(x);
    let b = C4::<V>::load::<LAYOUT>(x.add(quarter));
    let c = C4::<V>::load::<LAYOUT>(x.add(2 * quarter));
    let d = C4::<V>::load::<LAYOUT>(x.add(3 * quarter));
    dft4(a, b, c, d)
}

/// Stores four vectors `stride` scalars apart from `y`.
#[inline(always)]
unsafe fn store4<V: Lanes>(y: *mut V::S, stride: usize, v: [C4<V>; 4]) {
    v[0].store(y);
    v[1].store(y.add(stride));
    v[2].store(y.add(2 * stride));
    v[3].store(y.add(3 * stride));
}

/// A radix-2 Stockham step of the mixed-radix lengths, laid out as
/// [`radix4`]: for `p < m`, `q < s` it reads vectors `x[q + s(p + k·m)]`
/// (`k = 0, 1`) and writes `y[q + s(2p + k)]`, output 1 times the twiddle at
/// `twiddles[2p..]`. `LAYOUT` is the source's (interleaved only when `s = 1`).
#[inline(never)]
pub unsafe fn radix2<V: Lanes, const LAYOUT: u8>(src: *const V::S, dst: *mut V::S, m: usize, s: usize, twiddles: *const V::S) {
    let (half, stride) = (8 * m * s, 8 * s);
    for p in 0..m {
        let (mut x, mut y) = (src.add(8 * s * p), dst.add(16 * s * p));
        let end = x.add(stride);
        let w = C4::<V>::load_splat(twiddles.add(2 * p));
        while x != end {
            let (a, b) = (C4::<V>::load::<LAYOUT>(x), C4::<V>::load::<LAYOUT>(x.add(half)));
            a.add(b).store(y);
            let d = a.sub(b);
            (if p == 0 { d } else { d.mul(w) }).store(y.add(stride));
            x = x.add(8);
            y = y.add(8);
        }
    }
}

/// A radix-`R` Stockham step for odd `R` (3, 5, 7), laid out as [`radix4`]:
/// for `p < m`, `q < s` it reads vectors `x[q + s(p + k·m)]` and writes
/// `y[q + s(R·p + k)]`, output `k ≥ 1` times the twiddle at
/// `twiddles[2(R − 1)p + 2(k − 1)..]`.
#[inline(never)]
pub unsafe fn radix_odd<V: Lanes, const LAYOUT: u8, const R: usize>(src: *const V::S, dst: *mut V::S, m: usize, s: usize, twiddles: *const V::S, dft: &OddDft) {
    let (span, stride) = (8 * m * s, 8 * s);
    let mut cos = [[V::splat(0.0); MAX_HALF]; MAX_HALF];
    let mut sin = cos;
    for j in 0..MAX_HALF {
        for k in 0..MAX_HALF {
            cos[j][k] = V::splat(dft.cos[j][k]);
            sin[j][k] = V::splat(dft.sin[j][k]);
        }
    }
    for p in 0..m {
        let (mut x, mut y) = (src.add(8 * s * p), dst.add(8 * s * R * p));
        let end = x.add(stride);
        let mut w = [C4::<V>::zero(); MAX_ODD_RADIX];
        for k in 1..R {
            w[k] = C4::<V>::load_splat(twiddles.add(2 * (R - 1) * p + 2 * (k - 1)));
        }
        while x != end {
            let mut v = [C4::<V>::zero(); MAX_ODD_RADIX];
            #[allow(clippy::needless_range_loop)]
            for k in 0..R {
                v[k] = C4::<V>::load::<LAYOUT>(x.add(k * span));
            }
            let out = dft_odd::<V, R>(&v, &cos, &sin);
            out[0].store(y);
            for k in 1..R {
                (if p == 0 { out[k] } else { out[k].mul(w[k]) }).store(y.add(k * stride));
            }
            x = x.add(8);
            y = y.add(8);
        }
    }
}

/// One radix-4 butterfly of a step: inputs `quarter` scalars apart from
/// `x`, outputs `stride` scalars apart from `y`, outputs 1–3 times the
/// twiddles at `w` when `TWIDDLED`.
#[inline(always)]
unsafe fn butterfly<V: Lanes, const LAYOUT: u8, const TWIDDLED: bool>(
    x: *const V::S,
    y: *mut V::S,
    quarter: usize,
    stride: usize,
    w: *const V::S,
) {
    let [y0, y1, y2, y3] = load_dft4::<V, LAYOUT>(x, quarter);
    if TWIDDLED {
        let [w1, w2, w3] = [w, w.add(2), w.add(4)].map(|w| C4::<V>::load_splat(w));
        store4(y, stride, [y0, y1.mul(w1), y2.mul(w2), y3.mul(w3)]);
    } else {
        store4(y, stride, [y0, y1, y2, y3]);
    }
}

/// The last pass. Lane `l` of vector `k` holds bin `k` of the transform of
/// the samples `x[4j + l]`, so output bin `k + vectors·r` is the 4-point DFT
/// over `l` of those bins times `e^{∓2πi l k / n}`. Four consecutive vectors
/// are transposed so that the DFT runs vertically and each result is four
/// consecutive output bins, written interleaved. Twiddles for vectors
/// `4t..4t+4` are at `twiddles[24t..]`: re then im of `l = 1, 2, 3`.
///
/// With `RADIX2`, the lane-wise transforms (of odd power-of-two length) still
/// lack their last step, radix 2 with stride `vectors / 2`; it is done here on
/// the way in, sparing a trip through memory.
#[inline(never)]
pub unsafe fn final_radix4<V: Lanes, const SWAP: bool, const RADIX2: bool>(
    src: *const V::S,
    dst: *mut V::S,
    vectors: usize,
    twiddles: *const V::S,
) {
    let blocks = vectors / 4;
    let quarter = 2 * vectors;
    if !RADIX2 {
        for t in 0..blocks {
            let x = src.add(32 * t);
            let v = [
                C4::<V>::load::<SPLIT>(x),
                C4::<V>::load::<SPLIT>(x.add(8)),
                C4::<V>::load::<SPLIT>(x.add(16)),
                C4::<V>::load::<SPLIT>(x.add(24)),
            ];
            final_block::<V, SWAP>(v, dst.add(8 * t), quarter, twiddles.add(24 * t));
        }
        let rest = vectors % 4;
        if rest != 0 {
            // Mixed-radix lengths: the last block has 1–3 vectors. It runs
            // padded with zeros into a local block, and only its real bins are copied out.
            let x = src.add(32 * blocks);
            let mut v = [C4::<V>::zero(); 4];
            for (i, v) in v.iter_mut().enumerate().take(rest) {
                *v = C4::<V>::load::<SPLIT>(x.add(8 * i));
            }
            let mut block = [V::scalar(0.0); 32];
            final_block::<V, SWAP>(v, block.as_mut_ptr(), 8, twiddles.add(24 * blocks));
            for r in 0..4 {
                std::ptr::copy_nonoverlapping(block.as_ptr().add(8 * r), dst.add(8 * blocks + r * quarter), 2 * rest);
            }
        }
        return;
    }
    let half = 4 * vectors;
    let pair = |x: *const V::S| (C4::<V>::load::<SPLIT>(x), C4::<V>::load::<SPLIT>(x.add(half)));
    for t in 0..blocks / 2 {
        let x = src.add(32 * t);
        let v = [0, 8, 16, 24].map(|i| {
            let (a, b) = pair(x.add(i));
            C4 { re: a.re + b.re, im: a.im + b.im }
        });
        final_block::<V, SWAP>(v, dst.add(8 * t), quarter, twiddles.add(24 * t));
    }
    for t in 0..blocks / 2 {
        let x = src.add(32 * t);
        let v = [0, 8, 16, 24].map(|i| {
            let (a, b) = pair(x.add(i));
            C4 { re: a.re - b.re, im: a.im - b.im }
        });
        let t = t + blocks / 2;
        final_block::<V, SWAP>(v, dst.add(8 * t), quarter, twiddles.add(24 * t));
    }
}

/// One block of [`final_radix4`], from its four vectors and their
/// twiddles `w`: output row `r` (four bins) goes to `y + r·quarter`.
#[inline(always)]
unsafe fn final_block<V: Lanes, const SWAP: bool>(v: [C4<V>; 4], y: *mut V::S, quarter: usize, w: *const V::S) {
    let re = transpose(v[0].re, v[1].re, v[2].re, v[3].re);
    let im = transpose(v[0].im, v[1].im, v[2].im, v[3].im);
    let z0 = C4 { re: re[0], im: im[0] };
    let z1 = C4 { re: re[1], im: im[1] }.mul(C4::<V>::load::<SPLIT>(w));
    let z2 = C4 { re: re[2], im: im[2] }.mul(C4::<V>::load::<SPLIT>(w.add(8)));
    let z3 = C4 { re: re[3], im: im[3] }.mul(C4::<V>::load::<SPLIT>(w.add(16)));
    let [o0, o1, o2, o3] = dft4(z0, z1, z2, z3);
    o0.store_interleaved::<SWAP>(y);
    o1.store_interleaved::<SWAP>(y.add(quarter));
    o2.store_interleaved::<SWAP>(y.add(2 * quarter));
    o3.store_interleaved::<SWAP>(y.add(3 * quarter));
}
