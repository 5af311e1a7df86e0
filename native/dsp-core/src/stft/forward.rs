//! The forward STFT. Frames are read from a *virtual* padded signal: samples
//! outside the signal come from the pad mode at the moment a frame needs
//! them, so the signal is never copied. Each frame is transformed on its own
//! by one plan, so a frame's bits do not depend on which call, batch position
//! or thread computed it (streams rely on that).

use num_complex::Complex;

use crate::error::{invalid, try_zeroed, DspError, DspResult};
use crate::fft::{as_complex, as_complex_mut, finite, Planners};
use crate::parallel::{for_each_range, SharedMut, Threads};
use crate::prefetch;

/// How samples outside the signal are made (numpy.pad modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadMode {
    /// Zeros.
    Constant,
    /// Mirrored about the end samples, which are not repeated (periodic when the pad outgrows the signal).
    Reflect,
    /// The end sample repeated.
    Edge,
}

/// What each frame's row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StftOutput {
    /// Interleaved complex bins.
    Complex,
    /// |X|·scale.
    Magnitude,
    /// |X|²·scale.
    Power,
}

#[derive(Debug, Clone, Copy)]
pub struct StftParams {
    /// Interleaved complex input (two-sided, n_fft bins) instead of real (n_fft/2 + 1 bins).
    pub complex: bool,
    pub n_fft: usize,
    pub hop: usize,
    /// Signal index (in samples) where frame 0 starts; negative reads the left pad.
    pub start: i64,
    pub n_frames: usize,
    pub pad: PadMode,
    pub output: StftOutput,
    /// Two-sided output with DC centred (numpy.fft.fftshift per frame); complex input only.
    pub shift: bool,
    /// Factor on magnitude and power outputs.
    pub scale: f64,
}

impl StftParams {
    pub fn bins(&self) -> usize {
        if self.complex {
            self.n_fft
        } else {
            self.n_fft / 2 + 1
        }
    }

    /// Scalars per output row.
    pub fn row_len(&self) -> usize {
        match self.output {
            StftOutput::Complex => 2 * self.bins(),
            _ => self.bins(),
        }
    }
}

/// The signal index a padded position `p` reads, or `None` for a zero.
#[inline]
pub(crate) fn source(p: i64, len: usize, pad: PadMode) -> Option<usize> {
    let n = len as i64;
    if p >= 0 && p < n {
        return Some(p as usize);
    }
    match pad {
        PadMode::Constant => None,
        PadMode::Edge => Some(if p < 0 { 0 } else { len - 1 }),
        PadMode::Reflect => {
            if n == 1 {
                return Some(0);
            }
            let period = 2 * (n - 1);
            let mut m = p.rem_euclid(period);
            if m >= n {
                m = period - m;
            }
            Some(m as usize)
        }
    }
}

/// Fills `frame` (n_fft samples of type E: T for real input, Complex<T> for
/// complex) with the windowed samples of the padded signal starting at
/// `begin`, for frames that reach into the pad (see `window_into` for the others).
fn gather<T: Planners, E: Copy + Default + std::ops::Mul<T, Output = E>>(signal: &[E], window: &[T], begin: i64, pad: PadMode, frame: &mut [E]) {
    for (j, (f, &w)) in frame.iter_mut().zip(window).enumerate() {
        *f = match source(begin + j as i64, signal.len(), pad) {
            Some(i) => signal[i] * w,
            None => E::default(),
        };
    }
}

/// How many frames ahead of the one being windowed the signal is prefetched.
/// Windowing streams a frame's samples from memory, where the hardware
/// prefetcher, restarting at every 4 KiB page after an FFT's pause, leaves
/// loads waiting; asking for a later frame's lines while windowing this one
/// has them in cache by the time they are read. Measured on f32 IQ, n_fft
/// 1024, power, AVX, one thread, thread CPU time, with and without it in one
/// process, alternating (load 2.1–2.4): hop 1024 1.54 ms against 1.74, hop
/// 256 5.9 ms against 6.4, real input (n_fft 2048, hop 512) 11.1 ms against
/// 11.6. 1 and 4 frames did about as well as 2 in a first probe.
const PREFETCH_FRAMES: usize = 2;

