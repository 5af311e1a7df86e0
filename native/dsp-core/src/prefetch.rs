//! Software prefetch: asks the cache for a line a loop will read soon,
//! without waiting for it. Where the hardware has no such hint (wasm), it
//! does nothing. It never changes a result, only when memory arrives.

/// Bytes per cache line on every target we build for.
pub const LINE_BYTES: usize = 64;

/// Whether [`line`] does anything here: callers skip the bookkeeping where not.
pub const ENABLED: bool = cfg!(target_arch = "x86_64");

/// Starts loading the cache line holding `*p` into L2 (and, on most CPUs, L1).
#[inline(always)]
pub fn line<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE is part of x86_64; a prefetch never faults, whatever the address.
        unsafe { std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T1) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = p;
    }
}
