//! FFTs of any size: complex (rustfft), real (realfft), DCT (rustdct), and
//! N-D transforms as passes over axes.

mod dct;
pub mod finite;
mod lines;
mod nd;
mod plan;
mod planners;
mod scratch;
// Built where it is used (wasm with simd128) and for its unit tests.
#[cfg(any(test, all(target_arch = "wasm32", target_feature = "simd128")))]
mod simd_fft;
#[cfg(any(test, all(target_arch = "wasm32", target_feature = "simd128")))]
mod real_from_half;

pub use dct::{dctn, DctNorm};
pub use nd::{fftn_c2c, irfftn, rfftn};
pub(crate) use nd::c2c_in_place;
pub use plan::{FftKind, FftPlan};
pub use planners::Planners;

use num_complex::Complex;

/// Views interleaved `[re, im, re, im, …]` data as complex numbers.
pub fn as_complex<T>(data: &[T]) -> &[Complex<T>] {
    // SAFETY: Complex<T> is #[repr(C)] { re, im }, so it has T's alignment and
    // two T's size; a trailing odd element is left out.
    unsafe { std::slice::from_raw_parts(data.as_ptr() as *const Complex<T>, data.len() / 2) }
}

/// Mutable counterpart of [`as_complex`].
pub fn as_complex_mut<T>(data: &mut [T]) -> &mut [Complex<T>] {
    // SAFETY: as in `as_complex`.
    unsafe { std::slice::from_raw_parts_mut(data.as_mut_ptr() as *mut Complex<T>, data.len() / 2) }
}

/// Product of a shape's extents, or `None` on overflow.
pub fn shape_len(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}
