//! The C ABI of the HPSS and pitch kernels (librosa.decompose.hpss,
//! librosa.util.softmask, librosa.yin, librosa.pyin). Declared in
//! include/dsp_core.h beside the rest; same status codes and guards.

use dsp_core::hpss::{self, HpssParams};
use dsp_core::hpss_signal::{hpss_signal, HpssSignalParams};
use dsp_core::pyin::{self, PyinParams};
use dsp_core::yin::{self, PitchFraming};
use dsp_core::DspError;

use super::{guard, invalid, pad_mode_from_code, slice, slice_mut, DTYPE_F32, DTYPE_F64};

/// librosa.decompose.hpss of `n_frames` rows of `n_bins` (interleaved complex
/// when `complex`, else magnitudes) into `harmonic` and `percussive`, each
/// `output_len` scalars: the masked spectrograms, or the masks when `masks`.
/// `power` may be infinity (hard masks).
///
/// # Safety
/// Buffers must hold the given lengths of `dtype`.
#[no_mangle]
pub unsafe extern "C" fn dsp_hpss(
    dtype: u32,
    complex: i32,
    input: *const u8,
    input_len: usize,
    n_frames: usize,
    n_bins: usize,
    kernel_harmonic: usize,
    kernel_percussive: usize,
    power: f64,
    margin_harmonic: f64,
    margin_percussive: f64,
    masks: i32,
    harmonic: *mut u8,
    percussive: *mut u8,
    output_len: usize,
    threads: u32,
) -> i32 {
    guard(|| {
        let p = HpssParams { complex: complex != 0, n_frames, n_bins, kernel_harmonic, kernel_percussive, power, margin_harmonic, margin_percussive, masks: masks != 0 };
        if harmonic == percussive && output_len > 0 {
            return invalid("harmonic and percussive outputs must be different buffers");
        }
        match dtype {
            DTYPE_F32 => hpss::hpss(slice(input as *const f32, input_len)?, &p, slice_mut(harmonic as *mut f32, output_len)?, slice_mut(percussive as *mut f32, output_len)?, threads),
            DTYPE_F64 => hpss::hpss(slice(input as *const f64, input_len)?, &p, slice_mut(harmonic as *mut f64, output_len)?, slice_mut(percussive as *mut f64, output_len)?, threads),
            d => invalid(format!("unknown dtype {}", d)),
        }
    })
}

/// librosa.effects.hpss: the STFT of `signal` (real; `n_frames` frames of
/// `window_len` = n_fft samples, hop `hop`, frame 0 at `start`, padded as
/// `pad_mode`), HPSS of it with the masks of `dsp_hpss`, and the inverse STFT
/// of each part (its first `istft_frames` frames, from sample `offset` of the
/// overlap-added signal) into `harmonic` and `percussive`, `out_len` samples each.
///
/// # Safety
/// Buffers must hold the given lengths of `dtype`.
#[no_mangle]
pub unsafe extern "C" fn dsp_hpss_signal(
    dtype: u32,
    signal: *const u8,
    signal_len: usize,
    start: i64,
    n_frames: usize,
    pad_mode: u32,
    window: *const u8,
    window_len: usize,
    hop: usize,
    istft_frames: usize,
    offset: usize,
    kernel_harmonic: usize,
    kernel_percussive: usize,
    power: f64,
    margin_harmonic: f64,
    margin_percussive: f64,
    harmonic: *mut u8,
    percussive: *mut u8,
    out_len: usize,
    threads: u32,
) -> i32 {
    guard(|| {
        let p = HpssSignalParams {
            n_fft: window_len,
            hop,
            start,
            n_frames,
            pad: pad_mode_from_code(pad_mode)?,
            istft_frames,
            offset,
            kernel_harmonic,
            kernel_percussive,
            power,
            margin_harmonic,
            margin_percussive,
        };
        if harmonic == percussive && out_len > 0 {
            return invalid("harmonic and percussive outputs must be different buffers");
        }
        match dtype {
            DTYPE_F32 => hpss_signal(slice(signal as *const f32, signal_len)?, slice(window as *const f32, window_len)?, &p, slice_mut(harmonic as *mut f32, out_len)?, slice_mut(percussive as *mut f32, out_len)?, threads),
            DTYPE_F64 => hpss_signal(slice(signal as *const f64, signal_len)?, slice(window as *const f64, window_len)?, &p, slice_mut(harmonic as *mut f64, out_len)?, slice_mut(percussive as *mut f64, out_len)?, threads),
            d => invalid(format!("unknown dtype {}", d)),
        }
    })
}

