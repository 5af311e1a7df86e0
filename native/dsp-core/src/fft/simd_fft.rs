//! A complex FFT (f32 and f64) written for wasm `simd128`, where rustfft's
//! own SIMD planner is two to three times slower on powers of two and ten to
//! twenty times slower on other lengths (apps/bench). f32 runs four lanes in
//! one `v128`, f64 in two.
//!
//! It takes lengths `n = 4M` with `M` a product of 2, 3, 5 and 7. The
//! transform is split as decimation in time by four: lane `l` of "vector" `j`
//! holds sample `4j + l`, so four independent length-`M` transforms run side
//! by side in the four SIMD lanes as Stockham steps of radix 4 (then 2, 3, 5,
//! 7 for lengths that need them), plain vertical arithmetic without shuffles.
//! A final radix-4 pass combines the lanes through a 4×4 transpose (and, for
//! powers of two, does the radix-2 step that odd powers need). The first
//! step reads the caller's interleaved input and the final pass writes
//! interleaved output, so there is no separate format conversion or
//! reordering pass.

mod lanes;
mod passes;
#[cfg(test)]
mod tests;
mod twiddles;

use std::sync::Arc;

use num_complex::Complex;
use rustfft::{Direction, Fft, FftDirection, FftNum, Length};

pub use lanes::{F32x4, F64x4};
pub use lanes::Lanes;
use passes::{OddDft, INTERLEAVED, INTERLEAVED_SWAPPED, SPLIT};
pub(super) use twiddles::unit_root;
use twiddles::AlignedTable;

/// Below this, rustfft's hard-coded butterflies are faster for powers of two.
const MIN_POW2_LEN: usize = 32;
/// The shortest other length taken (M = 3).
const MIN_MIXED_LEN: usize = 12;

/// The radices of the lane-wise steps for `n`, or `None` when the kernel
/// does not take `n`. Powers of two: radix 4 throughout (the final pass does a
/// leftover radix 2). Others: as many 4s as fit, then 2, 3, 5, 7.
fn radices(n: usize) -> Option<(Vec<usize>, bool)> {
    if n.is_power_of_two() {
        if n < MIN_POW2_LEN {
            return None;
        }
        let vectors = n / 4;
        let fours = vectors.trailing_zeros() as usize / 2;
        return Some((vec![4; fours], vectors.trailing_zeros() % 2 == 1));
    }
    if n < MIN_MIXED_LEN || n % 4 != 0 {
        return None;
    }
    let mut rest = n / 4;
    let mut radices = Vec::new();
    for r in [4, 2, 3, 5, 7] {
        while rest % r == 0 {
            radices.push(r);
            rest /= r;
        }
    }
    if rest == 1 {
        Some((radices, false))
    } else {
        None
    }
}

/// Whether this kernel takes `n`: powers of two from [`MIN_POW2_LEN`], and
/// multiples of four from [`MIN_MIXED_LEN`] whose quarter has no prime factor above 7.
pub fn handles(n: usize) -> bool {
    radices(n).is_some()
}

/// The kernel for `n` and `direction` on lanes `V` ([`F32x4`] or [`F64x4`]),
/// or `None` when it does not [`handles`] `n`.
pub fn plan<V: Lanes + Send + Sync + 'static>(n: usize, direction: FftDirection) -> Option<Arc<dyn Fft<V::S>>>
where
    V::S: FftNum,
{
    let (radices, radix2) = radices(n)?;
    Some(Arc::new(SimdFft::<V>::new(n, direction, &radices, radix2)))
}

/// One Stockham step of the lane-wise transforms (see `passes`): radix `r`,
/// `m` butterflies of stride `s`; `twiddles` is its offset in the plan's table.
#[derive(Clone, Copy)]
struct Step {
    r: usize,
    m: usize,
    s: usize,
    twiddles: usize,
}

pub struct SimdFft<V: Lanes> {
    len: usize,
    direction: FftDirection,
    steps: Vec<Step>,
    /// Whether a radix-2 step ends the lane-wise transforms (powers of two
    /// with `len / 4` an odd power); the final pass does it.
    radix2: bool,
    step_twiddles: AlignedTable<V::S>,
    final_twiddles: AlignedTable<V::S>,
    /// The constants of the radix-3, 5 and 7 DFTs, by `(r − 3) / 2`.
    odd: [OddDft; 3],
}

