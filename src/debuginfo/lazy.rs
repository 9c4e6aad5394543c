//! Sections kept in the file and read a window at a time: an optimized
//! build's location and range lists inflate to megabytes, of which a
//! scope needs the few hundred bytes of the function it walks, and a line
//! table is walked one unit at a time. A zlib section is inflated once,
//! discarding its output, to note where inflating may resume; a window is
//! then inflated from the nearest such point, and windows asked for in
//! order by one [`Cursor`] continue one inflation. The list windows of one
//! walk are a [`Lists`].

use std::sync::{Arc, OnceLock};

use gimli::{EndianArcSlice, EndianSlice, LocationListsOffset, RangeListsOffset, RunTimeEndian, SectionId};

use super::zlib::{Inflater, Status};
use super::{Binary, DebugInfoError, RawSection, Reader, Source, corrupt, read_exact_at};

/// The sections a walk reads lists from: location lists (where an
/// optimized build keeps each variable) and range lists (lexical blocks).
pub(super) const LIST_SECTIONS: &[SectionId] =
    &[SectionId::DebugLoc, SectionId::DebugLocLists, SectionId::DebugRanges, SectionId::DebugRngLists];

/// Bytes of inflated output between two points where inflating resumes:
/// a point keeps the inflater's state (about 40 KB, most of it its 32 KB
/// window), a window costs inflating at most this much first.
const RESUME_SPACING: u64 = 512 * 1024;

/// The piece of a section read or inflated at a time.
const PIECE: usize = 64 * 1024;

/// What a window holds past its last list's start at first; doubled while
/// a list runs past its end.
const FIRST_MARGIN: u64 = 1024;

/// One list section as the file holds it.
pub(super) struct LazySection {
    id: SectionId,
    name: String,
    kind: Kind,
}

enum Kind {
    Absent,
    /// Stored as is: windows are read from the file.
    Plain {
        offset: u64,
        len: u64,
    },
    /// A zlib stream of `len` bytes at `offset` that inflates to `size`.
    Zlib {
        offset: u64,
        len: u64,
        size: u64,
        resume: OnceLock<Result<Vec<Resume>, DebugInfoError>>,
    },
    /// Read whole when first asked (another compression), or at parse
    /// time (a binary parsed from bytes, which are not kept).
    Whole {
        raw: RawSection,
        bytes: OnceLock<Result<Arc<[u8]>, DebugInfoError>>,
    },
}

/// A point where inflating a zlib section may resume.
struct Resume {
    /// Bytes of inflated output before it.
    out: u64,
    /// Bytes of the stream consumed before it.
    input: u64,
    /// `None` at the stream's start.
    state: Option<Inflater>,
}

impl Resume {
    /// The stream's start.
    fn start() -> Resume {
        Resume { out: 0, input: 0, state: None }
    }

    /// Where `z` stands; `None` when its state cannot be copied (the
    /// point is left out: windows then inflate from an earlier one).
    fn at(z: &Inflating) -> Option<Resume> {
        Some(Resume { out: z.out, input: z.input, state: Some(z.state.try_clone()?) })
    }

    /// An inflation from this point, which stays as it is.
    fn inflating(&self, section: &LazySection) -> Result<Inflating, DebugInfoError> {
        let state = match &self.state {
            None => Some(Inflater::new()),
            Some(s) => s.try_clone(),
        };
        let Some(state) = state else { return Err(corrupt(format!("{}: cannot copy the inflater", section.name))) };
        Ok(Inflating::new(Resume { out: self.out, input: self.input, state: Some(state) }))
    }
}

impl LazySection {
    /// The section `id` as the headers place it; a binary parsed from
    /// bytes (`opened` false) has it read now.
    pub(super) fn new(
        id: SectionId,
        raw: RawSection,
        source: Source<'_>,
        opened: bool,
    ) -> Result<LazySection, DebugInfoError> {
        let name = id.name().to_string();
        let kind = match raw {
            RawSection::Absent => Kind::Absent,
            _ if !opened => {
                let bytes = OnceLock::new();
                let _ = bytes.set(raw.finish(source).map(|b| b.unwrap_or_else(|| Arc::from(&[][..]))));
                Kind::Whole { raw, bytes }
            }
            RawSection::Object { range, .. } => match range.format {
                object::CompressionFormat::None => Kind::Plain { offset: range.offset, len: range.compressed_size },
                object::CompressionFormat::Zlib => Kind::Zlib {
                    offset: range.offset,
                    len: range.compressed_size,
                    size: range.uncompressed_size,
                    resume: OnceLock::new(),
                },
                _ => Kind::Whole { raw, bytes: OnceLock::new() },
            },
            // `ZLIB`, the size (8 bytes, big-endian), the stream; without
            // that header the section is stored as it is.
            RawSection::Zdebug { offset, len, .. } => {
                let header = source.read(offset, len.min(12)).map_err(|e| corrupt(format!("{name}: {e}")))?;
                match header.strip_prefix(b"ZLIB") {
                    Some(size) if size.len() == 8 => Kind::Zlib {
                        offset: offset + 12,
                        len: len - 12,
                        size: u64::from_be_bytes(size.try_into().unwrap_or_default()),
                        resume: OnceLock::new(),
                    },
                    _ => Kind::Plain { offset, len },
                }
            }
        };
        Ok(LazySection { id, name, kind })
    }

