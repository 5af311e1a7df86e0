use std::fmt;

/// Why a kernel refused or failed. Mirrors the status codes of the C ABI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DspError {
    /// A size, shape, axis or option the kernel cannot accept.
    InvalidArgument(String),
    /// A working buffer could not be allocated.
    OutOfMemory,
    /// The input holds NaN or ±Infinity (found through the result, see `fft::finite`).
    NonFinite,
}

pub type DspResult<T> = Result<T, DspError>;

impl fmt::Display for DspError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DspError::InvalidArgument(msg) => write!(f, "invalid argument: {}", msg),
            DspError::OutOfMemory => write!(f, "out of memory"),
            DspError::NonFinite => write!(f, "the input holds NaN or Infinity"),
        }
    }
}

impl std::error::Error for DspError {}

pub(crate) fn invalid<T>(msg: impl Into<String>) -> DspResult<T> {
    Err(DspError::InvalidArgument(msg.into()))
}

/// A zero-filled vector, or `OutOfMemory` instead of aborting the process.
pub(crate) fn try_zeroed<T: Clone + Default>(len: usize) -> DspResult<Vec<T>> {
    let mut v = Vec::new();
    refill_zeroed(&mut v, len)?;
    Ok(v)
}

/// `v` cleared and refilled with `len` zeros, keeping its memory when it has
/// enough (so repeated calls do not fault fresh pages in), or `OutOfMemory`.
pub(crate) fn refill_zeroed<T: Clone + Default>(v: &mut Vec<T>, len: usize) -> DspResult<()> {
    v.clear();
    v.try_reserve_exact(len).map_err(|_| DspError::OutOfMemory)?;
    v.resize(len, T::default());
    Ok(())
}
