//! The C ABI of the NUFFT plans (dsp_core::nufft).

use dsp_core::fft::Planners;
use dsp_core::nufft::{KernelKind, ModeOrder, NufftOptions, NufftPlan, NufftType};
use dsp_core::DspError;

use crate::{guard, invalid, remember, slice, slice_mut, DSP_ERR_INVALID_HANDLE, DTYPE_F32, DTYPE_F64};

/// A NUFFT plan of either precision, as handed to C.
pub enum DspNufftPlan {
    F32(NufftPlan<f32>),
    F64(NufftPlan<f64>),
}

/// Makes a plan. `kind`: 1, 2 or 3; `modes`: `dim` extents (type 3: only
/// `dim` counts); `kernel`: 0 exponential of semicircle, 1 Kaiser–Bessel;
/// `sigma`, `half_width`, `beta`: 0 picks from `eps`; `mode_order`: 0 centred, 1 FFT order.
///
/// # Safety
/// `modes` must hold `dim` values; `out` must be a valid place to store the handle.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn dsp_nufft_plan_new(
    dtype: u32,
    kind: u32,
    dim: usize,
    modes: *const usize,
    isign: i32,
    eps: f64,
    kernel: u32,
    sigma: f64,
    half_width: usize,
    beta: f64,
    mode_order: u32,
    out: *mut *mut DspNufftPlan,
) -> i32 {
    guard(|| {
        if out.is_null() {
            return invalid("null handle slot");
        }
        let ty = match kind {
            1 => NufftType::One,
            2 => NufftType::Two,
            3 => NufftType::Three,
            k => return invalid(format!("unknown NUFFT type {}", k)),
        };
        let kernel = match kernel {
            0 => KernelKind::ExpSemicircle,
            1 => KernelKind::KaiserBessel,
            k => return invalid(format!("unknown NUFFT kernel {}", k)),
        };
        let mode_order = match mode_order {
            0 => ModeOrder::Centered,
            1 => ModeOrder::Fft,
            m => return invalid(format!("unknown mode order {}", m)),
        };
        if dim > 3 {
            return invalid(format!("a NUFFT has 1, 2 or 3 dimensions, got {}", dim));
        }
        let modes = slice(modes, dim)?;
        let opts = NufftOptions {
            eps,
            isign,
            kernel,
            sigma: if sigma == 0.0 { None } else { Some(sigma) },
            half_width: if half_width == 0 { None } else { Some(half_width) },
            beta: if beta == 0.0 { None } else { Some(beta) },
            mode_order,
        };
        let plan = match dtype {
            DTYPE_F32 => DspNufftPlan::F32(NufftPlan::new(ty, modes, opts)?),
            DTYPE_F64 => DspNufftPlan::F64(NufftPlan::new(ty, modes, opts)?),
            d => return invalid(format!("unknown dtype {}", d)),
        };
        *out = Box::into_raw(Box::new(plan));
        Ok(())
    })
}

/// Frees a plan (null is ignored).
///
/// # Safety
/// `plan` must come from `dsp_nufft_plan_new` and not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn dsp_nufft_plan_free(plan: *mut DspNufftPlan) {
    if !plan.is_null() {
        drop(Box::from_raw(plan));
    }
}

/// Sets the points: `points` holds dim arrays of `count` coordinates (x…, y…, z…)
/// in f64 whatever the plan's dtype; type 3 also takes `n_targets` frequencies the same way.
///
/// # Safety
/// `plan` must be live; the arrays must hold the given lengths.
#[no_mangle]
pub unsafe extern "C" fn dsp_nufft_set_points(
    plan: *mut DspNufftPlan,
    points: *const f64,
    points_len: usize,
    count: usize,
    targets: *const f64,
    targets_len: usize,
    n_targets: usize,
) -> i32 {
    if plan.is_null() {
        remember("null plan".into());
        return DSP_ERR_INVALID_HANDLE;
    }
    guard(|| {
        let (p, t) = (slice(points, points_len)?, slice(targets, targets_len)?);
        match &mut *plan {
            DspNufftPlan::F32(plan) => plan.set_points(p, count, t, n_targets),
            DspNufftPlan::F64(plan) => plan.set_points(p, count, t, n_targets),
        }
    })
}

/// Complex values per vector that `execute` reads (which = 0) or writes (which = 1).
///
/// # Safety
/// `plan` must be live or null (null gives 0).
#[no_mangle]
pub unsafe extern "C" fn dsp_nufft_len(plan: *const DspNufftPlan, which: u32) -> usize {
    if plan.is_null() {
        return 0;
    }
    match (&*plan, which) {
        (DspNufftPlan::F32(p), 0) => p.input_len(),
        (DspNufftPlan::F32(p), _) => p.output_len(),
        (DspNufftPlan::F64(p), 0) => p.input_len(),
        (DspNufftPlan::F64(p), _) => p.output_len(),
    }
}

/// Runs the transform (`adjoint` ≠ 0: its conjugate transpose) on `batch`
/// vectors of interleaved complex values; lengths count scalars of the plan's dtype.
///
/// # Safety
/// `plan` must be live; the buffers must hold the given lengths of the plan's dtype.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn dsp_nufft_execute(
    plan: *mut DspNufftPlan,
    adjoint: i32,
    input: *const u8,
    input_len: usize,
    output: *mut u8,
    output_len: usize,
    batch: usize,
    threads: u32,
) -> i32 {
    if plan.is_null() {
        remember("null plan".into());
        return DSP_ERR_INVALID_HANDLE;
    }
    guard(|| match &mut *plan {
        DspNufftPlan::F32(p) => run(p, adjoint != 0, input as *const f32, input_len, output as *mut f32, output_len, batch, threads),
        DspNufftPlan::F64(p) => run(p, adjoint != 0, input as *const f64, input_len, output as *mut f64, output_len, batch, threads),
    })
}

#[allow(clippy::too_many_arguments)]
unsafe fn run<T: Planners>(
    plan: &mut NufftPlan<T>,
    adjoint: bool,
    input: *const T,
    input_len: usize,
    output: *mut T,
    output_len: usize,
    batch: usize,
    threads: u32,
) -> Result<(), DspError> {
    if input as *const u8 == output as *const u8 && input_len > 0 {
        return invalid("a NUFFT cannot run in place");
    }
    plan.execute(adjoint, slice(input, input_len)?, slice_mut(output, output_len)?, batch, threads)
}
