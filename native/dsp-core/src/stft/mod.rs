//! Short-time Fourier transforms: windows, framing over a virtually padded
//! signal, per-frame FFTs split over threads, and the overlap-add inverse.

mod forward;
mod inverse;
mod window;

pub use forward::{stft, PadMode, StftOutput, StftParams};
// Which signal sample a padded position reads (shared with the CQT's and the pitch trackers' framing).
pub(crate) use forward::source;
pub use inverse::{istft, IstftParams};
pub use window::{bessel_i0, window, WindowKind};
