use std::sync::Arc;

use num_complex::Complex;
use realfft::{ComplexToReal, RealToComplex};
use rustfft::{Fft, FftDirection};

use super::planners::Planners;
use super::lines::{self, Failure, Lines};
use super::{as_complex, as_complex_mut, finite};
use crate::error::{invalid, try_zeroed, DspError, DspResult};
use crate::parallel::{for_each_range, SharedMut, Threads};

/// What a plan transforms: complex to complex, or real to half-spectrum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FftKind {
    C2c,
    R2c,
}

enum Inner<T: Planners> {
    /// `direct`: run out of place reading the input (see `Planners::reads_input_directly`),
    /// else copy the input into the output and transform there.
    C2c { forward: Arc<dyn Fft<T>>, inverse: Arc<dyn Fft<T>>, direct: bool },
    R2c { forward: Arc<dyn RealToComplex<T>>, inverse: Arc<dyn ComplexToReal<T>> },
}

/// Buffers one thread needs to run a plan, made once and reused.
struct Workspace<T> {
    scratch: Vec<Complex<T>>,
    real_in: Vec<T>,
    half_in: Vec<Complex<T>>,
}

/// A 1-D transform of length `n`, run on `batch` contiguous rows per call.
///
/// Serial calls reuse the plan's own workspace, so the hot path allocates
/// nothing; parallel calls make one workspace per task.
pub struct FftPlan<T: Planners> {
    n: usize,
    kind: FftKind,
    inner: Inner<T>,
    work: Workspace<T>,
}

impl<T: Planners> FftPlan<T> {
    pub fn new(kind: FftKind, n: usize) -> DspResult<Self> {
        if n == 0 {
            return invalid("n must be at least 1");
        }
        let inner = match kind {
            FftKind::C2c => Inner::C2c {
                forward: T::complex_fft(n, FftDirection::Forward),
                inverse: T::complex_fft(n, FftDirection::Inverse),
                direct: T::reads_input_directly(n),
            },
            FftKind::R2c => Inner::R2c { forward: T::real_forward(n), inverse: T::real_inverse(n) },
        };
        let work = Self::workspace(&inner, n)?;
        Ok(FftPlan { n, kind, inner, work })
    }

