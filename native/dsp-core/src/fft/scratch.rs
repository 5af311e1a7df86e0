//! Scratch space for the one-shot N-D transforms, kept per thread between calls.
//!
//! rustfft needs in-place scratch as long as the line it transforms, which
//! for a 1-D array is the whole array. Allocated per call, a large one was
//! a fresh zeroed mapping each time a new caller came along: a NUFFT plan's
//! first execute at 10⁶ modes (a 2·10⁶-point fine grid, 32 MB of scratch)
//! took about 7,800 page faults for it, some 15 ms. Each thread now keeps
//! the largest buffer it was handed back, up to [`KEEP_MAX_BYTES`], and the
//! next call on that thread reuses it: at most that much per thread and
//! sample type stays allocated. Scratch contents never matter: the
//! transforms overwrite what they read of it.

use num_complex::Complex;

use super::Planners;
use crate::error::{try_zeroed, DspResult};

/// Buffers above this size are freed after use instead of kept.
pub const KEEP_MAX_BYTES: usize = 32 << 20;

/// Scratch of `len` complex values for one task; it goes back to the thread's cache when dropped.
pub struct Scratch<T: Planners> {
    buf: Vec<Complex<T>>,
    len: usize,
}

impl<T: Planners> Scratch<T> {
    pub fn take(len: usize) -> DspResult<Self> {
        // A kept buffer too short for this call stays kept for later ones.
        let cached = T::with_scratch_cache(|kept| if kept.len() >= len { Some(std::mem::take(kept)) } else { None });
        let buf = match cached {
            Some(buf) => buf,
            None => try_zeroed(len)?,
        };
        Ok(Scratch { buf, len })
    }

    pub fn get(&mut self) -> &mut [Complex<T>] {
        &mut self.buf[..self.len]
    }
}

impl<T: Planners> Drop for Scratch<T> {
    fn drop(&mut self) {
        if self.buf.len() * std::mem::size_of::<Complex<T>>() <= KEEP_MAX_BYTES {
            let buf = std::mem::take(&mut self.buf);
            T::with_scratch_cache(|kept| {
                if kept.len() < buf.len() {
                    *kept = buf;
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_returned_buffer_is_reused_and_larger_requests_get_a_new_one() {
        let first = Scratch::<f64>::take(1000).unwrap();
        let ptr = first.buf.as_ptr();
        drop(first);
        let mut again = Scratch::<f64>::take(600).unwrap();
        assert_eq!(again.buf.as_ptr(), ptr);
        assert_eq!(again.get().len(), 600);
        // Held by `again`, so the cache is empty: a new buffer, and the larger one is kept after.
        let bigger = Scratch::<f64>::take(2000).unwrap();
        assert_ne!(bigger.buf.as_ptr(), ptr);
        let big_ptr = bigger.buf.as_ptr();
        drop(again);
        drop(bigger);
        assert_eq!(Scratch::<f64>::take(1500).unwrap().buf.as_ptr(), big_ptr);
    }

    #[test]
    fn buffers_over_the_bound_are_not_kept() {
        let over = KEEP_MAX_BYTES / std::mem::size_of::<Complex<f32>>() + 1;
        let small = Scratch::<f32>::take(10).unwrap();
        let small_ptr = small.buf.as_ptr();
        drop(small);
        drop(Scratch::<f32>::take(over).unwrap());
        assert_eq!(Scratch::<f32>::take(10).unwrap().buf.as_ptr(), small_ptr);
    }
}