    /// Inflates a zlib section once to note its resume points (a no-op
    /// for other sections and after the first call).
    pub(super) fn prepare(&self, file: Option<&std::fs::File>) {
        if let (Kind::Zlib { offset, len, size, resume }, Some(file)) = (&self.kind, file) {
            resume.get_or_init(|| self.resume_points(file, *offset, *len, *size));
        }
    }

    fn resume_points(
        &self,
        file: &std::fs::File,
        offset: u64,
        len: u64,
        size: u64,
    ) -> Result<Vec<Resume>, DebugInfoError> {
        let mut points = vec![Resume::start()];
        let mut z = Inflating::new(Resume::start());
        let mut next = RESUME_SPACING;
        while z.piece(self, file, offset, len)?.is_some() {
            if z.out >= next && z.out < size {
                points.extend(Resume::at(&z));
                while next <= z.out {
                    next += RESUME_SPACING;
                }
            }
        }
        if z.out != size {
            return Err(corrupt(format!("{}: {} of {size} bytes", self.name, z.out)));
        }
        Ok(points)
    }

    /// The section's size, uncompressed.
    pub(super) fn size(&self) -> u64 {
        match &self.kind {
            Kind::Absent => 0,
            Kind::Plain { len, .. } => *len,
            Kind::Zlib { size, .. } => *size,
            Kind::Whole { bytes, .. } => bytes.get().and_then(|b| b.as_ref().ok()).map_or(0, |b| b.len() as u64),
        }
    }

    /// The bytes of a section read whole, read on first use.
    fn whole(&self, file: Option<&std::fs::File>) -> Result<Option<Arc<[u8]>>, DebugInfoError> {
        let Kind::Whole { raw, bytes } = &self.kind else { return Ok(None) };
        bytes
            .get_or_init(|| {
                let Some(file) = file else { return Err(corrupt(format!("{} was not read", self.name))) };
                let len = file.metadata().map_err(|e| corrupt(format!("cannot read the binary again: {e}")))?;
                let source = Source::File { file, len: len.len() };
                raw.finish(source).map(|b| b.unwrap_or_else(|| Arc::from(&[][..])))
            })
            .as_ref()
            .map(|b| Some(b.clone()))
            .map_err(Clone::clone)
    }

    /// The bytes of the section from the smallest of `offsets` far enough
    /// to hold each list starting at one (`complete` says when), and where
    /// they start. Empty when no offset is asked for.
    fn window(
        &self,
        file: Option<&std::fs::File>,
        offsets: &[usize],
        complete: impl Fn(&[u8], usize) -> bool,
    ) -> Result<(Arc<[u8]>, usize), DebugInfoError> {
        let empty = || Ok((Arc::from(&[][..]), 0));
        let (Some(&start), Some(&last)) = (offsets.iter().min(), offsets.iter().max()) else { return empty() };
        let (start, last) = (start as u64, last as u64);
        if let Some(bytes) = self.whole(file)? {
            return Ok((bytes, 0));
        }
        let size = self.size();
        if matches!(self.kind, Kind::Absent) {
            return empty();
        }
        if start >= size {
            return Err(corrupt(format!("{}: list at {start:#x} past the end ({size} bytes)", self.name)));
        }
        let mut cursor = Cursor::new(self, file);
        let mut margin = FIRST_MARGIN;
        loop {
            let end = last.saturating_add(margin).min(size);
            let bytes = cursor.read(start, end)?;
            if end == size || complete(&bytes, start as usize) {
                return Ok((Arc::from(bytes), start as usize));
            }
            margin = margin.saturating_mul(4);
        }
    }
}

/// A zlib stream being inflated: its state, what it consumed and produced.
struct Inflating {
    state: Inflater,
    input: u64,
    out: u64,
    read: Vec<u8>,
    /// `read[used..have]` is read and not yet consumed.
    used: usize,
    have: usize,
    produced: Vec<u8>,
}

impl Inflating {
    fn new(from: Resume) -> Inflating {
        Inflating {
            state: from.state.unwrap_or_else(Inflater::new),
            input: from.input,
            out: from.out,
            read: vec![0; PIECE],
            used: 0,
            have: 0,
            produced: vec![0; PIECE],
        }
    }

