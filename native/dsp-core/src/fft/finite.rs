//! Detecting NaN and ±Infinity, which every transform refuses.
//!
//! A complex or real forward FFT's DC bin is the plain sum of its inputs:
//! any NaN or infinity in the input reaches it (sums keep them, and the
//! exact-unit twiddles on its path turn `∞·0` into NaN, still non-finite),
//! so one check per row proves the whole row finite.

use crate::error::{DspError, DspResult};
use crate::Float;

/// Fails if any element is NaN or infinite.
pub fn check<T: Float>(data: &[T]) -> DspResult<()> {
    // Summing `x - x` is 0 for finite x and NaN otherwise; it vectorises,
    // unlike an early-exit search.
    let mut acc = T::zero();
    for &x in data {
        acc = acc + (x - x);
    }
    if acc == T::zero() {
        Ok(())
    } else {
        Err(DspError::NonFinite)
    }
}

/// Fails if the first complex value (DC bin) of any row of `row_len` scalars is non-finite.
pub fn check_rows_dc<T: Float>(data: &[T], row_len: usize) -> DspResult<()> {
    for row in data.chunks(row_len) {
        if !(row[0].is_finite() && row.get(1).map_or(true, |v| v.is_finite())) {
            return Err(DspError::NonFinite);
        }
    }
    Ok(())
}
