use rustdct::DctNum;
use rustfft::FftNum;

/// The sample types every kernel is generic over (f32 and f64).
pub trait Float: FftNum + DctNum + num_traits::Float + Default {
    fn cast(x: f64) -> Self;
}

impl Float for f32 {
    #[inline]
    fn cast(x: f64) -> Self {
        x as f32
    }
}

impl Float for f64 {
    #[inline]
    fn cast(x: f64) -> Self {
        x
    }
}
