//! The table under [`super::Index`]: keys and entries in a slot vector, and
//! an open-addressing array (linear probing, backward-shift deletion) of
//! `hash tag << 32 | slot`. The tag lets most probes skip the key compare,
//! and the home cell is recomputed from it, so growing never rehashes keys.

use super::Entry;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (rustc's hasher): a multiply and a rotate per word. Keys here are
/// not attacker-chosen in bulk (they come from the registry), and SipHash
/// would be a third of the lookup time.
#[derive(Clone, Copy, Debug, Default)]
pub struct Fx(u64);

pub type FxBuild = BuildHasherDefault<Fx>;

const SEED: u64 = 0xf135_7aea_2e62_a9c5;

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            for (d, s) in w.iter_mut().zip(rest) {
                *d = *s;
            }
            self.add(u64::from_le_bytes(w));
        }
        // The length tells "ab" from "ab\0", which pad to the same word.
        self.add(bytes.len() as u64);
    }

    fn write_i32(&mut self, i: i32) {
        self.add(u64::from(i.cast_unsigned()));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn hash(key: &str) -> u64 {
    let mut h = Fx::default();
    h.write(key.as_bytes());
    h.finish()
}

const EMPTY: u64 = u64::MAX;
const NONE: u32 = u32::MAX;
const MIN_BITS: u32 = 4;
/// Tags are 32 bits, and so is the largest home cell.
const MAX_BITS: u32 = 32;

#[derive(Debug)]
struct Slot {
    key: Box<str>,
    entry: Entry,
    /// The next slot with the same key, or `NONE`.
    next: u32,
}

#[derive(Debug, Default)]
pub struct Table {
    slots: Vec<Slot>,
    free: Vec<u32>,
    cells: Vec<u64>,
    bits: u32,
    used: usize,
}

impl Table {
    pub fn with_capacity(n: usize) -> Table {
        let mut t = Table {
            slots: Vec::with_capacity(n),
            ..Table::default()
        };
        t.resize(bits_for(n));
        t
    }

    /// The home cell of a tag: its top `bits` bits.
    fn home(&self, tag: u32) -> usize {
        (u64::from(tag) >> (32 - self.bits)) as usize
    }

    fn mask(&self) -> usize {
        self.cells.len().wrapping_sub(1)
    }

    fn resize(&mut self, bits: u32) {
        let old = std::mem::replace(&mut self.cells, vec![EMPTY; 1usize << bits]);
        self.bits = bits;
        let mask = self.mask();
        for cell in old.into_iter().filter(|&c| c != EMPTY) {
            let mut pos = self.home((cell >> 32) as u32);
            while self.cells[pos] != EMPTY {
                pos = (pos + 1) & mask;
            }
            self.cells[pos] = cell;
        }
    }

    /// The cell and head slot of `key`, or the empty cell where it would go.
    fn find(&self, key: &str, tag: u32) -> Result<(usize, u32), usize> {
        let mask = self.mask();
        let mut pos = self.home(tag);
        loop {
            let cell = self.cells[pos];
            if cell == EMPTY {
                return Err(pos);
            }
            let slot = cell as u32;
            if (cell >> 32) as u32 == tag
                && self
                    .slots
                    .get(slot as usize)
                    .is_some_and(|s| &*s.key == key)
            {
                return Ok((pos, slot));
            }
            pos = (pos + 1) & mask;
        }
    }

    pub fn get(&self, key: &str) -> Option<Entry> {
        if self.cells.is_empty() {
            return None;
        }
        let (_, slot) = self.find(key, tag_of(key)).ok()?;
        self.slots.get(slot as usize).map(|s| s.entry)
    }

    /// Stores `entry` under `key`; its slot, or none when the table is full
    /// (four billion slots, never in practice).
    pub fn insert(&mut self, key: Box<str>, entry: Entry) -> Option<u32> {
        // At most half full: short probe runs, and `find` always ends.
        if (self.used + 1) * 2 > self.cells.len() {
            if self.bits >= MAX_BITS {
                return None;
            }
            self.resize((self.bits + 1).max(MIN_BITS));
        }
        let tag = tag_of(&key);
        let found = self.find(&key, tag);
        let slot = Slot {
            key,
            entry,
            next: NONE,
        };
        let s = match self.free.pop() {
            Some(s) => {
                *self.slots.get_mut(s as usize)? = slot;
                s
            }
            None if self.slots.len() < NONE as usize => {
                self.slots.push(slot);
                (self.slots.len() - 1) as u32
            }
            None => return None,
        };
        match found {
            Ok((_, head)) => {
                let after = self.slots.get(head as usize)?.next;
                self.slots.get_mut(s as usize)?.next = after;
                self.slots.get_mut(head as usize)?.next = s;
            }
            Err(pos) => {
                self.cells[pos] = (u64::from(tag) << 32) | u64::from(s);
                self.used += 1;
            }
        }
        Some(s)
    }

    /// Frees slot `s`, unlinking it from its key's chain or cell.
    pub fn remove(&mut self, s: u32) {
        let Some(slot) = self.slots.get(s as usize) else {
            return;
        };
        let next = slot.next;
        let tag = tag_of(&slot.key);
        let Ok((pos, head)) = self.find(&slot.key, tag) else {
            return;
        };
        if head == s {
            if next == NONE {
                self.delete_cell(pos);
            } else {
                self.cells[pos] = (u64::from(tag) << 32) | u64::from(next);
            }
        } else {
            let mut p = head;
            while let Some(prev) = self.slots.get_mut(p as usize) {
                if prev.next == s {
                    prev.next = next;
                    break;
                }
                p = prev.next;
            }
        }
        if let Some(slot) = self.slots.get_mut(s as usize) {
            slot.key = Box::default();
            slot.next = NONE;
            self.free.push(s);
        }
    }

    /// Empties `pos`, shifting back later cells of the run that may not
    /// stay behind a gap (no tombstones, so lookups never slow down).
    fn delete_cell(&mut self, pos: usize) {
        let mask = self.mask();
        let mut hole = pos;
        let mut i = (pos + 1) & mask;
        loop {
            let cell = self.cells[i];
            if cell == EMPTY {
                break;
            }
            let home = self.home((cell >> 32) as u32);
            if (i.wrapping_sub(home) & mask) >= (i.wrapping_sub(hole) & mask) {
                self.cells[hole] = cell;
                hole = i;
            }
            i = (i + 1) & mask;
        }
        self.cells[hole] = EMPTY;
        self.used -= 1;
    }
}

fn tag_of(key: &str) -> u32 {
    (hash(key) >> 32) as u32
}

/// Table bits for `n` keys at most half full.
fn bits_for(n: usize) -> u32 {
    (n.saturating_mul(2))
        .next_power_of_two()
        .trailing_zeros()
        .clamp(MIN_BITS, MAX_BITS)
}