/// librosa.util.softmask(x, x_ref, power, split_zeros) over `len` values into `out`.
///
/// # Safety
/// Buffers must hold `len` values of `dtype`.
#[no_mangle]
pub unsafe extern "C" fn dsp_softmask(dtype: u32, x: *const u8, x_ref: *const u8, len: usize, power: f64, split_zeros: i32, out: *mut u8, threads: u32) -> i32 {
    guard(|| match dtype {
        DTYPE_F32 => hpss::softmask(slice(x as *const f32, len)?, slice(x_ref as *const f32, len)?, power, split_zeros != 0, slice_mut(out as *mut f32, len)?, threads),
        DTYPE_F64 => hpss::softmask(slice(x as *const f64, len)?, slice(x_ref as *const f64, len)?, power, split_zeros != 0, slice_mut(out as *mut f64, len)?, threads),
        d => invalid(format!("unknown dtype {}", d)),
    })
}

#[allow(clippy::too_many_arguments)]
fn framing(frame_length: usize, hop: usize, n_frames: usize, start: i64, pad: u32, min_period: usize, max_period: usize) -> Result<PitchFraming, DspError> {
    Ok(PitchFraming { frame_length, hop, n_frames, start, pad: pad_mode_from_code(pad)?, min_period, max_period })
}

/// librosa.yin: f0 of `n_frames` frames of `frame_length` samples, frame t
/// starting at `start + t·hop` of the signal padded by `pad_mode` (0 constant,
/// 1 reflect, 2 edge), periods `min_period..=max_period`, into `out`.
///
/// # Safety
/// Buffers must hold the given lengths of `dtype`.
#[no_mangle]
pub unsafe extern "C" fn dsp_yin(
    dtype: u32,
    signal: *const u8,
    signal_len: usize,
    frame_length: usize,
    hop: usize,
    n_frames: usize,
    start: i64,
    pad_mode: u32,
    min_period: usize,
    max_period: usize,
    sr: f64,
    trough_threshold: f64,
    out: *mut u8,
    out_len: usize,
    threads: u32,
) -> i32 {
    guard(|| {
        let f = framing(frame_length, hop, n_frames, start, pad_mode, min_period, max_period)?;
        match dtype {
            DTYPE_F32 => yin::yin(slice(signal as *const f32, signal_len)?, &f, sr, trough_threshold, slice_mut(out as *mut f32, out_len)?, threads),
            DTYPE_F64 => yin::yin(slice(signal as *const f64, signal_len)?, &f, sr, trough_threshold, slice_mut(out as *mut f64, out_len)?, threads),
            d => invalid(format!("unknown dtype {}", d)),
        }
    })
}

/// librosa.pyin with dsp_yin's framing: per frame the decoded pitch's
/// frequency `f0` (also where unvoiced), `voiced_flag` (1 or 0) and
/// `voiced_prob`, each `out_len` = n_frames values.
///
/// # Safety
/// Buffers must hold the given lengths of `dtype`.
#[no_mangle]
pub unsafe extern "C" fn dsp_pyin(
    dtype: u32,
    signal: *const u8,
    signal_len: usize,
    frame_length: usize,
    hop: usize,
    n_frames: usize,
    start: i64,
    pad_mode: u32,
    min_period: usize,
    max_period: usize,
    sr: f64,
    fmin: f64,
    n_thresholds: usize,
    beta_a: f64,
    beta_b: f64,
    boltzmann: f64,
    bins_per_semitone: usize,
    n_pitch_bins: usize,
    transition_width: usize,
    switch_prob: f64,
    no_trough_prob: f64,
    f0: *mut u8,
    voiced_flag: *mut u8,
    voiced_prob: *mut u8,
    out_len: usize,
    threads: u32,
) -> i32 {
    guard(|| {
        let f = framing(frame_length, hop, n_frames, start, pad_mode, min_period, max_period)?;
        let p = PyinParams { sr, fmin, n_thresholds, beta_a, beta_b, boltzmann, bins_per_semitone, n_pitch_bins, transition_width, switch_prob, no_trough_prob };
        if out_len > 0 && (f0 == voiced_flag || f0 == voiced_prob || voiced_flag == voiced_prob) {
            return invalid("the three outputs must be different buffers");
        }
        match dtype {
            DTYPE_F32 => pyin::pyin(
                slice(signal as *const f32, signal_len)?,
                &f,
                &p,
                slice_mut(f0 as *mut f32, out_len)?,
                slice_mut(voiced_flag as *mut f32, out_len)?,
                slice_mut(voiced_prob as *mut f32, out_len)?,
                threads,
            ),
            DTYPE_F64 => pyin::pyin(
                slice(signal as *const f64, signal_len)?,
                &f,
                &p,
                slice_mut(f0 as *mut f64, out_len)?,
                slice_mut(voiced_flag as *mut f64, out_len)?,
                slice_mut(voiced_prob as *mut f64, out_len)?,
                threads,
            ),
            d => invalid(format!("unknown dtype {}", d)),
        }
    })
}
