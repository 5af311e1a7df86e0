//! The C ABI of the spectral audio features: constant-Q / variable-Q transforms, filter banks (mel, chroma).

use dsp_core::cqt::{self, VqtOutput, VqtParams};
use dsp_core::filterbank::apply_filterbank;
use dsp_core::stft::WindowKind;
use dsp_core::DspError;

use super::{guard, invalid, pad_mode_from_code, remember, slice, slice_mut, DTYPE_F32, DTYPE_F64};

#[allow(clippy::too_many_arguments)]
fn params(
    sr: f64,
    hop: usize,
    fmin: f64,
    n_bins: usize,
    bins_per_octave: usize,
    gamma: f64,
    filter_scale: f64,
    norm: f64,
    sparsity: f64,
    window: u32,
    window_param: f64,
    scale: i32,
    pad_mode: u32,
    output: u32,
) -> Result<VqtParams, DspError> {
    let pad = pad_mode_from_code(pad_mode)?;
    let output = match output {
        0 => VqtOutput::Complex,
        1 => VqtOutput::Magnitude,
        o => return Err(DspError::InvalidArgument(format!("unknown VQT output {}", o))),
    };
    Ok(VqtParams {
        sr,
        hop,
        fmin,
        n_bins,
        bins_per_octave,
        gamma: if gamma < 0.0 { None } else { Some(gamma) },
        filter_scale,
        norm,
        sparsity,
        window: WindowKind::from_code(window, window_param)?,
        scale: scale != 0,
        pad,
        output,
    })
}

/// Frames `dsp_vqt` makes of `signal_len` samples with these parameters, or 0
/// when it would refuse them (the reason is in `dsp_last_error`).
#[no_mangle]
pub extern "C" fn dsp_vqt_frames(
    signal_len: usize,
    sr: f64,
    hop: usize,
    fmin: f64,
    n_bins: usize,
    bins_per_octave: usize,
    gamma: f64,
    filter_scale: f64,
    window: u32,
    window_param: f64,
) -> usize {
    let mut frames = 0;
    let status = guard(|| {
        let p = params(sr, hop, fmin, n_bins, bins_per_octave, gamma, filter_scale, 1.0, 0.0, window, window_param, 1, 0, 0)?;
        frames = cqt::vqt_frames(signal_len, &p)?;
        Ok(())
    });
    if status != super::DSP_OK {
        return 0;
    }
    if frames == 0 {
        remember("no frames".into());
    }
    frames
}

/// Variable-Q transform (librosa.vqt; `gamma` 0 is librosa.cqt, a negative
/// `gamma` librosa's default) of `signal` into `out`: `dsp_vqt_frames` rows of
/// `n_bins` values, interleaved complex (`output` 0) or magnitudes (1).
/// `fmin` has the tuning applied; `norm` is the filters' p-norm (0 none, ∞ max).
///
/// # Safety
/// Buffers must hold the given lengths of `dtype`.
#[no_mangle]
pub unsafe extern "C" fn dsp_vqt(
    dtype: u32,
    signal: *const u8,
    signal_len: usize,
    sr: f64,
    hop: usize,
    fmin: f64,
    n_bins: usize,
    bins_per_octave: usize,
    gamma: f64,
    filter_scale: f64,
    norm: f64,
    sparsity: f64,
    window: u32,
    window_param: f64,
    scale: i32,
    pad_mode: u32,
    output: u32,
    out: *mut u8,
    out_len: usize,
    threads: u32,
) -> i32 {
    guard(|| {
        let p = params(sr, hop, fmin, n_bins, bins_per_octave, gamma, filter_scale, norm, sparsity, window, window_param, scale, pad_mode, output)?;
        match dtype {
            DTYPE_F32 => cqt::vqt(slice(signal as *const f32, signal_len)?, &p, slice_mut(out as *mut f32, out_len)?, threads),
            DTYPE_F64 => cqt::vqt(slice(signal as *const f64, signal_len)?, &p, slice_mut(out as *mut f64, out_len)?, threads),
            d => invalid(format!("unknown dtype {}", d)),
        }
    })
}

/// Applies `n_rows` filters of `n_in` weights (row-major) to each frame of
/// `n_in` values in `input`, writing `n_rows` values per frame to `out`.
///
/// # Safety
/// Buffers must hold the given lengths of `dtype`.
#[no_mangle]
pub unsafe extern "C" fn dsp_filterbank_apply(
    dtype: u32,
    input: *const u8,
    input_len: usize,
    n_in: usize,
    weights: *const u8,
    weights_len: usize,
    n_rows: usize,
    out: *mut u8,
    out_len: usize,
    threads: u32,
) -> i32 {
    guard(|| match dtype {
        DTYPE_F32 => apply_filterbank(slice(input as *const f32, input_len)?, n_in, slice(weights as *const f32, weights_len)?, n_rows, slice_mut(out as *mut f32, out_len)?, threads),
        DTYPE_F64 => apply_filterbank(slice(input as *const f64, input_len)?, n_in, slice(weights as *const f64, weights_len)?, n_rows, slice_mut(out as *mut f64, out_len)?, threads),
        d => invalid(format!("unknown dtype {}", d)),
    })
}
