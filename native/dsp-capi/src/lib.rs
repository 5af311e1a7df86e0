//! The C ABI of the @dsp core, shared by the Node-API addon (static library)
//! and the WebAssembly module (raw exports).
//!
//! Every function returns a status code and never unwinds into its caller:
//! panics are caught (natively; on wasm32 they trap, and the loader rebuilds
//! the instance). The message of the last failure on this thread is kept for
//! `dsp_last_error`. The header is `include/dsp_core.h`; keep the two in step
//! and bump `DSP_ABI_VERSION` on any change of signature or meaning.

use std::cell::RefCell;
use std::ffi::CString;
use std::os::raw::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use dsp_core::fft::{self, DctNorm, FftKind, FftPlan};
use dsp_core::DspError;

mod nufft;
pub use nufft::*;
mod spectral;
pub use spectral::{dsp_convolve_direct, dsp_spectral_top_k};
mod features_spectral;
pub use features_spectral::{dsp_filterbank_apply, dsp_vqt, dsp_vqt_frames};
// HPSS, soft masks, YIN and pYIN (audio features, issue 4).
mod features_hpss_pitch;
pub use features_hpss_pitch::{dsp_hpss, dsp_hpss_signal, dsp_pyin, dsp_softmask, dsp_yin};

/// Bumped whenever a signature or meaning below changes; both loaders refuse a mismatch.
pub const DSP_ABI_VERSION: u32 = 4;

pub const DSP_OK: i32 = 0;
pub const DSP_ERR_INVALID_ARGUMENT: i32 = 1;
pub const DSP_ERR_OUT_OF_MEMORY: i32 = 2;
pub const DSP_ERR_INVALID_HANDLE: i32 = 3;
pub const DSP_ERR_INTERNAL: i32 = 4;
pub const DSP_ERR_NON_FINITE: i32 = 5;

const DTYPE_F32: u32 = 0;
const DTYPE_F64: u32 = 1;

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

fn remember(msg: String) {
    let msg = CString::new(msg.replace('\0', " ")).unwrap_or_default();
    LAST_ERROR.with(|e| *e.borrow_mut() = msg);
}

/// Runs `body`, turning its error or panic into a status code.
fn guard(body: impl FnOnce() -> Result<(), DspError>) -> i32 {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => DSP_OK,
        Ok(Err(DspError::InvalidArgument(msg))) => {
            remember(msg);
            DSP_ERR_INVALID_ARGUMENT
        }
        Ok(Err(DspError::OutOfMemory)) => {
            remember("out of memory".into());
            DSP_ERR_OUT_OF_MEMORY
        }
        Ok(Err(DspError::NonFinite)) => {
            remember("the input holds NaN or Infinity".into());
            DSP_ERR_NON_FINITE
        }
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            remember(format!("internal error: {}", msg));
            DSP_ERR_INTERNAL
        }
    }
}

fn invalid(msg: impl Into<String>) -> Result<(), DspError> {
    Err(DspError::InvalidArgument(msg.into()))
}

/// The ABI's pad mode codes (dsp_core.h): 0 constant, 1 reflect, 2 edge.
pub(crate) fn pad_mode_from_code(code: u32) -> Result<PadMode, DspError> {
    match code {
        0 => Ok(PadMode::Constant),
        1 => Ok(PadMode::Reflect),
        2 => Ok(PadMode::Edge),
        m => Err(DspError::InvalidArgument(format!("unknown pad mode {}", m))),
    }
}

/// The ABI version this library implements.
#[no_mangle]
pub extern "C" fn dsp_abi_version() -> u32 {
    DSP_ABI_VERSION
}

/// The message of this thread's last failed call (NUL-terminated, valid until the next failure).
#[no_mangle]
pub extern "C" fn dsp_last_error() -> *const c_char {
    LAST_ERROR.with(|e| e.borrow().as_ptr())
}

/// Threads a call with `threads = 0` may use (1 on wasm32).
#[no_mangle]
pub extern "C" fn dsp_available_threads() -> u32 {
    dsp_core::parallel::available_threads() as u32
}

const ALLOC_ALIGN: usize = 16;

/// Allocates `size` bytes aligned to 16 (wasm: the loader's staging memory).
/// Returns null when `size` is 0 or memory is exhausted.
#[no_mangle]
pub extern "C" fn dsp_alloc(size: usize) -> *mut u8 {
    if size == 0 {
        return std::ptr::null_mut();
    }
    match std::alloc::Layout::from_size_align(size, ALLOC_ALIGN) {
        // SAFETY: the layout has non-zero size.
        Ok(layout) => unsafe { std::alloc::alloc(layout) },
        Err(_) => std::ptr::null_mut(),
    }
}

