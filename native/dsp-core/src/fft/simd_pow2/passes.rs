//! The passes of the transform. Between passes the data is a sequence of
//! "vectors": blocks of four complex numbers stored split as
//! `[re0, re1, re2, re3, im0, im1, im2, im3]`, so a pass is plain vertical
//! SIMD. A vector occupies the same eight floats as four interleaved
//! complex numbers, which lets the first pass read the caller's input and
//! the final pass write the caller's output directly.
//!
//! The functions take raw pointers so that the hot loops carry no bounds
//! checks; callers guarantee that every index a step touches is in bounds.

use super::v4::{transpose, V4};

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
struct C4 {
    re: V4,
    im: V4,
}

impl C4 {
    #[inline(always)]
    unsafe fn load<const LAYOUT: u8>(p: *const f32) -> C4 {
        let (a, b) = V4::load_pair(p);
        if LAYOUT == SPLIT {
            return C4 { re: a, im: b };
        }
        let (re, im) = (V4::evens(a, b), V4::odds(a, b));
        if LAYOUT == INTERLEAVED_SWAPPED {
            C4 { re: im, im: re }
        } else {
            C4 { re, im }
        }
    }

    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        V4::store_pair(p, self.re, self.im);
    }

    #[inline(always)]
    unsafe fn store_interleaved<const SWAP: bool>(self, p: *mut f32) {
        let (re, im) = if SWAP { (self.im, self.re) } else { (self.re, self.im) };
        V4::store_pair(p, V4::zip_low(re, im), V4::zip_high(re, im));
    }

    /// The same complex number `(p[0], p[1])` in every lane.
    #[inline(always)]
    unsafe fn load_splat(p: *const f32) -> C4 {
        C4 { re: V4::load_splat(p), im: V4::load_splat(p.add(1)) }
    }

    #[inline(always)]
    fn mul(self, w: C4) -> C4 {
        C4 { re: self.re * w.re - self.im * w.im, im: self.re * w.im + self.im * w.re }
    }
}

/// Forward 4-point DFT of `(a, b, c, d)` in every lane.
#[inline(always)]
fn dft4(a: C4, b: C4, c: C4, d: C4) -> [C4; 4] {
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
pub unsafe fn first_radix4<const LAYOUT: u8>(src: *const f32, dst: *mut f32, m: usize, twiddles: *const f32) {
    let quarter = 8 * m;
    butterfly::<LAYOUT, false>(src, dst, quarter, 8, twiddles);
    for p in 1..m {
        butterfly::<LAYOUT, true>(src.add(8 * p), dst.add(32 * p), quarter, 8, twiddles.add(6 * p));
    }
}

/// A later radix-4 Stockham step (`s > 1`): for `p < m`, `q < s`, it reads
/// vectors `x[q + s(p + k·m)]` and writes `y[q + s(4p + k)]` times the
/// twiddles of `p`, as [`first_radix4`] does. `src` and `dst` must not overlap.
#[inline(never)]
pub unsafe fn radix4(src: *const f32, dst: *mut f32, m: usize, s: usize, twiddles: *const f32) {
    let (quarter, stride) = (8 * m * s, 8 * s);
    for p in 0..m {
        let (mut x, mut y) = (src.add(8 * s * p), dst.add(32 * s * p));
        let end = x.add(stride);
        let w = twiddles.add(6 * p);
        if p == 0 {
            while x != end {
                butterfly::<SPLIT, false>(x, y, quarter, stride, w);
                x = x.add(8);
                y = y.add(8);
            }
        } else {
            while x != end {
                butterfly::<SPLIT, true>(x, y, quarter, stride, w);
                x = x.add(8);
                y = y.add(8);
            }
        }
    }
}

/// One radix-4 butterfly of a step: inputs `quarter` floats apart from
/// `x`, outputs `stride` floats apart from `y`.
#[inline(always)]
unsafe fn butterfly<const LAYOUT: u8, const TWIDDLED: bool>(
    x: *const f32,
    y: *mut f32,
    quarter: usize,
    stride: usize,
    w: *const f32,
) {
    let a = C4::load::<LAYOUT>(x);
    let b = C4::load::<LAYOUT>(x.add(quarter));
    let c = C4::load::<LAYOUT>(x.add(2 * quarter));
    let d = C4::load::<LAYOUT>(x.add(3 * quarter));
    let [y0, y1, y2, y3] = dft4(a, b, c, d);
    y0.store(y);
    if TWIDDLED {
        y1.mul(C4::load_splat(w)).store(y.add(stride));
        y2.mul(C4::load_splat(w.add(2))).store(y.add(2 * stride));
        y3.mul(C4::load_splat(w.add(4))).store(y.add(3 * stride));
    } else {
        y1.store(y.add(stride));
        y2.store(y.add(2 * stride));
        y3.store(y.add(3 * stride));
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
pub unsafe fn final_radix4<const SWAP: bool, const RADIX2: bool>(
    src: *const f32,
    dst: *mut f32,
    vectors: usize,
    twiddles: *const f32,
) {
    let blocks = vectors / 4;
    if !RADIX2 {
        for t in 0..blocks {
            let x = src.add(32 * t);
            let v = [
                C4::load::<SPLIT>(x),
                C4::load::<SPLIT>(x.add(8)),
                C4::load::<SPLIT>(x.add(16)),
                C4::load::<SPLIT>(x.add(24)),
            ];
            final_block::<SWAP>(v, dst, vectors, twiddles, t);
        }
        return;
    }
    let half = 4 * vectors;
    let pair = |x: *const f32| (C4::load::<SPLIT>(x), C4::load::<SPLIT>(x.add(half)));
    for t in 0..blocks / 2 {
        let x = src.add(32 * t);
        let v = [0, 8, 16, 24].map(|i| {
            let (a, b) = pair(x.add(i));
            C4 { re: a.re + b.re, im: a.im + b.im }
        });
        final_block::<SWAP>(v, dst, vectors, twiddles, t);
    }
    for t in 0..blocks / 2 {
        let x = src.add(32 * t);
        let v = [0, 8, 16, 24].map(|i| {
            let (a, b) = pair(x.add(i));
            C4 { re: a.re - b.re, im: a.im - b.im }
        });
        final_block::<SWAP>(v, dst, vectors, twiddles, t + blocks / 2);
    }
}

/// Block `t` of [`final_radix4`], from its four vectors.
#[inline(always)]
unsafe fn final_block<const SWAP: bool>(v: [C4; 4], dst: *mut f32, vectors: usize, twiddles: *const f32, t: usize) {
    let re = transpose(v[0].re, v[1].re, v[2].re, v[3].re);
    let im = transpose(v[0].im, v[1].im, v[2].im, v[3].im);
    let w = twiddles.add(24 * t);
    let z0 = C4 { re: re[0], im: im[0] };
    let z1 = C4 { re: re[1], im: im[1] }.mul(C4::load::<SPLIT>(w));
    let z2 = C4 { re: re[2], im: im[2] }.mul(C4::load::<SPLIT>(w.add(8)));
    let z3 = C4 { re: re[3], im: im[3] }.mul(C4::load::<SPLIT>(w.add(16)));
    let [o0, o1, o2, o3] = dft4(z0, z1, z2, z3);
    let (y, quarter) = (dst.add(8 * t), 2 * vectors);
    o0.store_interleaved::<SWAP>(y);
    o1.store_interleaved::<SWAP>(y.add(quarter));
    o2.store_interleaved::<SWAP>(y.add(2 * quarter));
    o3.store_interleaved::<SWAP>(y.add(3 * quarter));
}
