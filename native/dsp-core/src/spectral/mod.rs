//! Kernels of the sparse spectral tensors: choosing the largest transform
//! coefficients, and direct N-D convolution (the cheaper path for small kernels).

mod conv;
mod select;

pub use conv::{convolve_direct, MAX_CONV_RANK};
pub use select::{top_k, TopK};