    /// Inflates the next piece of output, `produced[..n]` (`None` at the
    /// stream's end), of the `len` bytes at `offset` of the file.
    fn piece(
        &mut self,
        section: &LazySection,
        file: &std::fs::File,
        offset: u64,
        len: u64,
    ) -> Result<Option<usize>, DebugInfoError> {
        let err = |e: String| corrupt(format!("{}: {e}", section.name));
        loop {
            if self.used == self.have && self.input < len {
                let n = (len - self.input).min(PIECE as u64) as usize;
                read_exact_at(file, &mut self.read[..n], offset + self.input).map_err(|e| err(e.to_string()))?;
                (self.have, self.used) = (n, 0);
            }
            let r = self.state.inflate(&self.read[self.used..self.have], &mut self.produced);
            self.used += r.consumed;
            self.input += r.consumed as u64;
            self.out += r.written as u64;
            match r.status {
                Status::Going | Status::End if r.written > 0 => return Ok(Some(r.written)),
                Status::End => return Ok(None),
                Status::Going if r.consumed > 0 => {}
                // More input to read.
                Status::Going if self.used == self.have && self.input < len => {}
                // No progress possible: the stream is short (callers
                // compare what came out with what they asked for).
                Status::Going => return Ok(None),
                Status::Damaged(why) => return Err(err(why.to_string())),
            }
        }
    }
}

/// Reads windows of one section, in order when they are asked for in
/// order: a zlib section's inflation continues from one window to the
/// next unless a resume point lies closer.
pub(super) struct Cursor<'a> {
    section: &'a LazySection,
    file: Option<&'a std::fs::File>,
    /// A first pass ([`Cursor::first_pass`]) notes the resume points on its
    /// way instead of waiting for a pass of their own.
    first_pass: bool,
    z: Option<Inflating>,
    /// Resume points noted on the way, while the section has none and
    /// `z` started at its start (the next point's mark after them).
    noting: Option<(Vec<Resume>, u64)>,
    /// Output of `z` kept from `kept_start` on (up to `z.out`).
    kept: Vec<u8>,
    kept_start: u64,
}

impl<'a> Cursor<'a> {
    /// A cursor for windows anywhere: a zlib section's resume points are
    /// noted first (once per section), so a window never costs inflating
    /// from the section's start.
    pub(super) fn new(section: &'a LazySection, file: Option<&'a std::fs::File>) -> Cursor<'a> {
        Cursor { section, file, first_pass: false, z: None, noting: None, kept: Vec::new(), kept_start: 0 }
    }

    /// A cursor for one pass over the section in order (until it goes
    /// back): while the section has no resume points, it notes them.
    pub(super) fn first_pass(section: &'a LazySection, file: Option<&'a std::fs::File>) -> Cursor<'a> {
        Cursor { first_pass: true, ..Cursor::new(section, file) }
    }

    /// Inflates the rest of a section whose resume points this cursor
    /// notes, so that they are kept (a no-op otherwise).
    pub(super) fn finish(&mut self) -> Result<(), DebugInfoError> {
        let size = self.section.size();
        match (&self.noting, &self.z) {
            (Some(_), Some(z)) if z.out < size => self.read(z.out, size).map(drop),
            _ => Ok(()),
        }
    }

    /// The section's bytes `start..end`, an error past its end.
    pub(super) fn read(&mut self, start: u64, end: u64) -> Result<Vec<u8>, DebugInfoError> {
        let s = self.section;
        let err = |e: String| corrupt(format!("{}: {e}", s.name));
        if start == end {
            return Ok(Vec::new());
        }
        if start > end || end > s.size() {
            return Err(err(format!("bytes {start:#x}..{end:#x} lie past the end ({} bytes)", s.size())));
        }
        match &s.kind {
            Kind::Absent => Ok(Vec::new()),
            Kind::Whole { .. } => {
                let bytes = s.whole(self.file)?.unwrap_or_else(|| Arc::from(&[][..]));
                Ok(bytes[start as usize..end as usize].to_vec())
            }
            Kind::Plain { offset, .. } => {
                let Some(file) = self.file else { return Err(err("not read".into())) };
                let mut window = vec![0; (end - start) as usize];
                read_exact_at(file, &mut window, offset + start).map_err(|e| err(e.to_string()))?;
                Ok(window)
            }
            Kind::Zlib { offset, len, size, resume } => {
                let Some(file) = self.file else { return Err(err("not read".into())) };
                let forward = self.z.is_none() || self.kept_start <= start;
                if self.first_pass && resume.get().is_none() && forward && (self.z.is_none() || self.noting.is_some()) {
                    // The first pass over the section: its resume points
                    // noted on the way.
                    if self.z.is_none() {
                        self.z = Some(Inflating::new(Resume::start()));
                        self.noting = Some((vec![Resume::start()], RESUME_SPACING));
                        self.kept.clear();
                        self.kept_start = 0;
                    }
                } else {
                    self.noting = None;
                    let points = resume
                        .get_or_init(|| s.resume_points(file, *offset, *len, *size))
                        .as_ref()
                        .map_err(Clone::clone)?;
                    let from = &points[points.partition_point(|p| p.out <= start).saturating_sub(1)];
                    let continues = self.z.as_ref().is_some_and(|z| forward && from.out <= z.out);
                    if !continues {
                        self.z = Some(from.inflating(s)?);
                        self.kept.clear();
                        self.kept_start = from.out;
                    }
                }
                let Some(z) = self.z.as_mut() else { return Err(err("no inflater".into())) };
                // `kept` is the output from `kept_start` on: what lies
                // before `start` goes.
                let drop = ((start - self.kept_start) as usize).min(self.kept.len());
                self.kept.drain(..drop);
                self.kept_start += drop as u64;
                while z.out < end {
                    let at = z.out;
                    let Some(n) = z.piece(s, file, *offset, *len)? else { break };
                    if let Some((points, next)) = &mut self.noting
                        && z.out >= *next
                        && z.out < *size
                    {
                        points.extend(Resume::at(z));
                        while *next <= z.out {
                            *next += RESUME_SPACING;
                        }
                    }
                    let skip = start.saturating_sub(at) as usize;
                    if skip < n {
                        if self.kept.is_empty() {
                            self.kept_start = at + skip as u64;
                        }
                        self.kept.extend_from_slice(&z.produced[skip..n]);
                    }
                }
                if z.out >= *size
                    && let Some((points, _)) = self.noting.take()
                {
                    let _ = resume.set(Ok(points));
                }
                let want = (end - start) as usize;
                if self.kept_start != start || self.kept.len() < want {
                    return Err(err(format!("stream ends before byte {end}")));
                }
                Ok(self.kept[..want].to_vec())
            }
        }
    }
}