/// Frees what `dsp_alloc(size)` returned.
///
/// # Safety
/// `ptr` must come from `dsp_alloc` with this same `size`, and not be freed twice.
#[no_mangle]
pub unsafe extern "C" fn dsp_free(ptr: *mut u8, size: usize) {
    if ptr.is_null() || size == 0 {
        return;
    }
    if let Ok(layout) = std::alloc::Layout::from_size_align(size, ALLOC_ALIGN) {
        std::alloc::dealloc(ptr, layout);
    }
}

unsafe fn slice<'a, T>(ptr: *const T, len: usize) -> Result<&'a [T], DspError> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return invalid("null buffer").map(|_| &[][..]);
    }
    Ok(std::slice::from_raw_parts(ptr, len))
}

unsafe fn slice_mut<'a, T>(ptr: *mut T, len: usize) -> Result<&'a mut [T], DspError> {
    if len == 0 {
        return Ok(&mut []);
    }
    if ptr.is_null() {
        return Err(DspError::InvalidArgument("null buffer".into()));
    }
    Ok(std::slice::from_raw_parts_mut(ptr, len))
}

/// An FFT plan of either precision, as handed to C.
pub enum DspFftPlan {
    F32(FftPlan<f32>),
    F64(FftPlan<f64>),
}

/// Makes a plan for `n`-point transforms. `kind`: 0 complex, 1 real; `dtype`: 0 f32, 1 f64.
///
/// # Safety
/// `out` must be a valid place to store the handle.
#[no_mangle]
pub unsafe extern "C" fn dsp_fft_plan_new(kind: u32, dtype: u32, n: usize, out: *mut *mut DspFftPlan) -> i32 {
    guard(|| {
        if out.is_null() {
            return invalid("null handle slot");
        }
        let kind = match kind {
            0 => FftKind::C2c,
            1 => FftKind::R2c,
            k => return invalid(format!("unknown FFT kind {}", k)),
        };
        let plan = match dtype {
            DTYPE_F32 => DspFftPlan::F32(FftPlan::new(kind, n)?),
            DTYPE_F64 => DspFftPlan::F64(FftPlan::new(kind, n)?),
            d => return invalid(format!("unknown dtype {}", d)),
        };
        *out = Box::into_raw(Box::new(plan));
        Ok(())
    })
}

/// Frees a plan (null is ignored).
///
/// # Safety
/// `plan` must come from `dsp_fft_plan_new` and not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn dsp_fft_plan_free(plan: *mut DspFftPlan) {
    if !plan.is_null() {
        drop(Box::from_raw(plan));
    }
}

/// Runs a plan on `batch` contiguous rows. Lengths count scalars (f32 or f64
/// as the plan's dtype). Complex plans may run in place (`input == output`).
///
/// # Safety
/// `plan` must be live; the buffers must hold the given lengths of the plan's dtype.
#[no_mangle]
pub unsafe extern "C" fn dsp_fft_plan_execute(
    plan: *mut DspFftPlan,
    inverse: i32,
    input: *const u8,
    input_len: usize,
    output: *mut u8,
    output_len: usize,
    batch: usize,
    scale: f64,
    threads: u32,
) -> i32 {
    if plan.is_null() {
        remember("null plan".into());
        return DSP_ERR_INVALID_HANDLE;
    }
    let inverse = inverse != 0;
    let in_place = input == output as *const u8;
    guard(|| match &mut *plan {
        DspFftPlan::F32(p) => run_plan(p, inverse, input as *const f32, input_len, output as *mut f32, output_len, batch, scale as f32, threads, in_place),
        DspFftPlan::F64(p) => run_plan(p, inverse, input as *const f64, input_len, output as *mut f64, output_len, batch, scale, threads, in_place),
    })
}

#[allow(clippy::too_many_arguments)]
unsafe fn run_plan<T: fft::Planners>(
    plan: &mut FftPlan<T>,
    inverse: bool,
    input: *const T,
    input_len: usize,
    output: *mut T,
    output_len: usize,
    batch: usize,
    scale: T,
    threads: u32,
    in_place: bool,
) -> Result<(), DspError> {
    if in_place {
        if input_len != output_len {
            return invalid("in-place buffers must have one length");
        }
        return plan.execute_in_place(inverse, slice_mut(output, output_len)?, batch, scale, threads);
    }
    plan.execute(inverse, slice(input, input_len)?, slice_mut(output, output_len)?, batch, scale, threads)
}

/// Which N-D transform a call runs.
enum Nd {
    C2c { inverse: bool },
    R2c,
    C2r,
    Dct { kind: u32, norm: DctNorm, inverse: bool },
}