impl<V: Lanes> SimdFft<V> {
    fn new(len: usize, direction: FftDirection, radices: &[usize], radix2: bool) -> Self {
        let vectors = len / 4;
        let mut steps = Vec::new();
        let mut step_twiddles = Vec::new();
        let (mut span, mut s) = (vectors, 1);
        for &r in radices {
            let m = span / r;
            let twiddles = step_twiddles.len();
            for p in 0..m {
                for k in 1..r {
                    // w_span^{kp} = w_len^{4kps}, since len = 4 · span · s.
                    let (re, im) = unit_root(4 * k * p * s, len);
                    step_twiddles.extend_from_slice(&[V::scalar(re), V::scalar(im)]);
                }
            }
            steps.push(Step { r, m, s, twiddles });
            span = m;
            s *= r;
        }
        let mut final_twiddles = Vec::with_capacity(6 * vectors + 24);
        for t in 0..(vectors + 3) / 4 {
            for l in 1..4 {
                let roots: Vec<(f64, f64)> = (0..4).map(|i| unit_root(l * (4 * t + i), len)).collect();
                final_twiddles.extend(roots.iter().map(|&(re, _)| V::scalar(re)));
                final_twiddles.extend(roots.iter().map(|&(_, im)| V::scalar(im)));
            }
        }
        let odd = [OddDft::new(3), OddDft::new(5), OddDft::new(7)];
        let (step_twiddles, final_twiddles) =
            (AlignedTable::new(&step_twiddles, V::scalar(0.0)), AlignedTable::new(&final_twiddles, V::scalar(0.0)));
        SimdFft { len, direction, steps, radix2, step_twiddles, final_twiddles, odd }
    }

    /// One lane-wise step from `read` to `write`; `LAYOUT` is `read`'s.
    unsafe fn step<const LAYOUT: u8>(&self, step: &Step, read: *const V::S, write: *mut V::S) {
        let Step { r, m, s, twiddles } = *step;
        let twiddles = self.step_twiddles.as_ptr().add(twiddles);
        match r {
            4 if LAYOUT == SPLIT => passes::radix4::<V>(read, write, m, s, twiddles),
            4 => passes::first_radix4::<V, LAYOUT>(read, write, m, twiddles),
            2 => passes::radix2::<V, LAYOUT>(read, write, m, s, twiddles),
            3 => passes::radix_odd::<V, LAYOUT, 3>(read, write, m, s, twiddles, &self.odd[0]),
            5 => passes::radix_odd::<V, LAYOUT, 5>(read, write, m, s, twiddles, &self.odd[1]),
            _ => passes::radix_odd::<V, LAYOUT, 7>(read, write, m, s, twiddles, &self.odd[2]),
        }
    }

    /// One transform from `src` to `out`, each `len` complex numbers and
    /// possibly the same buffer, through the checked scratch space.
    unsafe fn transform(&self, src: *const V::S, out: *mut V::S, scratch: &mut [Complex<V::S>]) {
        let work = self.work_buffers(src, out, scratch);
        let mut read = src;
        for (i, step) in self.steps.iter().enumerate() {
            let write = work[i % 2];
            match (i, self.direction) {
                // The first step reads the caller's input: the first radix-4
                // step has s = 1, which the interleaved layouts need.
                (0, FftDirection::Forward) => self.step::<INTERLEAVED>(step, read, write),
                (0, FftDirection::Inverse) => self.step::<INTERLEAVED_SWAPPED>(step, read, write),
                _ => self.step::<SPLIT>(step, read, write),
            }
            read = write;
        }
        let (vectors, twiddles) = (self.len / 4, self.final_twiddles.as_ptr());
        match (self.direction, self.radix2) {
            (FftDirection::Forward, false) => passes::final_radix4::<V, false, false>(read, out, vectors, twiddles),
            (FftDirection::Forward, true) => passes::final_radix4::<V, false, true>(read, out, vectors, twiddles),
            (FftDirection::Inverse, false) => passes::final_radix4::<V, true, false>(read, out, vectors, twiddles),
            (FftDirection::Inverse, true) => passes::final_radix4::<V, true, true>(read, out, vectors, twiddles),
        }
    }