/// A zlib-compressed `.debug_info` read a unit at a time: the open
/// inflates it once, keeping each unit's bytes apart (and noting where
/// inflating may resume); the first read of a unit takes them over, and
/// a unit read again later is inflated again from the nearest resume
/// point. The last units read are kept, so that a walk and the type
/// lookups around it inflate nothing.
pub(super) struct UnitBytes {
    section: LazySection,
    /// Each unit's bytes, header included, by the section's offsets.
    spans: Vec<(u64, u64)>,
    /// What the open inflated, until each unit is first read.
    held: std::sync::Mutex<Vec<Option<Arc<[u8]>>>>,
    /// The units read last, the most recent last, and their bytes in all.
    recent: std::sync::Mutex<(Vec<Kept>, usize)>,
}

/// A unit's index and bytes, kept among the recent ones.
type Kept = (usize, Arc<[u8]>);

/// Bytes of units [`UnitBytes`] keeps besides those it holds from the
/// open: a function's unit and those of the types it names. The two read
/// last are kept whatever their size: a walk reads its function's unit
/// and, for every type, the unit Go's linker writes every type into
/// (`runtime`'s, 8.4 MB on hugo), in turn.
const RECENT_BYTES: usize = 4 << 20;

/// Units [`UnitBytes`] keeps among the recent ones whatever their size.
const RECENT_UNITS: usize = 2;

/// Bytes before a unit's header's version: the initial length.
fn unit_length(bytes: &[u8], little: bool) -> Option<u64> {
    let word = |b: &[u8]| super::word(b, little);
    match word(bytes.get(..4)?) {
        0xffff_ffff => Some(12 + word(bytes.get(4..12)?)),
        // Reserved lengths: gimli's error, where the header is parsed.
        n if n >= 0xffff_fff0 => None,
        n => Some(4 + n),
    }
}

impl UnitBytes {
    /// Whether `section` is read this way: a zlib stream in a file.
    pub(super) fn applies(section: &LazySection) -> bool {
        matches!(section.kind, Kind::Zlib { .. })
    }