#[allow(clippy::too_many_arguments)]
unsafe fn run_nd<T: fft::Planners>(
    what: &Nd,
    shape: &[usize],
    axes: &[usize],
    scale: T,
    input: *const T,
    input_len: usize,
    output: *mut T,
    output_len: usize,
    threads: u32,
) -> Result<(), DspError> {
    let in_place = input == output as *const T;
    let out = slice_mut(output, output_len)?;
    match *what {
        Nd::C2c { inverse } => {
            let inp = if in_place { None } else { Some(slice(input, input_len)?) };
            fft::fftn_c2c(shape, axes, inverse, scale, inp, out, threads)
        }
        Nd::Dct { kind, norm, inverse } => {
            let inp = if in_place { None } else { Some(slice(input, input_len)?) };
            fft::dctn(kind, norm, inverse, shape, axes, inp, out, threads)
        }
        _ if in_place => invalid("real transforms cannot run in place"),
        Nd::R2c => fft::rfftn(shape, axes, scale, slice(input, input_len)?, out, threads),
        Nd::C2r => fft::irfftn(shape, axes, scale, slice(input, input_len)?, out, threads),
    }
}

#[allow(clippy::too_many_arguments)]
unsafe fn nd_entry(
    what: Nd,
    dtype: u32,
    shape: *const usize,
    rank: usize,
    axes: *const usize,
    naxes: usize,
    scale: f64,
    input: *const u8,
    input_len: usize,
    output: *mut u8,
    output_len: usize,
    threads: u32,
) -> i32 {
    guard(|| {
        let (shape, axes) = (slice(shape, rank)?, slice(axes, naxes)?);
        match dtype {
            DTYPE_F32 => run_nd(&what, shape, axes, scale as f32, input as *const f32, input_len, output as *mut f32, output_len, threads),
            DTYPE_F64 => run_nd(&what, shape, axes, scale, input as *const f64, input_len, output as *mut f64, output_len, threads),
            d => invalid(format!("unknown dtype {}", d)),
        }
    })
}

/// N-D complex FFT over `axes` (interleaved data of `shape` complex elements), times `scale`.
///
/// # Safety
/// Pointers must be valid for the given lengths (`shape`: `rank`, `axes`: `naxes`, buffers: scalars).
#[no_mangle]
pub unsafe extern "C" fn dsp_fftn_c2c(
    dtype: u32,
    shape: *const usize,
    rank: usize,
    axes: *const usize,
    naxes: usize,
    inverse: i32,
    scale: f64,
    input: *const u8,
    input_len: usize,
    output: *mut u8,
    output_len: usize,
    threads: u32,
) -> i32 {
    nd_entry(Nd::C2c { inverse: inverse != 0 }, dtype, shape, rank, axes, naxes, scale, input, input_len, output, output_len, threads)
}

/// N-D real FFT of a real array of `shape`; the last of `axes` gets the half spectrum.
///
/// # Safety
/// As for `dsp_fftn_c2c`.
#[no_mangle]
pub unsafe extern "C" fn dsp_rfftn(
    dtype: u32,
    shape: *const usize,
    rank: usize,
    axes: *const usize,
    naxes: usize,
    scale: f64,
    input: *const u8,
    input_len: usize,
    output: *mut u8,
    output_len: usize,
    threads: u32,
) -> i32 {
    nd_entry(Nd::R2c, dtype, shape, rank, axes, naxes, scale, input, input_len, output, output_len, threads)
}

/// Inverse of `dsp_rfftn`: `shape` is the real output's shape.
///
/// # Safety
/// As for `dsp_fftn_c2c`.
#[no_mangle]
pub unsafe extern "C" fn dsp_irfftn(
    dtype: u32,
    shape: *const usize,
    rank: usize,
    axes: *const usize,
    naxes: usize,
    scale: f64,
    input: *const u8,
    input_len: usize,
    output: *mut u8,
    output_len: usize,
    threads: u32,
) -> i32 {
    nd_entry(Nd::C2r, dtype, shape, rank, axes, naxes, scale, input, input_len, output, output_len, threads)
}

/// N-D DCT of `kind` 1–4 (scipy.fft definitions); `norm`: 0 backward, 1 ortho, 2 forward.
///
/// # Safety
/// As for `dsp_fftn_c2c`.
#[no_mangle]
pub unsafe extern "C" fn dsp_dctn(
    dtype: u32,
    kind: u32,
    norm: u32,
    inverse: i32,
    shape: *const usize,
    rank: usize,
    axes: *const usize,
    naxes: usize,
    input: *const u8,
    input_len: usize,
    output: *mut u8,
    output_len: usize,
    threads: u32,
) -> i32 {
    let norm = match norm {
        0 => DctNorm::Backward,
        1 => DctNorm::Ortho,
        2 => DctNorm::Forward,
        n => {
            remember(format!("unknown DCT norm {}", n));
            return DSP_ERR_INVALID_ARGUMENT;
        }
    };
    nd_entry(Nd::Dct { kind, norm, inverse: inverse != 0 }, dtype, shape, rank, axes, naxes, 1.0, input, input_len, output, output_len, threads)
}