/// `dst = src · window`, sample by sample (a complex sample times a real
/// window value), prefetching one line of `upcoming` per line of `src` read
/// until all of `upcoming` is requested (one plain loop when there is
/// nothing to prefetch). The steps are exactly one line of samples, a length
/// fixed at compile time, so each step's multiplies unroll into whole
/// vectors with the prefetch between them. Measured against multiplying the
/// interleaved frame as flat scalars by a window holding each value twice
/// (an A/B of both in one process, alternating, thread CPU time, f32 IQ,
/// n_fft 1024, power, load 2.4–2.7): hop 1024 1.45–1.49 ms against
/// 1.78–1.80, hop 256 5.8–6.0 ms against 7.0–7.2, and real input (n_fft
/// 2048, hop 512) 10.9 ms against 11.8. The flat loop's ragged `chunks` kept
/// its multiplies from vectorising whole; the flat form in these same steps
/// is still 4–6 % slower at hop 256 (see WINDOW_COMPLEX_FLAT).
#[inline]
fn window_into<T: Planners, E: Copy + std::ops::Mul<T, Output = E>>(dst: &mut [E], src: &[E], window: &[T], upcoming: &[E]) {
    let step = (prefetch::LINE_BYTES / std::mem::size_of::<E>()).max(1);
    let whole = if upcoming.is_empty() { 0 } else { dst.len() - dst.len() % step };
    let (dst_steps, dst_rest) = dst.split_at_mut(whole);
    let (src_steps, src_rest) = src.split_at(whole);
    let (window_steps, window_rest) = window.split_at(whole);
    let mut ahead = upcoming.chunks(step);
    for ((d, s), w) in dst_steps.chunks_exact_mut(step).zip(src_steps.chunks_exact(step)).zip(window_steps.chunks_exact(step)) {
        if let Some(line) = ahead.next() {
            prefetch::line(line.as_ptr());
        }
        for ((d, &x), &w) in d.iter_mut().zip(s).zip(w) {
            *d = x * w;
        }
    }
    for ((d, &x), &w) in dst_rest.iter_mut().zip(src_rest).zip(window_rest) {
        *d = x * w;
    }
}

/// Whether complex frames are windowed as flat scalars times a window holding
/// each value twice, instead of complex samples times real window values.
/// On wasm the flat form is the one simd128 multiplies in whole f32x4
/// vectors (Node 20, f32 IQ, n_fft 1024, power, both modules alternating in
/// one process, load 5: hop 1024 4.36 ms against 4.92, hop 256 14.0 against
/// 15.6); natively complex × real in `window_into`'s line steps was 4–6 %
/// faster at hop 256 than the flat form in the same steps, and level at hop 1024.
const WINDOW_COMPLEX_FLAT: bool = cfg!(target_arch = "wasm32");

/// The samples (flat scalars) frame `f` reads that frame `f - 1` did not,
/// clipped to the signal: what prefetching for frame `f` must fetch.
fn fresh_samples<'a, T>(flat: &'a [T], per: usize, p: &StftParams, f: usize) -> &'a [T] {
    let len = (flat.len() / per) as i64;
    let begin = p.start + (f * p.hop) as i64;
    let end = begin + p.n_fft as i64;
    let from = if f > 0 && p.hop < p.n_fft { end - p.hop as i64 } else { begin };
    let (from, end) = (from.clamp(0, len) as usize, end.clamp(0, len) as usize);
    &flat[from * per..end.max(from) * per]
}