    /// Inflates `section` once, cutting it into its units' bytes (each
    /// inflated straight into its own buffer) and noting where inflating
    /// may resume: `None` when a unit's length is damaged (the whole
    /// section is then read and parsed as gimli does, to report it as
    /// before). Each unit is handed to `each` (its offset, its bytes) as
    /// soon as it is whole.
    pub(super) fn read(
        section: LazySection,
        file: &std::fs::File,
        little: bool,
        mut each: impl FnMut(u64, &Arc<[u8]>),
    ) -> Result<Option<UnitBytes>, DebugInfoError> {
        let Kind::Zlib { offset, len, size, resume } = &section.kind else { return Ok(None) };
        let (offset, len, size) = (*offset, *len, *size);
        let mut points = vec![Resume::start()];
        let mut next = RESUME_SPACING;
        let mut z = Inflating::new(Resume::start());
        let (mut spans, mut held) = (Vec::new(), Vec::new());
        // The unit being filled and how much of it is; before its length
        // is known, its first bytes.
        let mut unit: Option<(Arc<[u8]>, usize)> = None;
        let mut head: Vec<u8> = Vec::with_capacity(12);
        let mut at = 0u64;
        while let Some(n) = z.piece(&section, file, offset, len)? {
            if z.out >= next && z.out < size {
                points.extend(Resume::at(&z));
                while next <= z.out {
                    next += RESUME_SPACING;
                }
            }
            let mut piece = &z.produced[..n];
            while !piece.is_empty() {
                if unit.is_none() {
                    let want = if head.len() >= 4 && head[..4] == [0xff; 4] { 12 } else { 4 };
                    let k = (want - head.len()).min(piece.len());
                    head.extend_from_slice(&piece[..k]);
                    piece = &piece[k..];
                    let known = head.len() == 12 || (head.len() == 4 && head[..4] != [0xff; 4]);
                    if !known {
                        continue;
                    }
                    let Some(total) =
                        unit_length(&head, little).filter(|&t| at.checked_add(t).is_some_and(|e| e <= size))
                    else {
                        return Ok(None);
                    };
                    let Ok(total) = usize::try_from(total) else { return Ok(None) };
                    let mut buf: Arc<[u8]> = std::iter::repeat_n(0, total).collect();
                    if let Some(b) = Arc::get_mut(&mut buf) {
                        b[..head.len()].copy_from_slice(&head);
                    }
                    unit = Some((buf, head.len()));
                    head.clear();
                }
                if let Some((buf, filled)) = &mut unit {
                    let Some(b) = Arc::get_mut(buf) else { return Ok(None) };
                    let k = (b.len() - *filled).min(piece.len());
                    b[*filled..*filled + k].copy_from_slice(&piece[..k]);
                    *filled += k;
                    piece = &piece[k..];
                    if *filled == b.len() {
                        let end = at + b.len() as u64;
                        spans.push((at, end));
                        let bytes = unit.take().map(|(b, _)| b);
                        if let Some(b) = &bytes {
                            each(at, b);
                        }
                        held.push(bytes);
                        at = end;
                    }
                }
            }
        }
        if z.out != size {
            return Err(corrupt(format!("{}: {} of {size} bytes", section.name, z.out)));
        }
        if unit.is_some() || !head.is_empty() {
            return Ok(None);
        }
        let _ = resume.set(Ok(points));
        let recent = std::sync::Mutex::new((Vec::new(), 0));
        Ok(Some(UnitBytes { section, spans, held: std::sync::Mutex::new(held), recent }))
    }

    /// The section's bytes `start..end`, inflated from the nearest resume
    /// point straight into a buffer of their size.
    fn inflate(&self, file: Option<&std::fs::File>, start: u64, end: u64) -> Result<Arc<[u8]>, DebugInfoError> {
        let s = &self.section;
        let err = |e: String| corrupt(format!("{}: {e}", s.name));
        let (Kind::Zlib { offset, len, size, resume }, Some(file)) = (&s.kind, file) else {
            return Err(err("not read".into()));
        };
        let points =
            resume.get_or_init(|| s.resume_points(file, *offset, *len, *size)).as_ref().map_err(Clone::clone)?;
        let from = &points[points.partition_point(|p| p.out <= start).saturating_sub(1)];
        let mut z = from.inflating(s)?;
        let n = usize::try_from(end - start).map_err(|e| err(e.to_string()))?;
        let mut out: Arc<[u8]> = std::iter::repeat_n(0, n).collect();
        let Some(buf) = Arc::get_mut(&mut out) else { return Err(err("buffer shared".into())) };
        let mut filled = 0;
        while z.out < end {
            let at = z.out;
            let Some(k) = z.piece(s, file, *offset, *len)? else { break };
            // The piece `at..at + k` where it overlaps `start..end`.
            let (lo, hi) = (start.max(at), end.min(at + k as u64));
            if lo < hi {
                let piece = &z.produced[(lo - at) as usize..(hi - at) as usize];
                buf[(lo - start) as usize..(hi - start) as usize].copy_from_slice(piece);
                filled += piece.len();
            }
        }
        if filled != n {
            return Err(err(format!("stream ends before byte {end}")));
        }
        Ok(out)
    }

    /// Where each unit lies in the section.
    pub(super) fn spans(&self) -> &[(u64, u64)] {
        &self.spans
    }

    /// Unit `i`'s bytes as the open inflated them, still held (for reading
    /// its header at the open).
    pub(super) fn held(&self, i: usize) -> Option<Arc<[u8]>> {
        self.held.lock().ok()?.get(i).cloned().flatten()
    }

    /// Lets go of what the open inflated and no unit read took over.
    pub(super) fn release(&self) {
        if let Ok(mut held) = self.held.lock() {
            held.iter_mut().for_each(|b| *b = None);
        }
    }

