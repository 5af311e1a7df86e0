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

use crate::Float;

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
#[derive(Clone, Copy)]
struct Entry<T> {
    value: T,
    slot: u32,
}

/// The window as two heaps; reused line after line.
///
/// Every sift runs a fixed number of levels with conditional moves instead of
/// data-dependent branches (which mispredict half the time on audio), so the
/// heaps are padded with sentinels (−∞ below the max-heap's leaves, +∞ below
/// the min-heap's) that never move; a sentinel's slot is `k`, a spare entry of `place`.
pub struct SlidingMedian<T> {
    k: usize,
    /// Max-heap of the ⌊k/2⌋ + 1 smallest values; its top is the median.
    low: Vec<Entry<T>>,
    /// Min-heap of the others.
    high: Vec<Entry<T>>,
    /// Levels below the top of each heap.
    low_levels: usize,
    high_levels: usize,
    /// Where each slot's value sits: `i` in `low`, or `HIGH | i` in `high`.
    place: Vec<u32>,
    order: Vec<Entry<T>>,
}

const HIGH: u32 = 1 << 31;

/// Levels below the top of a heap of `m` entries.
fn levels(m: usize) -> usize {
    if m <= 1 {
        0
    } else {
        (usize::BITS - 1 - m.leading_zeros()) as usize
    }
}

impl<T: Float> SlidingMedian<T> {
    /// A window of `k ≥ 1` values.
    pub fn new(k: usize) -> Self {
        let k = k.max(1);
        let n_low = k / 2 + 1;
        let n_high = k - n_low;
        SlidingMedian {
            k,
            low: vec![Entry { value: T::neg_infinity(), slot: k as u32 }; 2 * n_low + 2],
            high: vec![Entry { value: T::infinity(), slot: k as u32 }; 2 * n_high + 2],
            low_levels: levels(n_low),
            high_levels: levels(n_high),
            place: vec![0; k + 1],
            order: Vec::with_capacity(k),
        }
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
        for (i, e) in self.order[..n_low].iter().rev().enumerate() {
            self.low[i] = *e;
            self.place[e.slot as usize] = i as u32;
        }
        for (i, e) in self.order[n_low..].iter().enumerate() {
            self.high[i] = *e;
            self.place[e.slot as usize] = HIGH | i as u32;
        }
    }

    /// Overwrites `slot`'s value and restores the heaps.
    #[inline]
    fn replace(&mut self, slot: usize, value: T) {
        let place = self.place[slot];
        let entry = Entry { value, slot: slot as u32 };
        if place & HIGH == 0 {
            sift_up::<T, true>(&mut self.low, &mut self.place, place as usize, entry, 0, self.low_levels);
        } else {
            sift_up::<T, false>(&mut self.high, &mut self.place, (place & !HIGH) as usize, entry, HIGH, self.high_levels);
        }
        // Only the changed value can sit on the wrong side: exchanging the tops settles it
        // (done unconditionally: without the exchange each top just sifts in place).
        let (lo, hi) = (self.low[0], self.high[0]);
        let swap = lo.value > hi.value;
        let (to_low, to_high) = if swap { (hi, lo) } else { (lo, hi) };
        sift_down::<T, true>(&mut self.low, &mut self.place, 0, to_low, 0, self.low_levels);
        sift_down::<T, false>(&mut self.high, &mut self.place, 0, to_high, HIGH, self.high_levels);
    }
}

/// `a` belongs nearer the top than `b` (max-heap when MAX, else min-heap).
#[inline(always)]
fn above<T: PartialOrd, const MAX: bool>(a: T, b: T) -> bool {
    if MAX {
        a > b
    } else {
        a < b
    }
}

/// Puts `entry` at position i: moves it up, then down, `levels` steps each
/// (a step that finds the order holding changes nothing), then stores it.
#[inline(always)]
fn sift_up<T: Float, const MAX: bool>(heap: &mut [Entry<T>], place: &mut [u32], mut i: usize, entry: Entry<T>, tag: u32, levels: usize) {
    let v = entry.value;
    for _ in 0..levels {
        let parent = i.saturating_sub(1) / 2;
        let p = heap[parent];
        let moves = i > 0 && above::<T, MAX>(v, p.value);
        heap[i] = if moves { p } else { heap[i] };
        let ps = p.slot as usize;
        place[ps] = if moves { tag | i as u32 } else { place[ps] };
        i = if moves { parent } else { i };
    }
    sift_down::<T, MAX>(heap, place, i, entry, tag, levels);
}

#[inline(always)]
fn sift_down<T: Float, const MAX: bool>(heap: &mut [Entry<T>], place: &mut [u32], mut i: usize, entry: Entry<T>, tag: u32, levels: usize) {
    let v = entry.value;
    for _ in 0..levels {
        let left = 2 * i + 1;
        let child = if above::<T, MAX>(heap[left + 1].value, heap[left].value) { left + 1 } else { left };
        let c = heap[child];
        let moves = above::<T, MAX>(c.value, v);
        heap[i] = if moves { c } else { heap[i] };
        let cs = c.slot as usize;
        place[cs] = if moves { tag | i as u32 } else { place[cs] };
        i = if moves { child } else { i };
    }
    heap[i] = entry;
    place[entry.slot as usize] = tag | i as u32;
}
