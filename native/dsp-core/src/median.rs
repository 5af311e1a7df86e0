//! Sliding-window medians with scipy.ndimage's `median_filter` semantics
//! along one axis: window `k` (output i sees inputs i − ⌊k/2⌋ … i − ⌊k/2⌋ + k − 1),
//! rank ⌊k/2⌋ of the window (the upper median for even k), and 'reflect'
//! edges (d c b a | a b c d | d c b a, repeating when the window outgrows the line).
//!
//! The window lives in two heaps, a max-heap of its ⌊k/2⌋ + 1 smallest values
//! and a min-heap of the rest, so the median is the first heap's top. Each
//! step overwrites the oldest value in place and restores both heaps:
//! O(log k) per output instead of a sort per output.

use std::cmp::Ordering;

/// Index into the line of the reflect-extended position `p` (scipy 'reflect').
#[inline]
pub fn reflect_index(p: i64, len: usize) -> usize {
    let n = len as i64;
    if p >= 0 && p < n {
        return p as usize;
    }
    let period = 2 * n;
    let m = p.rem_euclid(period);
    (if m < n { m } else { period - 1 - m }) as usize
}

/// A heap entry: the value itself (so comparisons need no indirection) and its window slot.
#[derive(Clone, Copy, Default)]
struct Entry<T> {
    value: T,
    slot: u32,
}

/// The window as two heaps; reused line after line.
pub struct SlidingMedian<T> {
    k: usize,
    /// Max-heap of the ⌊k/2⌋ + 1 smallest values; its top is the median.
    low: Vec<Entry<T>>,
    /// Min-heap of the others.
    high: Vec<Entry<T>>,
    /// Where each slot's value sits: `i` in `low`, or `HIGH | i` in `high`.
    place: Vec<u32>,
    order: Vec<Entry<T>>,
}

const HIGH: u32 = 1 << 31;

impl<T: Copy + PartialOrd + Default> SlidingMedian<T> {
    /// A window of `k ≥ 1` values.
    pub fn new(k: usize) -> Self {
        let k = k.max(1);
        let n_low = k / 2 + 1;
        SlidingMedian { k, low: Vec::with_capacity(n_low), high: Vec::with_capacity(k - n_low), place: vec![0; k], order: Vec::with_capacity(k) }
    }

    /// Filters `line` into `out` (same length) with a window of `k`.
    pub fn filter(&mut self, line: &[T], out: &mut [T]) {
        let len = line.len();
        if len == 0 {
            return;
        }
        let k = self.k;
        let left = (k / 2) as i64;
        let at = |p: i64| line[reflect_index(p, len)];
        self.start((0..k).map(|j| at(j as i64 - left)));
        out[0] = self.low[0].value;
        for i in 1..len {
            let slot = (i - 1) % k;
            self.replace(slot, at(i as i64 - left + k as i64 - 1));
            out[i] = self.low[0].value;
        }
    }

    /// Fills the window with its first k values (slot j holds the j-th).
    fn start(&mut self, first: impl Iterator<Item = T>) {
        self.order.clear();
        self.order.extend(first.enumerate().map(|(j, value)| Entry { value, slot: j as u32 }));
        self.order.sort_by(|a, b| a.value.partial_cmp(&b.value).unwrap_or(Ordering::Equal));
        let n_low = self.k / 2 + 1;
        // Descending order is a max-heap and ascending order a min-heap.
        self.low.clear();
        self.low.extend(self.order[..n_low].iter().rev());
        self.high.clear();
        self.high.extend(self.order[n_low..].iter());
        for (i, e) in self.low.iter().enumerate() {
            self.place[e.slot as usize] = i as u32;
        }
        for (i, e) in self.high.iter().enumerate() {
            self.place[e.slot as usize] = HIGH | i as u32;
        }
    }

    /// Overwrites `slot`'s value and restores the heaps.
    #[inline]
    fn replace(&mut self, slot: usize, value: T) {
        let place = self.place[slot];
        let entry = Entry { value, slot: slot as u32 };
        if place & HIGH == 0 {
            sift::<T, true>(&mut self.low, &mut self.place, place as usize, entry, 0);
        } else {
            sift::<T, false>(&mut self.high, &mut self.place, (place & !HIGH) as usize, entry, HIGH);
        }
        // Only the changed value can sit on the wrong side: one exchange of tops settles it.
        if let (Some(&lo), Some(&hi)) = (self.low.first(), self.high.first()) {
            if lo.value > hi.value {
                sift::<T, true>(&mut self.low, &mut self.place, 0, hi, 0);
                sift::<T, false>(&mut self.high, &mut self.place, 0, lo, HIGH);
            }
        }
    }
}

/// Puts `entry` at position i of a heap (max-heap when MAX, else min-heap)
/// and moves it up or down to where the heap order holds; `tag` marks the
/// heap in `place`.
#[inline(always)]
fn sift<T: Copy + PartialOrd, const MAX: bool>(heap: &mut [Entry<T>], place: &mut [u32], mut i: usize, entry: Entry<T>, tag: u32) {
    // `above(a, b)`: a belongs nearer the top than b.
    let above = |a: T, b: T| if MAX { a > b } else { a < b };
    let v = entry.value;
    while i > 0 {
        let parent = (i - 1) / 2;
        let p = heap[parent];
        if !above(v, p.value) {
            break;
        }
        heap[i] = p;
        place[p.slot as usize] = tag | i as u32;
        i = parent;
    }
    let n = heap.len();
    loop {
        let left = 2 * i + 1;
        if left >= n {
            break;
        }
        let right = left + 1;
        let child = if right < n && above(heap[right].value, heap[left].value) { right } else { left };
        let c = heap[child];
        if !above(c.value, v) {
            break;
        }
        heap[i] = c;
        place[c.slot as usize] = tag | i as u32;
        i = child;
    }
    heap[i] = entry;
    place[entry.slot as usize] = tag | i as u32;
}