// --- windows and short-time transforms -----------------------------------------

use dsp_core::stft::{self as stft_core, IstftParams, PadMode, StftOutput, StftParams, WindowKind};

/// Writes the `out_len`-point window `kind` (codes `DSP_WINDOW_*`; `param` is
/// kaiser's beta, gaussian's std, tukey's alpha), computed in f64, into `out`.
///
/// # Safety
/// `out` must hold `out_len` values of `dtype`.
#[no_mangle]
pub unsafe extern "C" fn dsp_window(dtype: u32, kind: u32, periodic: i32, param: f64, out: *mut u8, out_len: usize) -> i32 {
    guard(|| {
        let w = stft_core::window(WindowKind::from_code(kind, param)?, out_len, periodic != 0)?;
        match dtype {
            DTYPE_F32 => {
                for (o, v) in slice_mut(out as *mut f32, out_len)?.iter_mut().zip(&w) {
                    *o = *v as f32;
                }
            }
            DTYPE_F64 => slice_mut(out as *mut f64, out_len)?.copy_from_slice(&w),
            d => return invalid(format!("unknown dtype {}", d)),
        }
        Ok(())
    })
}

/// Forward STFT of `signal` (real, or interleaved complex when `complex`):
/// `n_frames` frames of `n_fft` samples, frame f starting at sample
/// `start + f·hop` of the signal padded virtually by `pad_mode` (0 constant,
/// 1 reflect, 2 edge), times `window` (n_fft values). `output`: 0 complex
/// bins, 1 magnitude, 2 power (both times `scale`); `shift` centres DC of a
/// two-sided (complex-input) spectrum. Lengths count scalars.
///
/// # Safety
/// Buffers must hold the given lengths of `dtype`.
#[no_mangle]
pub unsafe extern "C" fn dsp_stft(
    dtype: u32,
    complex: i32,
    signal: *const u8,
    signal_len: usize,
    start: i64,
    n_frames: usize,
    pad_mode: u32,
    window: *const u8,
    window_len: usize,
    n_fft: usize,
    hop: usize,
    output: u32,
    shift: i32,
    scale: f64,
    out: *mut u8,
    out_len: usize,
    threads: u32,
) -> i32 {
    guard(|| {
        let pad = pad_mode_from_code(pad_mode)?;
        let output = match output {
            0 => StftOutput::Complex,
            1 => StftOutput::Magnitude,
            2 => StftOutput::Power,
            o => return invalid(format!("unknown STFT output {}", o)),
        };
        let p = StftParams { complex: complex != 0, n_fft, hop, start, n_frames, pad, output, shift: shift != 0, scale };
        match dtype {
            DTYPE_F32 => stft_core::stft(slice(signal as *const f32, signal_len)?, slice(window as *const f32, window_len)?, &p, slice_mut(out as *mut f32, out_len)?, threads),
            DTYPE_F64 => stft_core::stft(slice(signal as *const f64, signal_len)?, slice(window as *const f64, window_len)?, &p, slice_mut(out as *mut f64, out_len)?, threads),
            d => invalid(format!("unknown dtype {}", d)),
        }
    })
}

/// Inverse STFT (librosa.istft): `n_frames` rows of n_fft/2 + 1 interleaved
/// complex bins → `out_len` samples of the overlap-added, window-sum-square
/// normalised signal from sample `offset` on (zeros past its end).
///
/// # Safety
/// Buffers must hold the given lengths of `dtype`.
#[no_mangle]
pub unsafe extern "C" fn dsp_istft(
    dtype: u32,
    spectrum: *const u8,
    spectrum_len: usize,
    n_frames: usize,
    window: *const u8,
    window_len: usize,
    n_fft: usize,
    hop: usize,
    offset: usize,
    out: *mut u8,
    out_len: usize,
    threads: u32,
) -> i32 {
    guard(|| {
        let p = IstftParams { n_fft, hop, n_frames, offset };
        match dtype {
            DTYPE_F32 => stft_core::istft(slice(spectrum as *const f32, spectrum_len)?, slice(window as *const f32, window_len)?, &p, slice_mut(out as *mut f32, out_len)?, threads),
            DTYPE_F64 => stft_core::istft(slice(spectrum as *const f64, spectrum_len)?, slice(window as *const f64, window_len)?, &p, slice_mut(out as *mut f64, out_len)?, threads),
            d => invalid(format!("unknown dtype {}", d)),
        }
    })
}