    fn workspace(inner: &Inner<T>, n: usize) -> DspResult<Workspace<T>> {
        Ok(match inner {
            Inner::C2c { forward, inverse, .. } => Workspace {
                scratch: try_zeroed(
                    [forward, inverse]
                        .iter()
                        .map(|f| f.get_immutable_scratch_len().max(f.get_inplace_scratch_len()))
                        .max()
                        .unwrap_or(0),
                )?,
                real_in: Vec::new(),
                half_in: Vec::new(),
            },
            Inner::R2c { forward, inverse } => Workspace {
                scratch: try_zeroed(forward.get_scratch_len().max(inverse.get_scratch_len()))?,
                real_in: try_zeroed(n)?,
                half_in: try_zeroed(n / 2 + 1)?,
            },
        })
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    pub fn kind(&self) -> FftKind {
        self.kind
    }

    /// Scalars per row read by a call (`inverse` picks the direction).
    pub fn input_row_len(&self, inverse: bool) -> usize {
        match (self.kind, inverse) {
            (FftKind::C2c, _) => 2 * self.n,
            (FftKind::R2c, false) => self.n,
            (FftKind::R2c, true) => 2 * (self.n / 2 + 1),
        }
    }

    /// Scalars per row written by a call.
    pub fn output_row_len(&self, inverse: bool) -> usize {
        self.input_row_len(!inverse)
    }

    fn check(&self, inverse: bool, input: usize, output: usize, batch: usize) -> DspResult<()> {
        let want_in = self.input_row_len(inverse).checked_mul(batch);
        let want_out = self.output_row_len(inverse).checked_mul(batch);
        if want_in != Some(input) || want_out != Some(output) {
            return invalid(format!(
                "buffer lengths {}/{} do not fit {} rows of n = {}",
                input, output, batch, self.n
            ));
        }
        Ok(())
    }

    /// Transforms `batch` rows from `input` into `output`, then multiplies by `scale`.
    /// The inverse of an r2c plan reads `n/2+1` complex bins per row and, like numpy,
    /// ignores the imaginary parts of the DC bin and (for even `n`) the Nyquist bin.
    pub fn execute(
        &mut self,
        inverse: bool,
        input: &[T],
        output: &mut [T],
        batch: usize,
        scale: T,
        threads: Threads,
    ) -> DspResult<()> {
        self.check(inverse, input.len(), output.len(), batch)?;
        let out_row = self.output_row_len(inverse);
        self.run_rows(inverse, input, output, batch, scale, threads)?;
        // A forward transform's DC bin is the sum of its row, so it is finite
        // exactly when every input is: one check per row instead of a scan.
        // The inverse real transform ignores some inputs, so it scans them.
        match (self.kind, inverse) {
            (FftKind::R2c, true) => finite::check(input),
            _ => finite::check_rows_dc(output, out_row),
        }
    }

    fn run_rows(&mut self, inverse: bool, input: &[T], output: &mut [T], batch: usize, scale: T, threads: Threads) -> DspResult<()> {
        let (in_row, out_row) = (self.input_row_len(inverse), self.output_row_len(inverse));
        if batch == 1 || threads == 1 || batch * self.n < crate::parallel::PARALLEL_WORK_THRESHOLD {
            for r in 0..batch {
                let (i, o) = (&input[r * in_row..][..in_row], &mut output[r * out_row..][..out_row]);
                run_row(&self.inner, &mut self.work, inverse, i, o, scale);
            }
            return Ok(());
        }
        let out = SharedMut(output.as_mut_ptr());
        let failure = Failure::new();
        let (inner, n) = (&self.inner, self.n);
        for_each_range(batch, 5 * n, threads, |rows| {
            let mut work = match Self::workspace(inner, n) {
                Ok(w) => w,
                Err(e) => return failure.set(e),
            };
            let out = out;
            for r in rows {
                // SAFETY: rows are disjoint, so each task writes its own part of `output`.
                let o = unsafe { std::slice::from_raw_parts_mut(out.0.add(r * out_row), out_row) };
                run_row(inner, &mut work, inverse, &input[r * in_row..][..in_row], o, scale);
            }
        });
        failure.result()
    }

    /// Complex plans only: transforms `batch` rows of `data` in place.
    pub fn execute_in_place(&mut self, inverse: bool, data: &mut [T], batch: usize, scale: T, threads: Threads) -> DspResult<()> {
        self.check(inverse, data.len(), data.len(), batch)?;
        let fft = match &self.inner {
            Inner::C2c { forward, inverse: inv, .. } => {
                if inverse {
                    inv
                } else {
                    forward
                }
            }
            Inner::R2c { .. } => return invalid("a real plan cannot run in place"),
        };
        let need = fft.get_inplace_scratch_len();
        let run = |scratch: &mut Vec<Complex<T>>, rows: &mut [Complex<T>], _: usize| {
            fft.process_with_scratch(rows, &mut scratch[..need]);
            scale_complex(rows, scale);
        };
        let rows = Lines { outer: batch, len: self.n, stride: 1 };
        if batch == 1 || threads == 1 || batch * self.n < crate::parallel::PARALLEL_WORK_THRESHOLD {
            run(&mut self.work.scratch, as_complex_mut(data), batch);
        } else {
            lines::in_place(as_complex_mut(data), rows, threads, || try_zeroed(need), run)?;
        }
        finite::check_rows_dc(data, 2 * self.n)
    }
}

fn run_row<T: Planners>(inner: &Inner<T>, work: &mut Workspace<T>, inverse: bool, input: &[T], output: &mut [T], scale: T) {
    match inner {
        Inner::C2c { forward, inverse: inv, direct } => {
            let fft = if inverse { inv } else { forward };
            let out = as_complex_mut(output);
            if *direct {
                let need = fft.get_immutable_scratch_len();
                fft.process_immutable_with_scratch(as_complex(input), out, &mut work.scratch[..need]);
            } else {
                out.copy_from_slice(as_complex(input));
                let need = fft.get_inplace_scratch_len();
                fft.process_with_scratch(out, &mut work.scratch[..need]);
            }
            scale_complex(out, scale);
        }
        Inner::R2c { forward, inverse: inv } => {
            if !inverse {
                work.real_in.copy_from_slice(input);
                let out = as_complex_mut(output);
                let need = forward.get_scratch_len();
                // Lengths were checked above, so realfft cannot report an error here.
                let _ = forward.process_with_scratch(&mut work.real_in, out, &mut work.scratch[..need]);
                scale_complex(out, scale);
            } else {
                let n = inv.len();
                work.half_in.copy_from_slice(as_complex(input));
                // numpy ignores these imaginary parts; realfft would object to them.
                work.half_in[0].im = T::zero();
                if n % 2 == 0 {
                    work.half_in[n / 2].im = T::zero();
                }
                let need = inv.get_scratch_len();
                let _ = inv.process_with_scratch(&mut work.half_in, output, &mut work.scratch[..need]);
                scale_real(output, scale);
            }
        }
    }
}

pub(crate) fn scale_complex<T: Planners>(data: &mut [Complex<T>], scale: T) {
    if scale != T::one() {
        for c in data {
            c.re = c.re * scale;
            c.im = c.im * scale;
        }
    }
}

pub(crate) fn scale_real<T: Planners>(data: &mut [T], scale: T) {
    if scale != T::one() {
        for x in data {
            *x = *x * scale;
        }
    }
}

impl From<std::collections::TryReserveError> for DspError {
    fn from(_: std::collections::TryReserveError) -> Self {
        DspError::OutOfMemory
    }
}