/// Writes `bins` into an output row: rotated by `shift` (fftshift), as
/// complex values, magnitudes or powers. Two contiguous passes, no index
/// arithmetic per bin, so the loops vectorise.
fn write_row<T: Planners>(bins: &[Complex<T>], row: &mut [T], params: &StftParams) {
    let scale = T::cast(params.scale);
    let n = bins.len();
    let offset = if params.shift { n - n / 2 } else { 0 };
    let (head, tail) = (&bins[offset..], &bins[..offset]);
    match params.output {
        StftOutput::Complex => {
            let out = as_complex_mut(row);
            out[..n - offset].copy_from_slice(head);
            out[n - offset..].copy_from_slice(tail);
        }
        StftOutput::Power => {
            let (a, b) = row.split_at_mut(n - offset);
            power_into(head, a, scale);
            power_into(tail, b, scale);
        }
        StftOutput::Magnitude => {
            let (a, b) = row.split_at_mut(n - offset);
            power_into(head, a, T::one());
            power_into(tail, b, T::one());
            for r in row.iter_mut() {
                *r = r.sqrt() * scale;
            }
        }
    }
}

#[inline]
fn power_into<T: Planners>(bins: &[Complex<T>], out: &mut [T], scale: T) {
    if scale == T::one() {
        for (r, c) in out.iter_mut().zip(bins) {
            *r = c.re * c.re + c.im * c.im;
        }
    } else {
        for (r, c) in out.iter_mut().zip(bins) {
            *r = (c.re * c.re + c.im * c.im) * scale;
        }
    }
}

/// Whether a frame's DC bin (the sum of its windowed samples) is finite:
/// a NaN or infinite sample in the frame makes it NaN or infinite (an
/// infinity times a zero of the window is NaN too), so this proves the frame finite.
#[inline]
fn finite_dc<T: Planners>(dc: Complex<T>) -> bool {
    dc.re.is_finite() && dc.im.is_finite()
}

/// Checks the samples no frame reads (before the first frame, after the
/// last, between frames when hop > n_fft): frames vouch for the rest.
fn check_unread<T: Planners>(signal: &[T], p: &StftParams) -> DspResult<()> {
    let per = if p.complex { 2 } else { 1 };
    let len = (signal.len() / per) as i64;
    if p.n_frames == 0 || p.hop > p.n_fft {
        return finite::check(signal);
    }
    let first = p.start.max(0).min(len) as usize;
    let end = (p.start + ((p.n_frames - 1) * p.hop + p.n_fft) as i64).max(0).min(len) as usize;
    finite::check(&signal[..first * per])?;
    finite::check(&signal[end.max(first) * per..])
}

fn as_flat_mut<T>(data: &mut [Complex<T>]) -> &mut [T] {
    // SAFETY: Complex<T> is #[repr(C)] { re, im }.
    unsafe { std::slice::from_raw_parts_mut(data.as_mut_ptr() as *mut T, 2 * data.len()) }
}

/// One task's buffers.
struct Scratch<T> {
    real: Vec<T>,
    frame: Vec<Complex<T>>,
    fft: Vec<Complex<T>>,
}

fn check<T: Planners>(signal: &[T], window: &[T], p: &StftParams, out: &[T]) -> DspResult<()> {
    if p.n_fft == 0 {
        return invalid("n_fft must be at least 1");
    }
    if p.hop == 0 {
        return invalid("hop must be at least 1");
    }
    if window.len() != p.n_fft {
        return invalid(format!("window has {} values, n_fft is {}", window.len(), p.n_fft));
    }
    if p.complex && signal.len() % 2 != 0 {
        return invalid(format!("interleaved complex signal has odd length {}", signal.len()));
    }
    if signal.is_empty() {
        return invalid("signal is empty");
    }
    if p.shift && !p.complex {
        return invalid("shift applies to complex (two-sided) input only");
    }
    let want = p.n_frames.checked_mul(p.row_len());
    if want != Some(out.len()) {
        return invalid(format!("output has {} scalars, {} frames need {}", out.len(), p.n_frames, p.n_frames.saturating_mul(p.row_len())));
    }
    Ok(())
}

