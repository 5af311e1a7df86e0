//! N-D transforms as 1-D passes over axes (numpy's fftn/rfftn/irfftn).

use rustfft::FftDirection;

use super::lines::{self, Lines};
use super::plan::{scale_complex, scale_real};
use super::planners::Planners;
use super::scratch::Scratch;
use super::{as_complex, as_complex_mut, finite, shape_len};
use crate::error::{invalid, try_zeroed, DspResult};
use crate::parallel::Threads;

/// Checks a shape and an axis list (distinct, in range, at least one).
pub(crate) fn check_axes(shape: &[usize], axes: &[usize]) -> DspResult<()> {
    if shape.is_empty() {
        return invalid("shape must have at least one dimension");
    }
    if shape.iter().any(|&d| d == 0) {
        return invalid("every dimension of shape must be at least 1");
    }
    if shape_len(shape).is_none() {
        return invalid("shape is too large");
    }
    if axes.is_empty() {
        return invalid("axes must name at least one axis");
    }
    for (i, &a) in axes.iter().enumerate() {
        if a >= shape.len() {
            return invalid(format!("axis {} is out of range for a rank-{} shape", a, shape.len()));
        }
        if axes[..i].contains(&a) {
            return invalid(format!("axis {} is repeated", a));
        }
    }
    Ok(())
}

fn check_len(what: &str, got: usize, want: usize) -> DspResult<()> {
    if got != want {
        return invalid(format!("{} has {} scalars, the shape needs {}", what, got, want));
    }
    Ok(())
}

/// Complex transforms of `data` (interleaved, `shape` complex elements) in place along `axes`.
fn c2c_axes<T: Planners>(data: &mut [T], shape: &[usize], axes: &[usize], direction: FftDirection, threads: Threads) -> DspResult<()> {
    let data = as_complex_mut(data);
    for &axis in axes {
        let geom = Lines::along(shape, axis);
        let fft = T::complex_fft(geom.len, direction);
        let scratch_len = fft.get_inplace_scratch_len();
        lines::in_place(
            data,
            geom,
            threads,
            || Scratch::<T>::take(scratch_len),
            |scratch, block, _| fft.process_with_scratch(block, scratch.get()),
        )?;
    }
    Ok(())
}

/// N-D complex FFT over `axes` of `input` (interleaved, `shape` complex
/// elements) into `output`, multiplied by `scale`. With `input == None` the
/// transform runs in place on `output`.
pub fn fftn_c2c<T: Planners>(
    shape: &[usize],
    axes: &[usize],
    inverse: bool,
    scale: T,
    input: Option<&[T]>,
    output: &mut [T],
    threads: Threads,
) -> DspResult<()> {
    check_axes(shape, axes)?;
    let len = 2 * shape_len(shape).unwrap_or(0);
    check_len("output", output.len(), len)?;
    if let Some(input) = input {
        check_len("input", input.len(), len)?;
        output.copy_from_slice(input);
    }
    c2c_in_place(shape, axes, inverse, output, threads)?;
    scale_complex(as_complex_mut(output), scale);
    finite::check(output)
}

/// [`fftn_c2c`] in place, unscaled and without its scan for NaN: for callers
/// that check their own, smaller result, which any NaN here reaches (the
/// NUFFT checks its output, not its fine grid).
pub(crate) fn c2c_in_place<T: Planners>(shape: &[usize], axes: &[usize], inverse: bool, data: &mut [T], threads: Threads) -> DspResult<()> {
    check_axes(shape, axes)?;
    check_len("output", data.len(), 2 * shape_len(shape).unwrap_or(0))?;
    let direction = if inverse { FftDirection::Inverse } else { FftDirection::Forward };
    c2c_axes(data, shape, axes, direction, threads)
}

/// The complex shape of a real array's half-spectrum along `last`.
pub fn half_shape(real_shape: &[usize], last: usize) -> Vec<usize> {
    let mut s = real_shape.to_vec();
    s[last] = real_shape[last] / 2 + 1;
    s
}

/// N-D real FFT (numpy `rfftn`): real `input` of `real_shape` into the
/// half-spectrum along the last of `axes`, full spectra along the others.
pub fn rfftn<T: Planners>(
    real_shape: &[usize],
    axes: &[usize],
    scale: T,
    input: &[T],
    output: &mut [T],
    threads: Threads,
) -> DspResult<()> {
    check_axes(real_shape, axes)?;
    let last = axes[axes.len() - 1];
    let cshape = half_shape(real_shape, last);
    check_len("input", input.len(), shape_len(real_shape).unwrap_or(0))?;
    check_len("output", output.len(), 2 * shape_len(&cshape).unwrap_or(0))?;
    let geom = Lines::along(real_shape, last);
    let r2c = T::real_forward(geom.len);
    let scratch_len = r2c.get_scratch_len();
    lines::mapped(
        input,
        as_complex_mut(output),
        geom,
        cshape[last],
        threads,
        || Scratch::<T>::take(scratch_len),
        |scratch, src, dst, count| {
            let (n, h) = (geom.len, cshape[last]);
            for c in 0..count {
                let _ = r2c.process_with_scratch(&mut src[c * n..][..n], &mut dst[c * h..][..h], scratch.get());
            }
        },
    )?;
    c2c_axes(output, &cshape, &axes[..axes.len() - 1], FftDirection::Forward, threads)?;
    scale_complex(as_complex_mut(output), scale);
    finite::check(output)
}

/// N-D inverse real FFT (numpy `irfftn` with `s = real_shape`): `input` is the
/// half-spectrum (complex shape `real_shape` with the last axis `n/2+1`).
pub fn irfftn<T: Planners>(
    real_shape: &[usize],
    axes: &[usize],
    scale: T,
    input: &[T],
    output: &mut [T],
    threads: Threads,
) -> DspResult<()> {
    check_axes(real_shape, axes)?;
    let last = axes[axes.len() - 1];
    let cshape = half_shape(real_shape, last);
    check_len("input", input.len(), 2 * shape_len(&cshape).unwrap_or(0))?;
    check_len("output", output.len(), shape_len(real_shape).unwrap_or(0))?;
    finite::check(input)?;
    let mut spectrum: Vec<T> = try_zeroed(input.len())?;
    spectrum.copy_from_slice(input);
    c2c_axes(&mut spectrum, &cshape, &axes[..axes.len() - 1], FftDirection::Inverse, threads)?;
    let geom = Lines::along(&cshape, last);
    let n = real_shape[last];
    let c2r = T::real_inverse(n);
    let scratch_len = c2r.get_scratch_len();
    lines::mapped(
        as_complex(&spectrum),
        output,
        geom,
        n,
        threads,
        || Scratch::<T>::take(scratch_len),
        |scratch, src, dst, count| {
            let h = geom.len;
            for c in 0..count {
                let line = &mut src[c * h..][..h];
                // numpy ignores the imaginary parts of DC and (even n) Nyquist.
                line[0].im = T::zero();
                if n % 2 == 0 {
                    line[h - 1].im = T::zero();
                }
                let _ = c2r.process_with_scratch(line, &mut dst[c * n..][..n], scratch.get());
            }
        },
    )?;
    scale_real(output, scale);
    Ok(())
}
