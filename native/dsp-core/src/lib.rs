//! Signal-processing kernels behind the @dsp packages.
//!
//! Pure Rust, no FFI: `dsp-capi` exposes these through a C ABI for the
//! Node-API addon and for WebAssembly. Kernels validate their own sizes
//! (the TypeScript edge validates first, with friendlier messages) and
//! report problems as [`DspError`] instead of panicking.

pub mod cqt;
pub mod error;
pub mod fft;
pub mod filterbank;
pub mod float;
pub mod parallel;
pub(crate) mod prefetch;
pub mod nufft;
pub mod spectral;
pub mod stft;
// Audio features: HPSS and pitch (issue 4).
pub mod hpss;
pub mod hpss_signal;
pub mod median;
pub mod pyin;
pub mod yin;

pub use error::{DspError, DspResult};
pub use float::Float;
