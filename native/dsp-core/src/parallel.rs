//! Splitting independent work units over threads.
//!
//! Every unit is computed the same way whichever thread runs it, so results
//! are identical for any thread count. On wasm32 there are no threads and
//! everything runs on the caller's.

use std::ops::Range;

/// How many threads a call may use: `0` picks automatically (all cores when
/// the work is large enough to pay for the hand-off), `1` runs serially.
pub type Threads = u32;

/// Below this many scalar operations (roughly) a call stays on one thread.
pub const PARALLEL_WORK_THRESHOLD: usize = 1 << 16;

/// Runs `task(range)` over ranges that together cover `0..count` units,
/// serially (one range) or across threads (a few ranges per thread, so each
/// task sets up its scratch once and then works through many units).
pub fn for_each_range<F>(count: usize, work_per_unit: usize, threads: Threads, task: F)
where
    F: Fn(Range<usize>) + Sync + Send,
{
    let total = count.saturating_mul(work_per_unit);
    if count <= 1 || threads == 1 || (threads == 0 && total < PARALLEL_WORK_THRESHOLD) {
        if count > 0 {
            task(0..count);
        }
        return;
    }
    run_parallel(count, threads, task);
}

#[cfg(not(target_arch = "wasm32"))]
fn split(count: usize, parts: usize) -> impl Iterator<Item = Range<usize>> + Send {
    let parts = parts.clamp(1, count.max(1));
    (0..parts).map(move |p| (p * count / parts)..((p + 1) * count / parts))
}

#[cfg(not(target_arch = "wasm32"))]
fn run_parallel<F>(count: usize, threads: Threads, task: F)
where
    F: Fn(Range<usize>) + Sync + Send,
{
    use rayon::prelude::*;
    let run = |n: usize| {
        let ranges: Vec<Range<usize>> = split(count, 4 * n).collect();
        ranges.into_par_iter().for_each(|r| task(r));
    };
    if threads == 0 {
        run(rayon::current_num_threads());
    } else {
        match pool(threads as usize) {
            Some(p) => p.install(|| run(threads as usize)),
            None => task(0..count),
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn run_parallel<F>(count: usize, _threads: Threads, task: F)
where
    F: Fn(Range<usize>) + Sync + Send,
{
    task(0..count);
}

/// Thread pools by size, built once and kept: building one costs far more than a transform.
#[cfg(not(target_arch = "wasm32"))]
fn pool(threads: usize) -> Option<std::sync::Arc<rayon::ThreadPool>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    static POOLS: Mutex<Option<HashMap<usize, Arc<rayon::ThreadPool>>>> = Mutex::new(None);
    let mut guard = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    let pools = guard.get_or_insert_with(HashMap::new);
    if let Some(p) = pools.get(&threads) {
        return Some(p.clone());
    }
    let p = Arc::new(rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok()?);
    pools.insert(threads, p.clone());
    Some(p)
}

/// A raw pointer that may cross threads. Each unit writes a disjoint part of
/// the buffer behind it; the callers below uphold that.
#[derive(Clone, Copy)]
pub(crate) struct SharedMut<T>(pub *mut T);
unsafe impl<T: Send> Send for SharedMut<T> {}
unsafe impl<T: Send> Sync for SharedMut<T> {}

/// Number of usable cores (1 on wasm32).
pub fn available_threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    {
        rayon::current_num_threads()
    }
    #[cfg(target_arch = "wasm32")]
    {
        1
    }
}
