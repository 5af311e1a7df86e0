//! C ABI of the sparse spectral tensor kernels (dsp_core::spectral).

use dsp_core::spectral::{self, MAX_CONV_RANK};

use super::{guard, invalid, slice, slice_mut, DTYPE_F32, DTYPE_F64};

/// Writes, ascending, the positions of the `k` largest weighted energies
/// w·|v|² of `values` (`n` real values, or `n` interleaved complex ones when
/// `complex`; `weights`: `n` bytes, or null for all 1; weight 0 is never
/// kept) to `out` (`out_len` slots), and `result` = [count, kept energy,
/// dropped energy].
///
/// # Safety
/// Buffers must hold the given lengths (`values`: n or 2n values of `dtype`; `result`: 3).
#[no_mangle]
pub unsafe extern "C" fn dsp_spectral_top_k(
    dtype: u32,
    values: *const u8,
    n: usize,
    complex: i32,
    weights: *const u8,
    k: usize,
    out: *mut u32,
    out_len: usize,
    result: *mut f64,
) -> i32 {
    guard(|| {
        let len = if complex != 0 { n.checked_mul(2).ok_or_else(|| dsp_core::DspError::InvalidArgument("n is too large".into()))? } else { n };
        let w = if weights.is_null() { None } else { Some(slice(weights, n)?) };
        let out = slice_mut(out, out_len)?;
        let result = slice_mut(result, 3)?;
        let r = match dtype {
            DTYPE_F32 => spectral::top_k(slice(values as *const f32, len)?, complex != 0, w, k, out)?,
            DTYPE_F64 => spectral::top_k(slice(values as *const f64, len)?, complex != 0, w, k, out)?,
            d => return invalid(format!("unknown dtype {}", d)),
        };
        result.copy_from_slice(&[r.count as f64, r.kept, r.dropped]);
        Ok(())
    })
}

/// Direct N-D convolution read out at `offset`: out[o] = Σ_j a[o + offset − j]·b[j]
/// (row-major arrays of rank `rank` ≤ 8; shapes and offset hold `rank` sizes each).
///
/// # Safety
/// Buffers must hold the given lengths of `dtype`; the shape arrays `rank` entries.
#[no_mangle]
pub unsafe extern "C" fn dsp_convolve_direct(
    dtype: u32,
    rank: usize,
    a: *const u8,
    a_shape: *const usize,
    b: *const u8,
    b_shape: *const usize,
    offset: *const usize,
    out: *mut u8,
    out_shape: *const usize,
    threads: u32,
) -> i32 {
    guard(|| {
        if rank == 0 || rank > MAX_CONV_RANK {
            return invalid(format!("rank must be 1…{}, got {}", MAX_CONV_RANK, rank));
        }
        let (a_shape, b_shape, offset, out_shape) = (slice(a_shape, rank)?, slice(b_shape, rank)?, slice(offset, rank)?, slice(out_shape, rank)?);
        let count = |s: &[usize]| s.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d)).ok_or_else(|| dsp_core::DspError::InvalidArgument("a shape is too large".into()));
        let (na, nb, no) = (count(a_shape)?, count(b_shape)?, count(out_shape)?);
        match dtype {
            DTYPE_F32 => spectral::convolve_direct(slice(a as *const f32, na)?, a_shape, slice(b as *const f32, nb)?, b_shape, offset, slice_mut(out as *mut f32, no)?, out_shape, threads),
            DTYPE_F64 => spectral::convolve_direct(slice(a as *const f64, na)?, a_shape, slice(b as *const f64, nb)?, b_shape, offset, slice_mut(out as *mut f64, no)?, out_shape, threads),
            d => invalid(format!("unknown dtype {}", d)),
        }
    })
}
