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

const LOW: u32 = 0;
const HIGH: u32 = 1 << 31;

/// A window's values and its two heaps; reused line after line.
pub struct SlidingMedian<T> {
    k: usize,
    /// Values by slot (slot = arrival order mod k).
    values: Vec<T>,
    /// Heap membership and position of each slot: `LOW | i` or `HIGH | i`.
    place: Vec<u32>,
    /// Max-heap of slots holding the ⌊k/2⌋ + 1 smallest values.
    low: Vec<u32>,
    /// Min-heap of slots holding the others.
    high: Vec<u32>,
    order: Vec<u32>,
}

impl<T: Copy + PartialOrd + Default> SlidingMedian<T> {
    /// A window of `k ≥ 1` values.
    pub fn new(k: usize) -> Self {
        let k = k.max(1);
        let n_low = k / 2 + 1;
        SlidingMedian {
            k,
            values: vec![T::default(); k],
            place: vec![0; k],
            low: Vec::with_capacity(n_low),
            high: Vec::with_capacity(k - n_low),
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
        out[0] = self.median();
        for i in 1..len {
            let slot = (i - 1) % k;
            self.replace(slot, at(i as i64 - left + k as i64 - 1));
            out[i] = self.median();
        }
    }

    /// Fills the window with its first k values (slot j holds the j-th).
    fn start(&mut self, first: impl Iterator<Item = T>) {
        for (v, x) in self.values.iter_mut().zip(first) {
            *v = x;
        }
        let values = &self.values;
        self.order.clear();
        self.order.extend(0..self.k as u32);
        self.order.sort_by(|&a, &b| values[a as usize].partial_cmp(&values[b as usize]).unwrap_or(Ordering::Equal));
        let n_low = self.k / 2 + 1;
        // Descending order is a max-heap and ascending order a min-heap.
        self.low.clear();
        self.low.extend(self.order[..n_low].iter().rev());
        self.high.clear();
        self.high.extend(self.order[n_low..].iter());
        for (i, &s) in self.low.iter().enumerate() {
            self.place[s as usize] = LOW | i as u32;
        }
        for (i, &s) in self.high.iter().enumerate() {
            self.place[s as usize] = HIGH | i as u32;
        }
    }

    #[inline]
    fn median(&self) -> T {
        self.values[self.low[0] as usize]
    }

    /// Overwrites `slot`'s value and restores the heaps.
    #[inline]
    fn replace(&mut self, slot: usize, v: T) {
        self.values[slot] = v;
        let place = self.place[slot];
        let i = (place & !HIGH) as usize;
        if place & HIGH == 0 {
            self.sift_low(i);
        } else {
            self.sift_high(i);
        }
        // Only the changed value can sit on the wrong side: one exchange of tops settles it.
        if let (Some(&lo), Some(&hi)) = (self.low.first(), self.high.first()) {
            if self.values[lo as usize] > self.values[hi as usize] {
                self.low[0] = hi;
                self.high[0] = lo;
                self.place[hi as usize] = LOW;
                self.place[lo as usize] = HIGH;
                self.sift_low(0);
                self.sift_high(0);
            }
        }
    }

    /// Restores the max-heap property of `low` around position i (up or down).
    fn sift_low(&mut self, mut i: usize) {
        let values = &self.values;
        let heap = &mut self.low;
        let place = &mut self.place;
        let s = heap[i];
        let v = values[s as usize];
        while i > 0 {
            let parent = (i - 1) / 2;
            let ps = heap[parent];
            if !(values[ps as usize] < v) {
                break;
            }
            heap[i] = ps;
            place[ps as usize] = LOW | i as u32;
            i = parent;
        }
        let n = heap.len();
        loop {
            let mut child = 2 * i + 1;
            if child >= n {
                break;
            }
            if child + 1 < n && values[heap[child + 1] as usize] > values[heap[child] as usize] {
                child += 1;
            }
            let cs = heap[child];
            if !(values[cs as usize] > v) {
                break;
            }
            heap[i] = cs;
            place[cs as usize] = LOW | i as u32;
            i = child;
        }
        heap[i] = s;
        place[s as usize] = LOW | i as u32;
    }

    /// Restores the min-heap property of `high` around position i (up or down).
    fn sift_high(&mut self, mut i: usize) {
        let values = &self.values;
        let heap = &mut self.high;
        let place = &mut self.place;
        if heap.is_empty() {
            return;
        }
        let s = heap[i];
        let v = values[s as usize];
        while i > 0 {
            let parent = (i - 1) / 2;
            let ps = heap[parent];
            if !(values[ps as usize] > v) {
                break;
            }
            heap[i] = ps;
            place[ps as usize] = HIGH | i as u32;
            i = parent;
        }
        let n = heap.len();
        loop {
            let mut child = 2 * i + 1;
            if child >= n {
                break;
            }
            if child + 1 < n && values[heap[child + 1] as usize] < values[heap[child] as usize] {
                child += 1;
            }
            let cs = heap[child];
            if !(values[cs as usize] < v) {
                break;
            }
            heap[i] = cs;
            place[cs as usize] = HIGH | i as u32;
            i = child;
        }
        heap[i] = s;
        place[s as usize] = HIGH | i as u32;
    }
}

