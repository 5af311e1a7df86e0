//! A complex f32 FFT for power-of-two lengths, written for wasm `simd128`,
//! where rustfft's own SIMD planner is two to three times slower.
//!
//! The length `n = 4M` transform is split as decimation in time by four:
//! lane `l` of "vector" `j` holds sample `4j + l`, so four independent
//! length-`M` transforms run side by side in the four SIMD lanes as radix-4
//! Stockham steps, plain vertical arithmetic without shuffles. A final
//! radix-4 pass combines the lanes through a 4×4 transpose (and does the
//! radix-2 step that odd powers of two need). The first step reads the
//! caller's interleaved input and the final pass writes interleaved output,
//! so there is no separate format conversion or reordering pass.

mod passes;
#[cfg(test)]
mod tests;
mod twiddles;
mod v4;

use std::sync::Arc;

use num_complex::Complex;
use rustfft::{Direction, Fft, FftDirection, Length};

use passes::{INTERLEAVED, INTERLEAVED_SWAPPED};
pub(super) use twiddles::unit_root;

/// Below this, rustfft's hard-coded butterflies are faster.
const MIN_LEN: usize = 32;

/// Whether this kernel takes `n`: powers of two of at least [`MIN_LEN`].
pub fn handles(n: usize) -> bool {
    n >= MIN_LEN && n.is_power_of_two()
}

/// The kernel for `n` and `direction`, or `None` when it does not [`handles`] `n`.
pub fn plan(n: usize, direction: FftDirection) -> Option<Arc<dyn Fft<f32>>> {
    if !handles(n) {
        return None;
    }
    Some(Arc::new(SimdPow2Fft::new(n, direction)))
}

/// One radix-4 step of the lane-wise transforms (see `passes::radix4`);
/// `twiddles` is its offset in the plan's table.
#[derive(Clone, Copy)]
struct Step {
    m: usize,
    s: usize,
    twiddles: usize,
}

pub struct SimdPow2Fft {
    len: usize,
    direction: FftDirection,
    steps: Vec<Step>,
    /// Whether a radix-2 step ends the lane-wise transforms (`len / 4` is an
    /// odd power of two); the final pass does it.
    radix2: bool,
    step_twiddles: Vec<f32>,
    final_twiddles: Vec<f32>,
}

impl SimdPow2Fft {
    fn new(len: usize, direction: FftDirection) -> Self {
        let vectors = len / 4;
        let mut steps = Vec::new();
        let mut step_twiddles = Vec::new();
        let (mut span, mut s) = (vectors, 1);
        while span >= 4 {
            let m = span / 4;
            let twiddles = step_twiddles.len();
            for p in 0..m {
                for k in 1..4 {
                    // w_span^{kp} = w_len^{4kps}, since len = 4 · span · s.
                    let (re, im) = unit_root(4 * k * p * s, len);
                    step_twiddles.extend_from_slice(&[re as f32, im as f32]);
                }
            }
            steps.push(Step { m, s, twiddles });
            span = m;
            s *= 4;
        }
        let mut final_twiddles = Vec::with_capacity(6 * vectors);
        for t in 0..vectors / 4 {
            for l in 1..4 {
                let roots: Vec<(f64, f64)> = (0..4).map(|i| unit_root(l * (4 * t + i), len)).collect();
                final_twiddles.extend(roots.iter().map(|&(re, _)| re as f32));
                final_twiddles.extend(roots.iter().map(|&(_, im)| im as f32));
            }
        }
        SimdPow2Fft { len, direction, steps, radix2: span == 2, step_twiddles, final_twiddles }
    }

