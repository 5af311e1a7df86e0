//! Non-uniform FFTs (types 1, 2 and 3 in 1–3 dimensions), FINUFFT's conventions:
//! type 1 f_k = Σ_j c_j e^{±i k·x_j}, type 2 c_j = Σ_k f_k e^{±i k·x_j},
//! type 3 f_k = Σ_j c_j e^{±i s_k·x_j}.

pub mod kernel;
mod plan;
mod spread;

pub use kernel::KernelKind;
pub use plan::{ModeOrder, NufftOptions, NufftPlan, NufftType, EPS_FLOOR_F32, EPS_FLOOR_F64};