    /// Where the steps write, alternately. Loads that straddle cache lines
    /// made whole transforms about 1.5 times slower, so work buffers are
    /// 16-byte aligned. And as the steps walk source and destination with the
    /// same power-of-two strides, the two buffers sit half a page apart: at
    /// equal page offsets every load would match the page offset of a store
    /// just issued, which CPUs that guess dependencies from the low address
    /// bits treat as a conflict ("4K aliasing"). `out` serves as one buffer
    /// when it is aligned and is not also the input (the final pass cannot run
    /// in place, so the last step writes the other buffer); otherwise the
    /// scratch holds both.
    unsafe fn work_buffers(&self, src: *const V::S, out: *mut V::S, scratch: &mut [Complex<V::S>]) -> [*mut V::S; 2] {
        let base = scalars_mut(scratch);
        let odd_steps = self.steps.len() % 2 == 1;
        let use_out = out as usize % 16 == 0 && !std::ptr::eq(out, src);
        if use_out {
            let first = base.add(scalars_to(base, out as usize + HALF_PAGE));
            return if odd_steps { [first, out] } else { [out, first] };
        }
        let first = base.add(scalars_to(base, 0));
        let end_of_first = first.add(2 * self.len);
        let second = end_of_first.add(scalars_to(end_of_first, first as usize + HALF_PAGE));
        [first, second]
    }

    fn check(&self, input: usize, output: usize, scratch: usize) {
        if input != output || input % self.len != 0 || scratch < self.scratch_len() {
            length_mismatch(self.len, input, output, scratch, self.scratch_len());
        }
    }

    /// Two work buffers, plus slack to place each at any page offset.
    fn scratch_len(&self) -> usize {
        2 * (self.len + PAGE / std::mem::size_of::<Complex<V::S>>())
    }
}

/// Bytes in the page offset that the CPU compares to match loads with stores.
const PAGE: usize = 4096;
const HALF_PAGE: usize = PAGE / 2;

/// Scalars to step from `p` to the nearest address at or after it that has
/// the page offset of `target` rounded down to 16 bytes.
fn scalars_to<S>(p: *mut S, target: usize) -> usize {
    let want = target % PAGE / 16 * 16;
    (want + PAGE - p as usize % PAGE) % PAGE / std::mem::size_of::<S>()
}

#[cold]
#[inline(never)]
fn length_mismatch(len: usize, input: usize, output: usize, scratch: usize, need: usize) -> ! {
    panic!(
        "FFT of length {} got buffers of {} and {} (need equal multiples of the length) and scratch {} (need {})",
        len, input, output, scratch, need
    )
}

fn scalars<S>(data: &[Complex<S>]) -> *const S {
    data.as_ptr() as *const S
}

fn scalars_mut<S>(data: &mut [Complex<S>]) -> *mut S {
    data.as_mut_ptr() as *mut S
}

impl<V: Lanes + Send + Sync> Fft<V::S> for SimdFft<V>
where
    V::S: FftNum,
{
    fn process_with_scratch(&self, buffer: &mut [Complex<V::S>], scratch: &mut [Complex<V::S>]) {
        self.check(buffer.len(), buffer.len(), scratch.len());
        for chunk in buffer.chunks_exact_mut(self.len) {
            let data = scalars_mut(chunk);
            // SAFETY: `data` holds `len` complex numbers and the scratch was
            // checked; `work_buffers` never lets the first step write `data`.
            unsafe { self.transform(data, data, scratch) }
        }
    }

    fn process_outofplace_with_scratch(
        &self,
        input: &mut [Complex<V::S>],
        output: &mut [Complex<V::S>],
        scratch: &mut [Complex<V::S>],
    ) {
        self.process_immutable_with_scratch(input, output, scratch)
    }

    fn process_immutable_with_scratch(
        &self,
        input: &[Complex<V::S>],
        output: &mut [Complex<V::S>],
        scratch: &mut [Complex<V::S>],
    ) {
        self.check(input.len(), output.len(), scratch.len());
        for (i, o) in input.chunks_exact(self.len).zip(output.chunks_exact_mut(self.len)) {
            // SAFETY: distinct buffers of `len` complex numbers; `i` is only read.
            unsafe { self.transform(scalars(i), scalars_mut(o), scratch) }
        }
    }

    fn get_inplace_scratch_len(&self) -> usize {
        self.scratch_len()
    }

    fn get_outofplace_scratch_len(&self) -> usize {
        self.scratch_len()
    }

    fn get_immutable_scratch_len(&self) -> usize {
        self.scratch_len()
    }
}

impl<V: Lanes> Length for SimdFft<V> {
    fn len(&self) -> usize {
        self.len
    }
}

impl<V: Lanes> Direction for SimdFft<V> {
    fn fft_direction(&self) -> FftDirection {
        self.direction
    }
}
