//! A zlib inflater whose state can be copied: a lazily read section keeps
//! copies as the points where inflating resumes. zlib-rs inflates Go's
//! DWARF about 1.6 times as fast as miniz_oxide; only its zlib-compatible
//! interface copies a stream, so this module is the one place that calls
//! it, and the only code here that is `unsafe`.

use std::mem::MaybeUninit;

use libz_rs_sys as z;

/// How one call to [`Inflater::inflate`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    /// Progress was made, or can be with more input or output room.
    Going,
    /// The stream's end (its checksum included) was read.
    End,
    /// The stream is damaged (the message says how).
    Damaged(&'static str),
}

/// What one call consumed and produced.
#[derive(Debug, Clone, Copy)]
pub(super) struct Step {
    pub consumed: usize,
    pub written: usize,
    pub status: Status,
}

/// One zlib stream being inflated.
pub(super) struct Inflater {
    /// Boxed: the stream stays where it was initialized.
    stream: Box<z::z_stream>,
}

// SAFETY: the stream's state is owned by this value alone (allocated by
// the Rust allocator, freed in `drop`) and holds no reference to any
// thread's data; `&self` only reads it (`inflateCopy`).
unsafe impl Send for Inflater {}
// SAFETY: as above; no method taking `&self` writes to the stream.
unsafe impl Sync for Inflater {}

impl Inflater {
    /// An inflater at the start of a zlib stream (header included).
    pub(super) fn new() -> Inflater {
        let mut stream = Box::new(z::z_stream::default());
        let size = std::mem::size_of::<z::z_stream>() as i32;
        // SAFETY: `stream` is a valid, default (allocator set) z_stream;
        // the version string is the library's own.
        let rc = unsafe { z::inflateInit_(&mut *stream, z::zlibVersion(), size) };
        // Only an allocation failure makes it fail, which aborts anyway.
        assert_eq!(rc, z::Z_OK, "zlib inflater init failed");
        Inflater { stream }
    }

    /// Inflates from `input` into `output` as far as either allows.
    pub(super) fn inflate(&mut self, input: &[u8], output: &mut [u8]) -> Step {
        let avail_in = input.len().min(u32::MAX as usize);
        let avail_out = output.len().min(u32::MAX as usize);
        let s = &mut *self.stream;
        s.next_in = input.as_ptr();
        s.avail_in = avail_in as u32;
        s.next_out = output.as_mut_ptr();
        s.avail_out = avail_out as u32;
        // SAFETY: the stream was initialized by `inflateInit_` (or copied
        // by `inflateCopy`); `next_in`/`avail_in` and `next_out`/`avail_out`
        // describe live slices borrowed for this call.
        let rc = unsafe { z::inflate(s, z::Z_NO_FLUSH) };
        let consumed = avail_in - s.avail_in as usize;
        let written = avail_out - s.avail_out as usize;
        // The slices' borrows end here: nothing may be read through the
        // pointers until the next call sets them anew.
        s.next_in = std::ptr::null();
        s.avail_in = 0;
        s.avail_out = 0;
        let status = match rc {
            z::Z_OK | z::Z_BUF_ERROR => Status::Going,
            z::Z_STREAM_END => Status::End,
            z::Z_NEED_DICT => Status::Damaged("a preset dictionary is asked for"),
            z::Z_DATA_ERROR => Status::Damaged("invalid compressed data"),
            z::Z_MEM_ERROR => Status::Damaged("out of memory"),
            _ => Status::Damaged("inconsistent stream state"),
        };
        Step { consumed, written, status }
    }