/// Transforms `params.n_frames` frames of `signal` (real, or interleaved
/// complex) into `out`, one row per frame. `window` has n_fft values.
pub fn stft<T: Planners>(signal: &[T], window: &[T], params: &StftParams, out: &mut [T], threads: Threads) -> DspResult<()> {
    check(signal, window, params, out)?;
    finite::check(window)?;
    check_unread(signal, params)?;
    let p = *params;
    let n = p.n_fft;
    let row = p.row_len();
    let base = SharedMut(out.as_mut_ptr());
    let failure = std::sync::Mutex::new(None::<DspError>);
    let non_finite = std::sync::atomic::AtomicBool::new(false);
    // realfft writes n/2+1 bins; complex FFTs run in place on `frame`.
    let real_plan = if p.complex { None } else { Some(T::real_forward(n)) };
    let complex_plan = if p.complex { Some(T::complex_fft(n, rustfft::FftDirection::Forward)) } else { None };
    let scratch_len = match (&real_plan, &complex_plan) {
        (Some(r), _) => r.get_scratch_len(),
        (_, Some(c)) => c.get_inplace_scratch_len(),
        _ => 0,
    };
    // The window with each value twice, for WINDOW_COMPLEX_FLAT.
    let doubled: Vec<T> = if p.complex && WINDOW_COMPLEX_FLAT { window.iter().flat_map(|&w| [w, w]).collect() } else { Vec::new() };
    // Scalars per sample, and the signal's length in samples.
    let per = if p.complex { 2 } else { 1 };
    let len = (signal.len() / per) as i64;
    for_each_range(p.n_frames, 5 * n, threads, |frames| {
        let base = base;
        let scratch = (|| -> DspResult<Scratch<T>> {
            Ok(Scratch {
                real: if p.complex { Vec::new() } else { try_zeroed(n)? },
                frame: try_zeroed(if p.complex { n } else { n / 2 + 1 })?,
                fft: try_zeroed(scratch_len)?,
            })
        })();
        let mut s = match scratch {
            Ok(s) => s,
            Err(e) => {
                *failure.lock().unwrap_or_else(|x| x.into_inner()) = Some(e);
                return;
            }
        };
        let mut finite = true;
        let last = frames.end;
        for f in frames {
            let begin = p.start + (f * p.hop) as i64;
            // SAFETY: each frame owns its own output row.
            let out_row = unsafe { std::slice::from_raw_parts_mut(base.0.add(f * row), row) };
            let upcoming = if prefetch::ENABLED && f + PREFETCH_FRAMES < last { fresh_samples(signal, per, &p, f + PREFETCH_FRAMES) } else { &[] };
            let inside = begin >= 0 && begin + n as i64 <= len;
            if let Some(plan) = &real_plan {
                if inside {
                    window_into(&mut s.real, &signal[begin as usize..begin as usize + n], window, upcoming);
                } else {
                    gather(signal, window, begin, p.pad, &mut s.real);
                }
                if p.output == StftOutput::Complex {
                    let bins = as_complex_mut(out_row);
                    // Lengths match the plan, so realfft cannot fail here.
                    let _ = plan.process_with_scratch(&mut s.real, bins, &mut s.fft);
                    finite &= finite_dc(bins[0]);
                } else {
                    let _ = plan.process_with_scratch(&mut s.real, &mut s.frame, &mut s.fft);
                    finite &= finite_dc(s.frame[0]);
                    write_row(&s.frame, out_row, &p);
                }
            } else if let Some(plan) = &complex_plan {
                if inside {
                    let samples = begin as usize..begin as usize + n;
                    if WINDOW_COMPLEX_FLAT {
                        window_into(as_flat_mut(&mut s.frame), &signal[2 * samples.start..2 * samples.end], &doubled, upcoming);
                    } else {
                        window_into(&mut s.frame, &as_complex(signal)[samples], window, as_complex(upcoming));
                    }
                } else {
                    gather(as_complex(signal), window, begin, p.pad, &mut s.frame);
                }
                plan.process_with_scratch(&mut s.frame, &mut s.fft);
                finite &= finite_dc(s.frame[0]);
                write_row(&s.frame, out_row, &p);
            }
        }
        if !finite {
            non_finite.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    });
    if non_finite.into_inner() {
        return Err(DspError::NonFinite);
    }
    match failure.into_inner().unwrap_or_else(|x| x.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflect_matches_numpy_pad() {
        // numpy.pad([0, 1, 2, 3], 5, mode='reflect') → [1 2 3 2 1 | 0 1 2 3 | 2 1 0 1 2]
        let left: Vec<usize> = (-5..0).map(|p| source(p, 4, PadMode::Reflect).unwrap()).collect();
        let right: Vec<usize> = (4..9).map(|p| source(p, 4, PadMode::Reflect).unwrap()).collect();
        assert_eq!(left, vec![1, 2, 3, 2, 1]);
        assert_eq!(right, vec![2, 1, 0, 1, 2]);
        assert_eq!(source(-2, 3, PadMode::Edge), Some(0));
        assert_eq!(source(7, 3, PadMode::Constant), None);
    }

    fn direct(frame: &[f64]) -> Vec<(f64, f64)> {
        let n = frame.len();
        (0..n)
            .map(|k| {
                let (mut re, mut im) = (0.0, 0.0);
                for (j, &x) in frame.iter().enumerate() {
                    let a = -2.0 * std::f64::consts::PI * ((j * k) % n) as f64 / n as f64;
                    re += x * a.cos();
                    im += x * a.sin();
                }
                (re, im)
            })
            .collect()
    }

    #[test]
    fn real_frames_match_a_direct_dft_for_any_thread_count() {
        let signal: Vec<f64> = (0..300).map(|i| ((i * 7919) % 101) as f64 / 50.0 - 1.0).collect();
        let n = 64;
        let window = super::super::window(super::super::WindowKind::Hann, n, true).unwrap();
        for pad in [PadMode::Constant, PadMode::Reflect, PadMode::Edge] {
            let p = StftParams { complex: false, n_fft: n, hop: 16, start: -32, n_frames: 1 + (300 + 64 - 64) / 16, pad, output: StftOutput::Complex, shift: false, scale: 1.0 };
            let mut out = vec![0.0; p.n_frames * p.row_len()];
            stft(&signal, &window, &p, &mut out, 1).unwrap();
            for f in 0..p.n_frames {
                let frame: Vec<f64> = (0..n)
                    .map(|j| source(p.start + (f * 16 + j) as i64, 300, pad).map_or(0.0, |i| signal[i]) * window[j])
                    .collect();
                let want = direct(&frame);
                for k in 0..=n / 2 {
                    assert!((out[f * p.row_len() + 2 * k] - want[k].0).abs() < 1e-12);
                    assert!((out[f * p.row_len() + 2 * k + 1] - want[k].1).abs() < 1e-12);
                }
            }
            let mut threaded = vec![0.0; out.len()];
            stft(&signal, &window, &p, &mut threaded, 4).unwrap();
            assert_eq!(out, threaded);
        }
    }

    #[test]
    fn refuses_bad_input() {
        let w = vec![1.0f32; 8];
        let p = StftParams { complex: false, n_fft: 8, hop: 0, start: 0, n_frames: 1, pad: PadMode::Constant, output: StftOutput::Power, shift: false, scale: 1.0 };
        let mut out = vec![0.0f32; 5];
        assert!(stft(&[0.0f32; 8], &w, &p, &mut out, 1).is_err());
        let p = StftParams { hop: 4, ..p };
        assert_eq!(stft(&[f32::NAN; 8], &w, &p, &mut out, 1), Err(DspError::NonFinite));
        assert!(stft(&[0.0f32; 8], &w[..4], &p, &mut out, 1).is_err());
    }
}