    /// Unit `i`'s bytes: held from the open, kept from a recent read, or
    /// inflated again; kept among the recent ones when `keep` says so (a
    /// pass over every unit does not).
    pub(super) fn bytes(
        &self,
        i: usize,
        file: Option<&std::fs::File>,
        keep: bool,
    ) -> Result<Arc<[u8]>, DebugInfoError> {
        let taken = self.held.lock().ok().and_then(|mut h| h.get_mut(i).and_then(Option::take));
        let bytes = match taken {
            Some(b) => b,
            None => {
                if let Ok(mut recent) = self.recent.lock()
                    && let Some(at) = recent.0.iter().position(|(u, _)| *u == i)
                {
                    let hit = recent.0.remove(at);
                    let bytes = hit.1.clone();
                    recent.0.push(hit);
                    return Ok(bytes);
                }
                let &(start, end) = self.spans.get(i).ok_or_else(|| corrupt(format!("no compile unit {i}")))?;
                self.inflate(file, start, end)?
            }
        };
        if !keep {
            return Ok(bytes);
        }
        if let Ok(mut recent) = self.recent.lock() {
            let (units, total) = &mut *recent;
            units.retain(|(u, _)| *u != i);
            units.push((i, bytes.clone()));
            *total = units.iter().map(|(_, b)| b.len()).sum();
            while *total > RECENT_BYTES && units.len() > RECENT_UNITS {
                *total -= units.remove(0).1.len();
            }
        }
        Ok(bytes)
    }
}

/// The location and range lists one walk reads: a window of each list
/// section, answering for the whole section's offsets.
pub struct Lists {
    dwarf: gimli::Dwarf<Reader>,
    loc_start: usize,
    rng_start: usize,
}

impl Lists {
    /// The location list at `offset` of the whole section.
    pub(crate) fn locations(
        &self,
        unit: &gimli::Unit<Reader>,
        offset: LocationListsOffset,
    ) -> gimli::Result<gimli::LocListIter<Reader>> {
        let inside =
            offset.0.checked_sub(self.loc_start).ok_or(gimli::Error::UnexpectedEof(gimli::ReaderOffsetId(0)))?;
        self.dwarf.locations(unit, LocationListsOffset(inside))
    }

    /// The range list at `offset` of the whole section.
    pub(crate) fn ranges(
        &self,
        unit: &gimli::Unit<Reader>,
        offset: RangeListsOffset,
    ) -> gimli::Result<gimli::RngListIter<Reader>> {
        let inside =
            offset.0.checked_sub(self.rng_start).ok_or(gimli::Error::UnexpectedEof(gimli::ReaderOffsetId(0)))?;
        self.dwarf.ranges(unit, RangeListsOffset(inside))
    }
}

impl Binary {
    /// Notes where the compressed list sections may be inflated from
    /// (once; the first [`Self::lists_at`] does it otherwise).
    pub(crate) fn prepare_lists(&self) {
        for s in &self.list_sections {
            s.prepare(self.opened.as_ref());
        }
    }

    /// The location lists at `locs` and range lists at `ranges` (offsets
    /// in the sections a unit of `encoding` reads), each whole.
    pub(crate) fn lists_at(
        &self,
        encoding: gimli::Encoding,
        locs: &[LocationListsOffset],
        ranges: &[RangeListsOffset],
    ) -> Result<Lists, DebugInfoError> {
        let endian = self.endian;
        let (loc_id, rng_id) = if encoding.version <= 4 {
            (SectionId::DebugLoc, SectionId::DebugRanges)
        } else {
            (SectionId::DebugLocLists, SectionId::DebugRngLists)
        };
        let section = |id: SectionId| self.list_sections.iter().find(|s| s.id == id);
        let file = self.opened.as_ref();
        let loc_offsets: Vec<usize> = locs.iter().map(|o| o.0).collect();
        let rng_offsets: Vec<usize> = ranges.iter().map(|o| o.0).collect();
        // A window of the section `id` holding each list at `offsets`
        // whole (`runs` to its end: the window's bytes, a list's offset
        // in them).
        let window =
            |id: SectionId, offsets: &[usize], runs: &dyn Fn(EndianSlice<'_, RunTimeEndian>, usize) -> bool| {
                match section(id) {
                    Some(s) => s.window(file, offsets, |bytes, start| {
                        offsets.iter().all(|&o| runs(EndianSlice::new(bytes, endian), o - start))
                    }),
                    None => Ok((Arc::from(&[][..]), 0)),
                }
            };
        let (loc, loc_start) = window(loc_id, &loc_offsets, &|r, o| {
            let list = gimli::LocationLists::new(r.into(), r.into()).raw_locations(LocationListsOffset(o), encoding);
            list.is_ok_and(|mut list| runs_to_end(|| list.next().map(|e| e.is_some())))
        })?;
        let (rng, rng_start) = window(rng_id, &rng_offsets, &|r, o| {
            let list = gimli::RangeLists::new(r.into(), r.into()).raw_ranges(RangeListsOffset(o), encoding);
            list.is_ok_and(|mut list| runs_to_end(|| list.next().map(|e| e.is_some())))
        })?;
        let empty = EndianArcSlice::new(Arc::from(&[][..]), endian);
        let mut dwarf = gimli::Dwarf::load(|id| -> Result<Reader, DebugInfoError> {
            Ok(match id {
                SectionId::DebugAddr => gimli::Section::reader(&self.dwarf.debug_addr).clone(),
                id if id == loc_id => EndianArcSlice::new(loc.clone(), endian),
                id if id == rng_id => EndianArcSlice::new(rng.clone(), endian),
                _ => empty.clone(),
            })
        })?;
        dwarf.file_type = self.dwarf.file_type;
        Ok(Lists { dwarf, loc_start, rng_start })
    }
}

