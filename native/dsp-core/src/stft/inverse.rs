//! The inverse STFT (librosa.istft): each frame's inverse real FFT times the
//! window, overlap-added, divided by the overlap-added squared window where
//! that exceeds the smallest normal number of the sample type.

use num_complex::Complex;

use crate::error::{invalid, try_zeroed, DspError, DspResult};
use crate::fft::{as_complex, finite, Planners};
use crate::parallel::{for_each_range, SharedMut, Threads};

#[derive(Debug, Clone, Copy)]
pub struct IstftParams {
    pub n_fft: usize,
    pub hop: usize,
    pub n_frames: usize,
    /// Where the output starts in the overlap-added signal (n_fft/2 when librosa's `center`).
    pub offset: usize,
}

/// Reconstructs `out.len()` samples from `n_frames` rows of n_fft/2 + 1
/// interleaved complex bins. Output past the overlap-added signal is zero.
pub fn istft<T: Planners>(spectrum: &[T], window: &[T], p: &IstftParams, out: &mut [T], threads: Threads) -> DspResult<()> {
    let n = p.n_fft;
    if n == 0 || p.hop == 0 || p.n_frames == 0 {
        return invalid("n_fft, hop and the number of frames must be at least 1");
    }
    if window.len() != n {
        return invalid(format!("window has {} values, n_fft is {}", window.len(), n));
    }
    let bins = n / 2 + 1;
    if p.n_frames.checked_mul(2 * bins) != Some(spectrum.len()) {
        return invalid(format!("spectrum has {} scalars, {} frames of {} bins need {}", spectrum.len(), p.n_frames, bins, p.n_frames * 2 * bins));
    }
    finite::check(spectrum)?;
    finite::check(window)?;
    let total = n + p.hop * (p.n_frames - 1);
    let mut frames: Vec<T> = try_zeroed(p.n_frames * n)?;
    let plan = T::real_inverse(n);
    let scale = T::cast(1.0 / n as f64);
    let base = SharedMut(frames.as_mut_ptr());
    let failure = std::sync::Mutex::new(None::<DspError>);
    for_each_range(p.n_frames, 5 * n, threads, |range| {
        let base = base;
        let buffers = (|| -> DspResult<(Vec<Complex<T>>, Vec<Complex<T>>)> { Ok((try_zeroed(bins)?, try_zeroed(plan.get_scratch_len())?)) })();
        let (mut half, mut scratch) = match buffers {
            Ok(b) => b,
            Err(e) => {
                *failure.lock().unwrap_or_else(|x| x.into_inner()) = Some(e);
                return;
            }
        };
        for f in range {
            half.copy_from_slice(as_complex(&spectrum[f * 2 * bins..(f + 1) * 2 * bins]));
            // numpy's irfft ignores these imaginary parts; realfft would refuse them.
            half[0].im = T::zero();
            if n % 2 == 0 {
                half[n / 2].im = T::zero();
            }
            // SAFETY: each frame owns its own row of `frames`.
            let row = unsafe { std::slice::from_raw_parts_mut(base.0.add(f * n), n) };
            let _ = plan.process_with_scratch(&mut half, row, &mut scratch);
            for (x, &w) in row.iter_mut().zip(window) {
                *x = *x * scale * w;
            }
        }
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|x| x.into_inner()) {
        return Err(e);
    }
    // Overlap-add in frame order, serially, so the sums are the same for any thread count.
    let end = total.min(p.offset + out.len());
    let mut signal: Vec<T> = try_zeroed(total)?;
    let mut sumsq: Vec<T> = try_zeroed(total)?;
    for f in 0..p.n_frames {
        let at = f * p.hop;
        for ((y, s), (&x, &w)) in signal[at..at + n].iter_mut().zip(&mut sumsq[at..at + n]).zip(frames[f * n..(f + 1) * n].iter().zip(window)) {
            *y = *y + x;
            *s = *s + w * w;
        }
    }
    let tiny = T::min_positive_value();
    for (i, o) in out.iter_mut().enumerate() {
        let at = p.offset + i;
        *o = if at < end {
            if sumsq[at] > tiny {
                signal[at] / sumsq[at]
            } else {
                signal[at]
            }
        } else {
            T::zero()
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{stft, window, PadMode, StftOutput, StftParams, WindowKind};
    use super::*;

    #[test]
    fn inverts_the_forward_transform() {
        let len = 1000;
        let signal: Vec<f64> = (0..len).map(|i| ((i * 37) % 23) as f64 / 11.0 - 1.0).collect();
        let n = 128;
        let w = window(WindowKind::Hann, n, true).unwrap();
        let frames = 1 + (len + n - n) / 32;
        let p = StftParams { complex: false, n_fft: n, hop: 32, start: -64, n_frames: frames, pad: PadMode::Constant, output: StftOutput::Complex, shift: false, scale: 1.0 };
        let mut spec = vec![0.0; frames * p.row_len()];
        stft(&signal, &w, &p, &mut spec, 0).unwrap();
        let mut back = vec![0.0; len];
        istft(&spec, &w, &IstftParams { n_fft: n, hop: 32, n_frames: frames, offset: 64 }, &mut back, 3).unwrap();
        for (a, b) in signal.iter().zip(&back) {
            assert!((a - b).abs() < 1e-12);
        }
    }
}
