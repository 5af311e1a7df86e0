//! Running a 1-D kernel over every line of an N-D row-major array along one axis.
//!
//! Lines along the last axis are contiguous and are handed to the kernel
//! directly. Lines along any other axis are strided: a block of neighbouring
//! lines is gathered into a contiguous buffer (a small transpose that reads
//! whole cache lines), transformed, and scattered back.

use std::sync::Mutex;

use crate::error::{try_zeroed, DspError, DspResult};
use crate::parallel::{for_each_range, SharedMut, Threads};

/// How many strided lines are gathered together: enough to use every byte
/// of the cache lines the gather touches.
const BLOCK: usize = 16;

/// The lines of an array along one axis: element `(o, i, s)` of line `(o, s)`
/// sits at `o * len * stride + i * stride + s`.
#[derive(Clone, Copy, Debug)]
pub struct Lines {
    pub outer: usize,
    pub len: usize,
    pub stride: usize,
}

impl Lines {
    pub fn along(shape: &[usize], axis: usize) -> Lines {
        Lines {
            outer: shape[..axis].iter().product(),
            len: shape[axis],
            stride: shape[axis + 1..].iter().product(),
        }
    }

    fn blocks_per_outer(&self) -> usize {
        if self.stride == 1 {
            1
        } else {
            (self.stride + BLOCK - 1) / BLOCK
        }
    }
}

/// The first error raised by any of a call's parallel tasks.
pub(crate) struct Failure(Mutex<Option<DspError>>);

impl Failure {
    pub(crate) fn new() -> Self {
        Failure(Mutex::new(None))
    }
    pub(crate) fn set(&self, e: DspError) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
    }
    pub(crate) fn result(self) -> DspResult<()> {
        match self.0.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Calls `kernel(state, lines, count)` on `count` contiguous lines of
/// `lines.len` elements each, in place, until every line of `data` is done.
pub fn in_place<E, S, New, K>(data: &mut [E], lines: Lines, threads: Threads, new_state: New, kernel: K) -> DspResult<()>
where
    E: Copy + Default + Send + Sync,
    New: Fn() -> DspResult<S> + Sync,
    K: Fn(&mut S, &mut [E], usize) + Sync,
{
    let Lines { outer, len, stride } = lines;
    let base = SharedMut(data.as_mut_ptr());
    let failure = Failure::new();
    let units = outer * lines.blocks_per_outer();
    let work = len * if stride == 1 { 1 } else { BLOCK.min(stride) };
    for_each_range(units, 5 * work, threads, |range| {
        let base = base;
        let mut state = match new_state() {
            Ok(s) => s,
            Err(e) => return failure.set(e),
        };
        if stride == 1 {
            // SAFETY: each task owns the rows in its range.
            let rows = unsafe { std::slice::from_raw_parts_mut(base.0.add(range.start * len), range.len() * len) };
            kernel(&mut state, rows, range.len());
            return;
        }
        let mut buf: Vec<E> = match try_zeroed(BLOCK.min(stride) * len) {
            Ok(b) => b,
            Err(e) => return failure.set(e),
        };
        let per_outer = lines.blocks_per_outer();
        for unit in range {
            let (o, s0) = (unit / per_outer, (unit % per_outer) * BLOCK);
            let count = BLOCK.min(stride - s0);
            let origin = o * len * stride + s0;
            // SAFETY: units address disjoint (outer, column-block) parts of `data`.
            unsafe {
                for i in 0..len {
                    let src = base.0.add(origin + i * stride);
                    for c in 0..count {
                        buf[c * len + i] = *src.add(c);
                    }
                }
            }
            kernel(&mut state, &mut buf[..count * len], count);
            unsafe {
                for i in 0..len {
                    let dst = base.0.add(origin + i * stride);
                    for c in 0..count {
                        *dst.add(c) = buf[c * len + i];
                    }
                }
            }
        }
    });
    failure.result()
}

/// Like [`in_place`], but lines of `input` (length `lines.len`) become lines
/// of `output` (length `out_len`, same outer and stride). The kernel gets a
/// private copy of its input lines, which it may overwrite.
pub fn mapped<A, B, S, New, K>(
    input: &[A],
    output: &mut [B],
    lines: Lines,
    out_len: usize,
    threads: Threads,
    new_state: New,
    kernel: K,
) -> DspResult<()>
where
    A: Copy + Default + Send + Sync,
    B: Copy + Default + Send + Sync,
    New: Fn() -> DspResult<S> + Sync,
    K: Fn(&mut S, &mut [A], &mut [B], usize) + Sync,
{
    let Lines { outer, len, stride } = lines;
    let base = SharedMut(output.as_mut_ptr());
    let failure = Failure::new();
    let per_outer = lines.blocks_per_outer();
    let block = BLOCK.min(stride);
    for_each_range(outer * per_outer, 5 * len * block, threads, |range| {
        let base = base;
        let mut state = match new_state() {
            Ok(s) => s,
            Err(e) => return failure.set(e),
        };
        let (mut a, mut b): (Vec<A>, Vec<B>) = match (try_zeroed(block * len), try_zeroed(block * out_len)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => return failure.set(e),
        };
        for unit in range {
            let (o, s0) = (unit / per_outer, (unit % per_outer) * BLOCK);
            let count = block.min(stride - s0);
            let (src, dst) = (o * len * stride + s0, o * out_len * stride + s0);
            for i in 0..len {
                for c in 0..count {
                    a[c * len + i] = input[src + i * stride + c];
                }
            }
            if stride == 1 {
                // SAFETY: this unit owns its output row.
                let row = unsafe { std::slice::from_raw_parts_mut(base.0.add(dst), out_len) };
                kernel(&mut state, &mut a[..len], row, 1);
                continue;
            }
            kernel(&mut state, &mut a[..count * len], &mut b[..count * out_len], count);
            // SAFETY: units address disjoint (outer, column-block) parts of `output`.
            unsafe {
                for i in 0..out_len {
                    let d = base.0.add(dst + i * stride);
                    for c in 0..count {
                        *d.add(c) = b[c * out_len + i];
                    }
                }
            }
        }
    });
    failure.result()
}