/// Whether a list read entry by entry (`next`: an entry was read) ends
/// inside the window: a list cut short by the window's end reads past it;
/// any other error is the list's own, to be reported where it is used.
fn runs_to_end(mut next: impl FnMut() -> gimli::Result<bool>) -> bool {
    loop {
        match next() {
            Ok(true) => {}
            Ok(false) => return true,
            Err(gimli::Error::UnexpectedEof(_)) => return false,
            Err(_) => return true,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A zlib section of `data` in a file of its own.
    fn zlib_section(data: &[u8], tag: &str) -> (LazySection, std::fs::File, std::path::PathBuf) {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(data).unwrap();
        let stream = z.finish().unwrap();
        let path = std::env::temp_dir().join(format!("dlvbridge-lazy-{}-{tag}", std::process::id()));
        let mut prefix = vec![7u8; 100];
        prefix.extend_from_slice(&stream);
        std::fs::write(&path, &prefix).unwrap();
        let kind =
            Kind::Zlib { offset: 100, len: stream.len() as u64, size: data.len() as u64, resume: OnceLock::new() };
        let section = LazySection { id: SectionId::DebugLine, name: ".debug_line".into(), kind };
        (section, std::fs::File::open(&path).unwrap(), path)
    }

    /// Bytes that compress about as DWARF does.
    fn sample(n: usize) -> Vec<u8> {
        let mut x = 12345u32;
        (0..n)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                if (x >> 16).is_multiple_of(3) { (x >> 24) as u8 } else { (i / 7) as u8 }
            })
            .collect()
    }

    #[test]
    fn windows_of_a_zlib_section_are_its_bytes() {
        let data = sample(3 * RESUME_SPACING as usize + 12_345);
        let (section, file, path) = zlib_section(&data, "windows");
        let mut cursor = Cursor::new(&section, Some(&file));
        // In order (one inflation), overlapping, backwards (a restart),
        // across resume points and up to the end.
        let n = data.len() as u64;
        for (start, end) in [
            (0, 10),
            (5, 70_000),
            (600_000, 600_100),
            (600_050, 1_200_000),
            (100, 200),
            (RESUME_SPACING - 3, RESUME_SPACING + 3),
            (n - 1000, n),
            (2 * RESUME_SPACING, 2 * RESUME_SPACING + 1),
        ] {
            let got = cursor.read(start, end).unwrap();
            assert!(got == data[start as usize..end as usize], "{start}..{end}");
            let alone = Cursor::new(&section, Some(&file)).read(start, end).unwrap();
            assert!(alone == got, "{start}..{end} alone");
        }
        assert!(cursor.read(n - 1, n + 1).is_err(), "past the end");
        let Kind::Zlib { resume, .. } = &section.kind else { unreachable!() };
        let outs: Vec<u64> = resume.get().unwrap().as_ref().unwrap().iter().map(|p| p.out).collect();
        // The first piece ending past each multiple of the spacing, but
        // none at the very end.
        assert!(outs.len() >= 3 && outs[0] == 0, "{outs:?}");
        for (i, w) in outs.windows(2).enumerate() {
            assert!(
                w[1] >= (i as u64 + 1) * RESUME_SPACING && w[1] - w[0] <= RESUME_SPACING + PIECE as u64,
                "{outs:?}"
            );
        }
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_first_pass_in_order_notes_the_resume_points() {
        let data = sample(2 * RESUME_SPACING as usize + 999);
        let (section, file, path) = zlib_section(&data, "noting");
        let Kind::Zlib { resume, .. } = &section.kind else { unreachable!() };
        let mut cursor = Cursor::first_pass(&section, Some(&file));
        for (start, end) in [(0, 4), (0, 5000), (700_000, 700_004), (700_000, 800_000)] {
            assert!(cursor.read(start, end).unwrap() == data[start as usize..end as usize], "{start}..{end}");
        }
        assert!(resume.get().is_none(), "noted only once the pass ends");
        cursor.finish().unwrap();
        let noted: Vec<u64> = resume.get().unwrap().as_ref().unwrap().iter().map(|p| p.out).collect();
        assert!(noted.len() >= 2 && noted[0] == 0 && noted[1] >= RESUME_SPACING, "{noted:?}");
        // Windows resumed from the noted points are the section's bytes.
        for (start, end) in [(600_000, 600_010), (10, 20), (2 * RESUME_SPACING + 5, 2 * RESUME_SPACING + 900)] {
            let got = Cursor::new(&section, Some(&file)).read(start, end).unwrap();
            assert!(got == data[start as usize..end as usize], "{start}..{end}");
        }
        // Going back abandons the noting: the points come from their own pass.
        let (section, file, path2) = zlib_section(&data, "noting-back");
        let mut cursor = Cursor::first_pass(&section, Some(&file));
        assert!(cursor.read(700_000, 700_010).unwrap() == data[700_000..700_010]);
        assert!(cursor.read(5, 10).unwrap() == data[5..10]);
        let Kind::Zlib { resume, .. } = &section.kind else { unreachable!() };
        assert!(resume.get().unwrap().as_ref().unwrap().len() >= 2);
        let _ = std::fs::remove_file(path);
        let _ = std::fs::remove_file(path2);
    }

    /// Units as DWARF frames them: a 4-byte length, or `0xffffffff` and
    /// an 8-byte one, then that many bytes.
    fn framed_units(sizes: &[(usize, bool)]) -> Vec<u8> {
        let body = sample(sizes.iter().map(|s| s.0).sum());
        let (mut out, mut at) = (Vec::new(), 0);
        for &(n, wide) in sizes {
            if wide {
                out.extend_from_slice(&[0xff; 4]);
                out.extend_from_slice(&(n as u64).to_le_bytes());
            } else {
                out.extend_from_slice(&(n as u32).to_le_bytes());
            }
            out.extend_from_slice(&body[at..at + n]);
            at += n;
        }
        out
    }

    #[test]
    fn a_unit_read_again_is_the_bytes_the_open_cut() {
        let sizes = [(10, false), (700_000, false), (3, true), (0, false), (1_300_000, true), (64 * 1024 - 4, false)];
        let data = framed_units(&sizes);
        let (section, file, path) = zlib_section(&data, "units");
        let mut handed = Vec::new();
        let units = UnitBytes::read(section, &file, true, |at, b| handed.push((at, b.len()))).unwrap().unwrap();
        let spans = units.spans().to_vec();
        assert_eq!(spans.len(), sizes.len());
        assert_eq!(handed, spans.iter().map(|&(s, e)| (s, (e - s) as usize)).collect::<Vec<_>>());
        assert_eq!(spans.last().unwrap().1, data.len() as u64);
        for (i, &(s, e)) in spans.iter().enumerate() {
            assert!(*units.held(i).unwrap() == data[s as usize..e as usize], "unit {i} as cut");
        }
        // Taken over by a pass, then let go of: read again by inflating.
        let once = units.bytes(1, Some(&file), false).unwrap();
        assert!(units.held(1).is_none() && *once == data[spans[1].0 as usize..spans[1].1 as usize]);
        units.release();
        for i in [4, 0, 5, 1, 4, 2, 3] {
            let (s, e) = spans[i];
            let again = units.bytes(i, Some(&file), true).unwrap();
            assert!(*again == data[s as usize..e as usize], "unit {i} again");
        }
        let _ = std::fs::remove_file(path);
    }

    /// A walk reads its function's unit and the unit of every type in
    /// turn: the two read last stay, even past the byte budget; a third
    /// pushes the older out once the budget is spent.
    #[test]
    fn the_two_units_read_last_are_kept_whatever_their_size() {
        let big = RECENT_BYTES + 4096;
        let data = framed_units(&[(big, false), (1000, false), (2000, false)]);
        let (section, file, path) = zlib_section(&data, "recent");
        let units = UnitBytes::read(section, &file, true, |_, _| {}).unwrap().unwrap();
        units.release();
        let read = |i: usize| units.bytes(i, Some(&file), true).unwrap();
        let types = read(0);
        let function = read(1);
        assert!(Arc::ptr_eq(&types, &read(0)), "the big unit is kept beside one other");
        assert!(Arc::ptr_eq(&function, &read(1)));
        let other = read(2);
        assert!(!Arc::ptr_eq(&types, &read(0)), "the big unit was the oldest of three: inflated again");
        assert!(Arc::ptr_eq(&other, &read(2)));
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_damaged_unit_length_leaves_the_section_whole() {
        let mut data = framed_units(&[(100, false), (50, false)]);
        // The second unit claims more than the section holds.
        data[104..108].copy_from_slice(&1000u32.to_le_bytes());
        let (section, file, path) = zlib_section(&data, "units-damaged");
        assert!(UnitBytes::read(section, &file, true, |_, _| {}).unwrap().is_none());
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_short_zlib_section_is_an_error() {
        let data = sample(200_000);
        let (mut section, file, path) = zlib_section(&data, "short");
        if let Kind::Zlib { size, .. } = &mut section.kind {
            *size += 10;
        }
        // In a first pass a window before the real end is read; one past
        // it, or the end of the pass that notes the resume points, fails.
        let size = data.len() as u64 + 10;
        assert!(Cursor::first_pass(&section, Some(&file)).read(0, 10).is_ok());
        assert!(Cursor::first_pass(&section, Some(&file)).read(size - 20, size).is_err());
        let mut cursor = Cursor::first_pass(&section, Some(&file));
        assert!(cursor.read(0, 10).is_ok() && cursor.finish().is_err());
        // A cursor for windows anywhere needs the resume points first.
        assert!(Cursor::new(&section, Some(&file)).read(0, 10).is_err());
        let _ = std::fs::remove_file(path);
    }
}