    /// A copy of this inflater, to resume from where it stands; `None`
    /// when the library cannot copy it (out of memory, or before any
    /// output room was ever given).
    pub(super) fn try_clone(&self) -> Option<Inflater> {
        let mut copy: Box<MaybeUninit<z::z_stream>> = Box::new_uninit();
        // SAFETY: `copy` is writable memory for one z_stream; the source
        // was initialized by `inflateInit_` or `inflateCopy`.
        let rc = unsafe { z::inflateCopy(copy.as_mut_ptr(), &*self.stream) };
        if rc != z::Z_OK {
            return None;
        }
        // SAFETY: `inflateCopy` returned Z_OK: it wrote the whole stream.
        Some(Inflater { stream: unsafe { copy.assume_init() } })
    }
}

impl Drop for Inflater {
    fn drop(&mut self) {
        // SAFETY: initialized by `inflateInit_` or `inflateCopy`, ended once.
        unsafe { z::inflateEnd(&mut *self.stream) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn compressed(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    /// Some text that compresses with matches reaching back far.
    fn sample(n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n);
        let mut x: u32 = 7;
        while out.len() < n {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let word = ["main.", "(*T).", "runtime.", "go.shape.int", "fmt.Sprintf", "x"][(x >> 16) as usize % 6];
            out.extend_from_slice(word.as_bytes());
            out.extend_from_slice(format!("{}", x % 977).as_bytes());
        }
        out.truncate(n);
        out
    }

    /// Inflates `stream` with pieces of `input` and `output` bytes; notes
    /// a copy at each `every` bytes out and inflates on from each copy to
    /// the end.
    fn check_copies(data: &[u8], input: usize, output: usize, every: usize) {
        let stream = compressed(data);
        let mut z = Inflater::new();
        let (mut used, mut out) = (0, Vec::new());
        let mut copies = Vec::new();
        let mut buf = vec![0; output];
        loop {
            let end = (used + input).min(stream.len());
            let step = z.inflate(&stream[used..end], &mut buf);
            used += step.consumed;
            out.extend_from_slice(&buf[..step.written]);
            if out.len() / every > copies.len() {
                copies.push((used, out.len(), z.try_clone().expect("a copy")));
            }
            match step.status {
                Status::End => break,
                Status::Going => assert!(step.consumed + step.written > 0 || used < stream.len(), "stuck"),
                Status::Damaged(why) => panic!("{why}"),
            }
        }
        assert_eq!(out, data);
        // The copies own all they resume with.
        drop(z);
        for (at_in, at_out, mut copy) in copies {
            let mut rest = Vec::new();
            let mut used = at_in;
            loop {
                let step = copy.inflate(&stream[used..], &mut buf);
                used += step.consumed;
                rest.extend_from_slice(&buf[..step.written]);
                if step.status != Status::Going {
                    assert_eq!(step.status, Status::End);
                    break;
                }
            }
            assert_eq!(rest, &data[at_out..], "resumed at {at_out}");
        }
    }

    #[test]
    fn copies_resume_where_they_were_made() {
        let data = sample(300_000);
        check_copies(&data, 4096, 65_536, 50_000);
        check_copies(&data, 1, 997, 70_000);
        check_copies(&data, 100_000, 7, 120_000);
    }

    #[test]
    fn damaged_and_short_streams() {
        let data = sample(10_000);
        let mut stream = compressed(&data);
        let mut buf = vec![0; 20_000];
        // Cut short: no end, no error, all that came out correct.
        let step = Inflater::new().inflate(&stream[..stream.len() / 2], &mut buf);
        assert_eq!(step.status, Status::Going);
        assert_eq!(&buf[..step.written], &data[..step.written]);
        // A wrong checksum.
        let last = stream.len() - 1;
        stream[last] ^= 1;
        let step = Inflater::new().inflate(&stream, &mut buf);
        assert!(matches!(step.status, Status::Damaged(_)), "{step:?}");
        // Not a zlib header.
        let step = Inflater::new().inflate(b"not zlib at all", &mut buf);
        assert!(matches!(step.status, Status::Damaged(_)), "{step:?}");
        // A copy before any output room exists is refused, not unsound.
        assert!(Inflater::new().try_clone().is_none());
    }
}