    /// One transform from `src` to `out`, each `len` complex numbers and
    /// possibly the same buffer, through the checked scratch space.
    unsafe fn transform(&self, src: *const f32, out: *mut f32, scratch: &mut [Complex<f32>]) {
        let work = self.work_buffers(src, out, scratch);
        let mut read = src;
        for (i, &Step { m, s, twiddles }) in self.steps.iter().enumerate() {
            let (write, twiddles) = (work[i % 2], self.step_twiddles.as_ptr().add(twiddles));
            match (i, self.direction) {
                (0, FftDirection::Forward) => passes::first_radix4::<INTERLEAVED>(read, write, m, twiddles),
                (0, FftDirection::Inverse) => passes::first_radix4::<INTERLEAVED_SWAPPED>(read, write, m, twiddles),
                _ => passes::radix4(read, write, m, s, twiddles),
            }
            read = write;
        }
        let (vectors, twiddles) = (self.len / 4, self.final_twiddles.as_ptr());
        match (self.direction, self.radix2) {
            (FftDirection::Forward, false) => passes::final_radix4::<false, false>(read, out, vectors, twiddles),
            (FftDirection::Forward, true) => passes::final_radix4::<false, true>(read, out, vectors, twiddles),
            (FftDirection::Inverse, false) => passes::final_radix4::<true, false>(read, out, vectors, twiddles),
            (FftDirection::Inverse, true) => passes::final_radix4::<true, true>(read, out, vectors, twiddles),
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
    unsafe fn work_buffers(&self, src: *const f32, out: *mut f32, scratch: &mut [Complex<f32>]) -> [*mut f32; 2] {
        let base = floats_mut(scratch);
        let odd_steps = self.steps.len() % 2 == 1;
        let use_out = out as usize % 16 == 0 && !std::ptr::eq(out, src);
        if use_out {
            let first = base.add(floats_to(base, out as usize + HALF_PAGE));
            return if odd_steps { [first, out] } else { [out, first] };
        }
        let first = base.add(floats_to(base, 0));
        let end_of_first = first.add(2 * self.len);
        let second = end_of_first.add(floats_to(end_of_first, first as usize + HALF_PAGE));
        [first, second]
    }

    fn check(&self, input: usize, output: usize, scratch: usize) {
        if input != output || input % self.len != 0 || scratch < self.scratch_len() {
            length_mismatch(self.len, input, output, scratch, self.scratch_len());
        }
    }

    /// Two work buffers, plus slack to place each at any page offset.
    fn scratch_len(&self) -> usize {
        2 * (self.len + PAGE / std::mem::size_of::<Complex<f32>>())
    }
}

/// Bytes in the page offset that the CPU compares to match loads with stores.
const PAGE: usize = 4096;
const HALF_PAGE: usize = PAGE / 2;

/// Floats to step from `p` to the nearest address at or after it that has
/// the page offset of `target` rounded down to 16 bytes.
fn floats_to(p: *mut f32, target: usize) -> usize {
    let want = target % PAGE / 16 * 16;
    (want + PAGE - p as usize % PAGE) % PAGE / std::mem::size_of::<f32>()
}

#[cold]
#[inline(never)]
fn length_mismatch(len: usize, input: usize, output: usize, scratch: usize, need: usize) -> ! {
    panic!(
        "FFT of length {} got buffers of {} and {} (need equal multiples of the length) and scratch {} (need {})",
        len, input, output, scratch, need
    )
}

fn floats(data: &[Complex<f32>]) -> *const f32 {
    data.as_ptr() as *const f32
}

fn floats_mut(data: &mut [Complex<f32>]) -> *mut f32 {
    data.as_mut_ptr() as *mut f32
}

impl Fft<f32> for SimdPow2Fft {
    fn process_with_scratch(&self, buffer: &mut [Complex<f32>], scratch: &mut [Complex<f32>]) {
        self.check(buffer.len(), buffer.len(), scratch.len());
        for chunk in buffer.chunks_exact_mut(self.len) {
            let data = floats_mut(chunk);
            // SAFETY: `data` holds `len` complex numbers and the scratch was
            // checked; `work_buffers` never lets the first step write `data`.
            unsafe { self.transform(data, data, scratch) }
        }
    }

    fn process_outofplace_with_scratch(
        &self,
        input: &mut [Complex<f32>],
        output: &mut [Complex<f32>],
        scratch: &mut [Complex<f32>],
    ) {
        self.process_immutable_with_scratch(input, output, scratch)
    }

    fn process_immutable_with_scratch(
        &self,
        input: &[Complex<f32>],
        output: &mut [Complex<f32>],
        scratch: &mut [Complex<f32>],
    ) {
        self.check(input.len(), output.len(), scratch.len());
        for (i, o) in input.chunks_exact(self.len).zip(output.chunks_exact_mut(self.len)) {
            // SAFETY: distinct buffers of `len` complex numbers; `i` is only read.
            unsafe { self.transform(floats(i), floats_mut(o), scratch) }
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

impl Length for SimdPow2Fft {
    fn len(&self) -> usize {
        self.len
    }
}

impl Direction for SimdPow2Fft {
    fn fft_direction(&self) -> FftDirection {
        self.direction
    }
}
