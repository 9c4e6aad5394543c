//! Reading Go binaries (ELF, Mach-O, PE) and their DWARF, lazily per compile
//! unit, for exact scopes and for path inference.
//!
//! Opening reads the headers, the build info and the root entry of each
//! compile unit only; line tables and entries are read when asked for. A
//! truncated, corrupt or stripped file is an error, never a panic.

mod buildinfo;
mod lazy;
mod zlib;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use gimli::{EndianArcSlice, RunTimeEndian};
use object::{Object, ObjectSection};

pub use self::buildinfo::BuildInfo;
pub use self::lazy::Lists;
use self::lazy::{LIST_SECTIONS, LazySection, UnitBytes};

/// The reader every DWARF section is read through.
pub type Reader = EndianArcSlice<RunTimeEndian>;

/// Why a binary could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DebugInfoError {
    Io {
        path: PathBuf,
        reason: String,
    },
    /// Not an ELF, Mach-O or PE file, or its headers are damaged.
    NotABinary {
        reason: String,
    },
    /// No DWARF at all: built with `-ldflags=-s -w`, or stripped afterwards.
    Stripped,
    /// DWARF is present but cannot be decoded (truncated or corrupt).
    Corrupt {
        reason: String,
    },
}

impl fmt::Display for DebugInfoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DebugInfoError::Io { path, reason } => write!(f, "cannot read {}: {reason}", path.display()),
            DebugInfoError::NotABinary { reason } => {
                write!(f, "not an ELF, Mach-O or PE executable ({reason})")
            }
            DebugInfoError::Stripped => f.write_str(
                "the binary has no DWARF debug information (built with -ldflags=-s -w or stripped); \
                 rebuild with -gcflags=all=-N -l and without -s -w",
            ),
            DebugInfoError::Corrupt { reason } => write!(f, "corrupt debug information: {reason}"),
        }
    }
}

impl std::error::Error for DebugInfoError {}

pub(crate) fn corrupt(e: impl fmt::Display) -> DebugInfoError {
    DebugInfoError::Corrupt { reason: e.to_string() }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Elf,
    MachO,
    Pe,
}

/// One compile unit's root entry: Go emits one per package (plus some for
/// assembly files), named by import path.
#[derive(Debug, Clone)]
pub struct CompileUnit {
    /// Import path of the package (`main` for the main package).
    pub name: String,
    /// `DW_AT_producer` without flags (`Go cmd/compile go1.26.8`).
    pub producer: String,
    /// The compiler flags recorded after `;` in the producer (`-N -l regabi`).
    pub flags: String,
    /// The package clause name (`DW_AT_go_package_name`).
    pub package_name: Option<String>,
    pub is_go: bool,
    pub(crate) offset: gimli::DebugInfoOffset<usize>,
}

impl CompileUnit {
    /// Compiled with optimizations (no `-N` in the producer flags), as
    /// Delve's `loadDebugInfoMaps` decides.
    pub fn optimized(&self) -> bool {
        self.is_go && !self.flags.split_whitespace().any(|f| f == "-N")
    }

    /// Compiled with inlining (no `-l`).
    pub fn inlined(&self) -> bool {
        self.is_go && !self.flags.split_whitespace().any(|f| f == "-l")
    }
}

/// A Go binary opened for its debug information.
pub struct Binary {
    pub format: Format,
    pub arch: object::Architecture,
    pub build_info: Option<BuildInfo>,
    pub(crate) dwarf: gimli::Dwarf<Reader>,
    units: Vec<CompileUnit>,
    /// Each unit parsed on first use, without its line program (kept for
    /// every unit, the line-program headers would be the largest part of
    /// what a scope keeps), and where that program lies.
    parsed: Vec<OnceLock<Result<ParsedUnit, DebugInfoError>>>,
    files: OnceLock<FileTable>,
    /// Read on first use (a scope needs it, opening does not): from the
    /// file opened, when opened from one (the same file even if its path
    /// now names another), else at parse time.
    symbols: OnceLock<Symbols>,
    /// The location and range lists, read a window at a time
    /// ([`Self::lists_at`]): only the function a scope walks needs them,
    /// the program's tables never do.
    list_sections: Vec<LazySection>,
    /// `.debug_line`, read a unit's line program at a time: the file
    /// table is read once in one pass, the stops of a line from the units
    /// naming its file.
    lines: LazySection,
    /// A zlib `.debug_info` of a file, read a unit at a time (`dwarf`
    /// then has none): [`Self::unit`] reads a unit's bytes from here.
    unit_bytes: Option<UnitBytes>,
    endian: RunTimeEndian,
    opened: Option<std::fs::File>,
}

/// Every line-table file of the binary, each name stored once (most
/// units name files of the runtime and of the packages they inline).
#[derive(Default)]
struct FileTable {
    /// Sorted and deduplicated (once [`FileTable::finish`]ed; in the
    /// order first met before).
    names: Vec<String>,
    /// Each unit's line-table files in its order, as indexes into `names`.
    by_unit: Vec<Vec<u32>>,
    /// While units are added: each name's index.
    ids: std::collections::HashMap<String, u32>,
}

impl FileTable {
    /// Starts the next unit's files.
    fn next_unit(&mut self) {
        self.by_unit.push(Vec::new());
    }

    /// A file of the unit started last (its name copied the first time
    /// any unit names it).
    fn add_file(&mut self, name: &str) {
        let id = match self.ids.get(name) {
            Some(&id) => id,
            None => {
                let id = self.ids.len() as u32;
                self.ids.insert(name.to_string(), id);
                id
            }
        };
        if let Some(unit) = self.by_unit.last_mut() {
            unit.push(id);
        }
    }

    /// The table with its names sorted.
    fn finish(mut self) -> FileTable {
        // Ids in name order, so that `names` is sorted.
        let mut names: Vec<(String, u32)> = std::mem::take(&mut self.ids).into_iter().collect();
        names.sort_unstable();
        let mut rank = vec![0u32; names.len()];
        for (r, (_, id)) in names.iter().enumerate() {
            rank[*id as usize] = r as u32;
        }
        for id in self.by_unit.iter_mut().flatten() {
            *id = rank[*id as usize];
        }
        FileTable {
            names: names.into_iter().map(|(name, _)| name).collect(),
            by_unit: self.by_unit,
            ..FileTable::default()
        }
    }
}

/// A unit as [`Binary::unit`] keeps it.
type ParsedUnit = (Arc<gimli::Unit<Reader>>, Option<gimli::DebugLineOffset<usize>>);

/// What the symbol table tells: the generic dictionaries, sorted by name,
/// and where the run-time type descriptors lie.
#[derive(Debug, Default)]
struct Symbols {
    dictionaries: Vec<GenericDictionary>,
    type_descriptors: Option<(u64, u64)>,
}

/// A generic dictionary the program links: one per instantiation it makes
/// of a generic function or type (`main..dict.Keep[*main.Cell]`), the
/// table Delve reads a type parameter's type from at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenericDictionary {
    /// The symbol name (Mach-O's leading `_` removed).
    pub name: String,
    /// Its words as the file holds them: addresses of run-time type
    /// descriptors, among others. Empty when they cannot be read (no
    /// symbol size); a position-independent build holds zeros until
    /// relocated.
    pub words: Vec<u64>,
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("format", &self.format)
            .field("arch", &self.arch)
            .field("units", &self.units.len())
            .finish_non_exhaustive()
    }
}

/// The DWARF sections scopes need, read at open; frames are skipped, and
/// the line tables are read a unit at a time ([`Binary::line_programs`]).
const SECTIONS: &[gimli::SectionId] = &[
    gimli::SectionId::DebugAbbrev,
    gimli::SectionId::DebugAddr,
    gimli::SectionId::DebugInfo,
    gimli::SectionId::DebugLineStr,
    gimli::SectionId::DebugStr,
    gimli::SectionId::DebugStrOffsets,
];

impl Binary {
    /// Opens a binary, reading only its headers, the build info and the
    /// DWARF sections scopes need (not the whole file).
    pub fn open(path: &Path) -> Result<Binary, DebugInfoError> {
        let io = |e: std::io::Error| DebugInfoError::Io { path: path.to_path_buf(), reason: e.to_string() };
        let f = std::fs::File::open(path).map_err(io)?;
        if f.metadata().map_err(io)?.is_dir() {
            return Err(DebugInfoError::Io { path: path.to_path_buf(), reason: "is a directory".into() });
        }
        let len = f.metadata().map_err(io)?.len();
        let cache = object::ReadCache::new(f.try_clone().map_err(io)?);
        let binary = Binary::parse_from(&cache, Source::File { file: &f, len }, true)?;
        Ok(Binary { opened: Some(f), ..binary })
    }

    /// Reads a binary from its bytes; they are not kept (only the DWARF
    /// sections, uncompressed).
    pub fn parse(data: &[u8]) -> Result<Binary, DebugInfoError> {
        Binary::parse_from(data, Source::Bytes(data), false)
    }

    /// Reads the headers through `data` and the DWARF sections from
    /// `source`, the same bytes (read there so that a file's compressed
    /// sections are not kept in `data`'s cache). The symbol table is read
    /// later when `opened` says the caller keeps the file.
    fn parse_from<'data, R: object::ReadRef<'data>>(
        data: R,
        source: Source<'_>,
        opened: bool,
    ) -> Result<Binary, DebugInfoError> {
        let file = object::File::parse(data).map_err(|e| DebugInfoError::NotABinary { reason: e.to_string() })?;
        let format = match file.format() {
            object::BinaryFormat::Elf => Format::Elf,
            object::BinaryFormat::MachO => Format::MachO,
            object::BinaryFormat::Pe => Format::Pe,
            other => return Err(DebugInfoError::NotABinary { reason: format!("{other:?} files are not supported") }),
        };
        let endian = if file.is_little_endian() { RunTimeEndian::Little } else { RunTimeEndian::Big };
        let build_info = buildinfo::find(&file);
        if file.section_by_name(".debug_info").is_none() && file.section_by_name(".zdebug_info").is_none() {
            return Err(DebugInfoError::Stripped);
        }
        // Read the sections (one reader), then decompress them: the largest,
        // `.debug_info`, on a thread of its own, cut into its units as it
        // inflates when it is a zlib stream in a file. Errors are reported
        // as `gimli` asks for the sections, the first in its order.
        let mut raw: Vec<(gimli::SectionId, Result<RawSection, DebugInfoError>)> =
            SECTIONS.iter().map(|&id| (id, raw_section(&file, id.name()))).collect();
        let mut bytes: Vec<(gimli::SectionId, SectionBytes)> = Vec::new();
        let info = raw.iter().position(|(id, _)| *id == gimli::SectionId::DebugInfo).map(|i| raw.remove(i));
        let by_units = match (source, &info) {
            (Source::File { file: f, .. }, Some((id, Ok(_)))) if opened => {
                let section = LazySection::new(*id, raw_section(&file, id.name())?, source, opened)?;
                UnitBytes::applies(&section).then_some((section, f))
            }
            _ => None,
        };
        let little = endian == RunTimeEndian::Little;
        // The list sections, read a window at a time by a scope's walk.
        let list_sections: Vec<Result<LazySection, DebugInfoError>> = LIST_SECTIONS
            .iter()
            .map(|&id| raw_section(&file, id.name()).and_then(|r| LazySection::new(id, r, source, opened)))
            .collect();
        let lines = raw_section(&file, ".debug_line")
            .and_then(|r| LazySection::new(gimli::SectionId::DebugLine, r, source, opened));
        let mut unit_bytes = None;
        let mut early = None;
        std::thread::scope(|s| {
            let (units_in, units_out) = std::sync::mpsc::channel();
            let (cut, info) = match by_units {
                Some((section, f)) => {
                    let each = move |at: u64, b: &Arc<[u8]>| drop(units_in.send((at, b.clone())));
                    (Some(s.spawn(move || UnitBytes::read(section, f, little, each))), None)
                }
                None => (None, info.map(|(id, r)| s.spawn(move || (id, r.and_then(|r| r.finish(source)))))),
            };
            bytes.extend(raw.into_iter().map(|(id, r)| (id, r.and_then(|r| r.finish(source)))));
            if let (true, Source::File { file: f, .. }) = (opened, source) {
                // The units' roots and line-table files, each unit as it
                // comes out of `.debug_info`.
                if let (Some(_), Ok(lines)) = (&cut, &lines) {
                    early = EarlyUnits::read(&bytes, endian, units_out, lines, f);
                }
            }
            if let Some(h) = info {
                bytes.push(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
            if let Some(h) = cut {
                unit_bytes = Some(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
        });
        let unit_bytes = match unit_bytes {
            Some(Ok(Some(u))) => Some(u),
            Some(Err(e)) => {
                bytes.push((gimli::SectionId::DebugInfo, Err(e)));
                None
            }
            // A damaged unit length: the section whole, as gimli reads it.
            Some(Ok(None)) => {
                let whole = raw_section(&file, ".debug_info").and_then(|r| r.finish(source));
                bytes.push((gimli::SectionId::DebugInfo, whole));
                None
            }
            None => None,
        };
        // What was read as `.debug_info` inflated, when all of it was.
        let early = early.filter(|e| unit_bytes.as_ref().is_some_and(|u| u.spans().len() == e.units.len()));
        let (mut dwarf, mut units, mut parsed, files) = match early {
            Some(e) => (e.dwarf, e.units, e.parsed, OnceLock::from(e.files.finish())),
            None => (load_dwarf(&bytes, endian)?, Vec::new(), Vec::new(), OnceLock::new()),
        };
        match &unit_bytes {
            _ if !units.is_empty() => {}
            Some(by_units) => {
                // The units read again, to report the first error as gimli does.
                let mut seen = Vec::new();
                for (i, &(start, _)) in by_units.spans().iter().enumerate() {
                    let bytes = by_units.held(i).unwrap_or_else(|| Arc::from(&[][..]));
                    let (cu, template) = unit_root(&mut dwarf, &mut seen, start, bytes, endian)?;
                    units.push(cu);
                    parsed.push(OnceLock::from(template));
                }
            }
            None => {
                // Go writes one abbreviation table that every unit shares:
                // parsed once, not once per unit.
                dwarf.populate_abbreviations_cache(gimli::AbbreviationsCacheStrategy::Duplicates);
                let mut headers = dwarf.units();
                loop {
                    let header = match headers.next() {
                        Ok(Some(h)) => h,
                        Ok(None) => break,
                        Err(e) => return Err(corrupt(format!("compile unit header: {e}"))),
                    };
                    let offset = gimli::DebugInfoOffset(header.offset().0);
                    units.push(root_of(&dwarf, header, offset)?);
                    parsed.push(OnceLock::new());
                }
            }
        }
        if units.is_empty() {
            return Err(DebugInfoError::Stripped);
        }
        // Reading the symbol table costs a third of an open: from a file it
        // waits for the first scope.
        let symbols = OnceLock::new();
        let list_sections = list_sections.into_iter().collect::<Result<Vec<_>, _>>()?;
        let lines = lines?;
        if !opened {
            let _ = symbols.set(read_symbols(&file));
        }
        Ok(Binary {
            format,
            arch: file.architecture(),
            build_info,
            dwarf,
            units,
            parsed,
            files,
            symbols,
            list_sections,
            lines,
            unit_bytes,
            endian,
            opened: None,
        })
    }

    /// The generic dictionaries the program links, by name. Empty without
    /// a symbol table.
    pub fn generic_dictionaries(&self) -> &[GenericDictionary] {
        &self.symbols().dictionaries
    }

    /// Where the run-time type descriptors lie (`runtime.types` to
    /// `runtime.etypes`): `DW_AT_go_runtime_type` is an offset from the
    /// start.
    pub fn type_descriptors(&self) -> Option<(u64, u64)> {
        self.symbols().type_descriptors
    }

    fn symbols(&self) -> &Symbols {
        self.symbols.get_or_init(|| {
            let Some(file) = &self.opened else { return Symbols::default() };
            let read = || -> Option<Symbols> {
                let cache = object::ReadCache::new(file.try_clone().ok()?);
                Some(read_symbols(&object::File::parse(&cache).ok()?))
            };
            read().unwrap_or_else(|| {
                tracing::warn!("the binary's symbol table could not be read again");
                Symbols::default()
            })
        })
    }

    pub fn units(&self) -> &[CompileUnit] {
        &self.units
    }

    /// The Go version that built the binary: from the build info, else from a
    /// compile unit's producer.
    pub fn go_version(&self) -> Option<String> {
        if let Some(v) = self.build_info.as_ref().map(|b| b.go_version.clone()).filter(|v| !v.is_empty()) {
            return Some(v);
        }
        self.units.iter().find_map(|u| u.producer.split_whitespace().find(|w| w.starts_with("go1")).map(String::from))
    }

    /// True when some Go package was compiled with optimizations (the usual
    /// cause of "optimized out" variables; the fix is `-gcflags=all=-N -l`).
    pub fn optimized_packages(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.units.iter().filter(|u| u.optimized()).map(|u| u.name.as_str()).collect();
        v.dedup();
        v
    }

    /// The parsed unit `i`, without its line program (`line_program` is
    /// `None`; [`Self::line_program`] reads it).
    pub(crate) fn unit(&self, i: usize) -> Result<Arc<gimli::Unit<Reader>>, DebugInfoError> {
        self.unit_kept(i, true)
    }

    /// [`Self::unit`] for a pass over every unit, which reads each once:
    /// its bytes are not kept among the recent ones.
    pub(crate) fn unit_once(&self, i: usize) -> Result<Arc<gimli::Unit<Reader>>, DebugInfoError> {
        self.unit_kept(i, false)
    }

    fn unit_kept(&self, i: usize, keep: bool) -> Result<Arc<gimli::Unit<Reader>>, DebugInfoError> {
        let (unit, _) = self.parsed_unit(i)?;
        let Some(by_units) = &self.unit_bytes else { return Ok(unit.clone()) };
        let bytes = EndianArcSlice::new(by_units.bytes(i, self.opened.as_ref(), keep)?, self.endian);
        let header = placed(&unit.header, gimli::DebugInfoOffset(by_units.spans()[i].0 as usize), bytes)
            .map_err(|e| corrupt(format!("unit {}: {e}", self.units[i].name)))?;
        Ok(Arc::new(gimli::Unit { header, ..copy_unit(unit) }))
    }

    /// Lets go of the units' bytes the open inflated and no read took
    /// over (the first scope read every Go unit it needs).
    pub(crate) fn release_unit_bytes(&self) {
        if let Some(by_units) = &self.unit_bytes {
            by_units.release();
        }
    }

    fn parsed_unit(&self, i: usize) -> Result<&ParsedUnit, DebugInfoError> {
        let cell = self.parsed.get(i).ok_or_else(|| corrupt(format!("no compile unit {i}")))?;
        cell.get_or_init(|| {
            let cu = &self.units[i];
            let header = self.dwarf.unit_header(cu.offset).map_err(corrupt)?;
            let (unit, lines) =
                unit_without_lines(&self.dwarf, header).map_err(|e| corrupt(format!("unit {}: {e}", cu.name)))?;
            Ok((Arc::new(unit), lines))
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Unit `i`'s line program, read again at each call (its header is
    /// not kept: callers read it once per unit or per query).
    pub(crate) fn line_program(
        &self,
        i: usize,
    ) -> Result<Option<gimli::IncompleteLineProgram<Reader>>, DebugInfoError> {
        self.line_programs().program(i)
    }

    /// A reader of line programs, fastest for units asked for in their
    /// order (one pass over a compressed section).
    pub(crate) fn line_programs(&self) -> LinePrograms<'_> {
        LinePrograms { bin: self, cursor: lazy::Cursor::new(&self.lines, self.opened.as_ref()) }
    }

    /// The same for the first pass over every unit in order, which notes
    /// where a compressed `.debug_line` may be inflated from on its way.
    fn line_programs_first_pass(&self) -> LinePrograms<'_> {
        LinePrograms { bin: self, cursor: lazy::Cursor::first_pass(&self.lines, self.opened.as_ref()) }
    }

    /// Index of the unit holding the `.debug_info` offset `off`.
    pub(crate) fn unit_index_of(&self, off: usize) -> Option<usize> {
        let i = self.units.partition_point(|u| u.offset.0 <= off);
        i.checked_sub(1)
    }

    /// The file names of unit `i`'s line table, as the compiler wrote them
    /// (build paths), in its order. Empty when the unit has none or it
    /// cannot be read. The first call reads every unit's (as
    /// [`Self::all_files`]).
    pub fn unit_files(&self, i: usize) -> impl ExactSizeIterator<Item = &str> + Clone {
        let table = self.file_table();
        let ids = table.by_unit.get(i).map(Vec::as_slice).unwrap_or_default();
        ids.iter().map(|&id| table.names[id as usize].as_str())
    }

    fn file_table(&self) -> &FileTable {
        self.files.get_or_init(|| {
            let mut table = FileTable::default();
            let mut programs = self.line_programs_first_pass();
            for i in 0..self.units.len() {
                table.next_unit();
                // Unreadable: the unit lists no file (an error comes
                // before the first).
                let _ = self.read_unit_files(&mut programs, i, |f| table.add_file(f));
            }
            // The pass over the section noted where to resume it.
            let _ = programs.cursor.finish();
            table.finish()
        })
    }

    fn read_unit_files(
        &self,
        programs: &mut LinePrograms<'_>,
        i: usize,
        each: impl FnMut(&str),
    ) -> Result<(), DebugInfoError> {
        let parsed = self.parsed_unit(i)?;
        files_of(&self.dwarf, &mut programs.cursor, self.endian, parsed, &self.units[i].name, each)
    }

    /// Every file named by any line table, deduplicated and sorted (read
    /// once: this reads every unit's line-table header).
    pub fn all_files(&self) -> &[String] {
        &self.file_table().names
    }
}

/// A section's bytes, uncompressed; `None` when the file has no such section.
type SectionBytes = Result<Option<Arc<[u8]>>, DebugInfoError>;

/// Where an opened binary's bytes are read from.
#[derive(Clone, Copy)]
enum Source<'a> {
    Bytes(&'a [u8]),
    /// A file of `len` bytes, read at offsets (from several threads).
    File {
        file: &'a std::fs::File,
        len: u64,
    },
}

impl<'a> Source<'a> {
    /// `len` bytes at `offset`: borrowed from bytes, read from a file.
    fn read(self, offset: u64, len: u64) -> Result<Cow<'a, [u8]>, String> {
        let end = offset.checked_add(len).ok_or("offset out of range")?;
        match self {
            Source::Bytes(bytes) => {
                let range = usize::try_from(offset).ok().zip(usize::try_from(end).ok());
                range.and_then(|(start, end)| bytes.get(start..end)).map(Cow::Borrowed).ok_or_else(|| {
                    format!("{len} bytes at {offset:#x} lie past the end of the file ({} bytes)", bytes.len())
                })
            }
            Source::File { file, len: file_len } => {
                if end > file_len {
                    return Err(format!("{len} bytes at {offset:#x} lie past the end of the file ({file_len} bytes)"));
                }
                let mut buf = vec![0; usize::try_from(len).map_err(|e| e.to_string())?];
                read_exact_at(file, &mut buf, offset).map_err(|e| e.to_string())?;
                Ok(Cow::Owned(buf))
            }
        }
    }
}

/// `bytes` as text, invalid UTF-8 replaced as [`String::from_utf8_lossy`]
/// does, borrowed when valid: checked first the fast way, since debug-info
/// strings almost always are.
pub(crate) fn utf8_lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    let mut file = file.try_clone()?;
    file.seek(std::io::SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

/// A DWARF section as the headers place it, not yet read.
enum RawSection {
    Absent,
    /// An ELF or Mach-O section, compressed (ELF `SHF_COMPRESSED`) or not.
    Object {
        name: &'static str,
        range: object::CompressedFileRange,
    },
    /// A GNU-style `.zdebug_*` section (PE): `ZLIB`, big-endian size, zlib
    /// stream.
    Zdebug {
        name: String,
        offset: u64,
        len: u64,
    },
}

/// Finds a DWARF section. Go compresses DWARF by default: ELF uses
/// `SHF_COMPRESSED`, PE keeps GNU-style `.zdebug_*` sections, both read in
/// [`RawSection::finish`].
fn raw_section<'data, R: object::ReadRef<'data>>(
    file: &object::File<'data, R>,
    name: &'static str,
) -> Result<RawSection, DebugInfoError> {
    if let Some(s) = file.section_by_name(name) {
        let range = s.compressed_file_range().map_err(|e| corrupt(format!("{name}: {e}")))?;
        return Ok(RawSection::Object { name, range });
    }
    let Some(rest) = name.strip_prefix(".debug_") else { return Ok(RawSection::Absent) };
    let Some(s) = file.section_by_name(&format!(".zdebug_{rest}")) else { return Ok(RawSection::Absent) };
    let (offset, len) = s.file_range().unwrap_or((0, 0));
    Ok(RawSection::Zdebug { name: format!(".zdebug_{rest}"), offset, len })
}

impl RawSection {
    /// The section's bytes, uncompressed: read from `source`, inflated
    /// straight into the buffer kept (the compressed bytes are dropped).
    fn finish(&self, source: Source<'_>) -> SectionBytes {
        match self {
            RawSection::Absent => Ok(None),
            &RawSection::Object { name, range } => match range.format {
                object::CompressionFormat::None => {
                    let data = source
                        .read(range.offset, range.compressed_size)
                        .map_err(|e| corrupt(format!("{name}: {e}")))?;
                    Ok(Some(Arc::from(&*data)))
                }
                object::CompressionFormat::Zlib => {
                    inflate_at(name, source, range.offset, range.compressed_size, range.uncompressed_size).map(Some)
                }
                format => {
                    let data = source
                        .read(range.offset, range.compressed_size)
                        .map_err(|e| corrupt(format!("{name}: {e}")))?;
                    let compressed =
                        object::CompressedData { format, data: &data, uncompressed_size: range.uncompressed_size };
                    let bytes = compressed.decompress().map_err(|e| corrupt(format!("{name}: {e}")))?;
                    Ok(Some(Arc::from(&*bytes)))
                }
            },
            // `ZLIB`, the size (8 bytes, big-endian), the stream; without
            // that header the section is stored as it is.
            RawSection::Zdebug { name, offset, len } => {
                let header = source.read(*offset, (*len).min(12)).map_err(|e| corrupt(format!("{name}: {e}")))?;
                match header.strip_prefix(b"ZLIB") {
                    Some(size) if size.len() == 8 => {
                        let size = u64::from_be_bytes(size.try_into().unwrap_or_default());
                        inflate_at(name, source, offset + 12, len - 12, size).map(Some)
                    }
                    _ => {
                        let data = source.read(*offset, *len).map_err(|e| corrupt(format!("{name}: {e}")))?;
                        Ok(Some(Arc::from(&*data)))
                    }
                }
            }
        }
    }
}

/// Sections whose recorded size is at most this many times their zlib
/// stream are inflated straight into a buffer of that size; DWARF
/// compresses by 2 to 5 times, and a damaged size should not make a small
/// file claim gigabytes before its stream is found short.
const TRUSTED_RATIO: u64 = 64;

/// The piece of a compressed section read from a file at a time.
const INFLATE_CHUNK: u64 = 64 * 1024;

/// [`inflate`] of the `len` bytes at `offset` of `source`; a file is read
/// a piece at a time, so that its compressed bytes are never all held
/// beside the inflated ones.
fn inflate_at(name: &str, source: Source<'_>, offset: u64, len: u64, size: u64) -> Result<Arc<[u8]>, DebugInfoError> {
    let err = |e: String| corrupt(format!("{name}: {e}"));
    let trusted = size <= len.saturating_mul(TRUSTED_RATIO);
    let (Source::File { file, len: file_len }, true, Ok(n)) = (source, trusted, usize::try_from(size)) else {
        let data = source.read(offset, len).map_err(err)?;
        return inflate(name, &data, size);
    };
    let end = offset.checked_add(len).ok_or_else(|| err("offset out of range".into()))?;
    if end > file_len {
        return Err(err(format!("{len} bytes at {offset:#x} lie past the end of the file ({file_len} bytes)")));
    }
    let mut out: Arc<[u8]> = std::iter::repeat_n(0, n).collect();
    let Some(buf) = Arc::get_mut(&mut out) else { return Err(err("buffer shared".into())) };
    let mut z = flate2::Decompress::new(true);
    let mut chunk = vec![0u8; len.min(INFLATE_CHUNK) as usize];
    let mut at = offset;
    'read: while at < end {
        let piece = &mut chunk[..(end - at).min(INFLATE_CHUNK) as usize];
        read_exact_at(file, piece, at).map_err(|e| err(e.to_string()))?;
        at += piece.len() as u64;
        let flush = if at == end { flate2::FlushDecompress::Finish } else { flate2::FlushDecompress::None };
        let mut input = &piece[..];
        loop {
            let (was_in, was_out) = (z.total_in(), z.total_out());
            let status = z.decompress(input, &mut buf[was_out as usize..], flush).map_err(|e| err(e.to_string()))?;
            input = &input[(z.total_in() - was_in) as usize..];
            // Past `size`, more is ignored (as by `inflate`).
            if status == flate2::Status::StreamEnd || z.total_out() == size {
                break 'read;
            }
            if input.is_empty() || (z.total_in(), z.total_out()) == (was_in, was_out) {
                break;
            }
        }
    }
    if z.total_out() == size { Ok(out) } else { Err(err(format!("{} of {size} bytes", z.total_out()))) }
}

/// Inflates the zlib stream `stream` of a section whose header says it
/// holds `size` bytes; more is ignored, less is an error.
fn inflate(name: &str, stream: &[u8], size: u64) -> Result<Arc<[u8]>, DebugInfoError> {
    let short = |got: u64| corrupt(format!("{name}: {got} of {size} bytes"));
    let trusted = size <= (stream.len() as u64).saturating_mul(TRUSTED_RATIO);
    if let (true, Ok(n)) = (trusted, usize::try_from(size)) {
        let mut out: Arc<[u8]> = std::iter::repeat_n(0, n).collect();
        let Some(buf) = Arc::get_mut(&mut out) else { return Err(corrupt(format!("{name}: buffer shared"))) };
        let mut z = flate2::Decompress::new(true);
        z.decompress(stream, buf, flate2::FlushDecompress::Finish).map_err(|e| corrupt(format!("{name}: {e}")))?;
        return if z.total_out() == size { Ok(out) } else { Err(short(z.total_out())) };
    }
    // An implausible size: grown as the stream really inflates.
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(stream)
        .take(size)
        .read_to_end(&mut out)
        .map_err(|e| corrupt(format!("{name}: {e}")))?;
    if out.len() as u64 != size {
        return Err(short(out.len() as u64));
    }
    Ok(Arc::from(out))
}

/// Reads units' line programs ([`Binary::line_programs`]).
pub(crate) struct LinePrograms<'a> {
    bin: &'a Binary,
    cursor: lazy::Cursor<'a>,
}

impl LinePrograms<'_> {
    /// Unit `i`'s line program, `None` when it has none.
    pub(crate) fn program(&mut self, i: usize) -> Result<Option<gimli::IncompleteLineProgram<Reader>>, DebugInfoError> {
        let (unit, lines) = self.bin.parsed_unit(i)?;
        line_program(&mut self.cursor, self.bin.endian, unit, *lines, &self.bin.units[i].name)
    }
}

/// The line program of `unit` (named `name`) at `offset`, read through
/// `cursor`; `None` when it has none.
fn line_program(
    cursor: &mut lazy::Cursor<'_>,
    endian: RunTimeEndian,
    unit: &gimli::Unit<Reader>,
    offset: Option<gimli::DebugLineOffset<usize>>,
    name: &str,
) -> Result<Option<gimli::IncompleteLineProgram<Reader>>, DebugInfoError> {
    let Some(bytes) = line_program_bytes(cursor, endian, offset, name)? else { return Ok(None) };
    gimli::DebugLine::from(EndianArcSlice::new(Arc::from(bytes), endian))
        .program(gimli::DebugLineOffset(0), unit.header.address_size(), unit.comp_dir.clone(), unit.name.clone())
        .map(Some)
        .map_err(|e| corrupt(format!("line table of unit {name}: {e}")))
}

/// The bytes of the line program at `offset` (of the unit named `name`),
/// read through `cursor`; `None` when there is none.
fn line_program_bytes(
    cursor: &mut lazy::Cursor<'_>,
    endian: RunTimeEndian,
    offset: Option<gimli::DebugLineOffset<usize>>,
    name: &str,
) -> Result<Option<Vec<u8>>, DebugInfoError> {
    let Some(offset) = offset else { return Ok(None) };
    let err = |e: DebugInfoError| corrupt(format!("line table of unit {name}: {e}"));
    let at = offset.0 as u64;
    // The program's length: 4 bytes, or 12 in the 64-bit format.
    let little = endian == RunTimeEndian::Little;
    let length = |b: Vec<u8>| word(&b, little);
    let total = match length(cursor.read(at, at + 4).map_err(err)?) {
        0xffff_ffff => 12 + length(cursor.read(at + 4, at + 12).map_err(err)?),
        n => 4 + n,
    };
    let end = at.checked_add(total).ok_or_else(|| err(corrupt("length out of range")))?;
    cursor.read(at, end).map(Some).map_err(err)
}

/// A line program's header read from borrowed bytes: its strings are
/// slices of them (tens of thousands of file entries in a big program,
/// where the shared reader would count a reference for each).
type LineView<'a> = gimli::EndianSlice<'a, RunTimeEndian>;

/// Hands each of the file names of `unit`'s line program (as
/// [`Binary::unit_files`] lists them), read through `cursor`, to `each`;
/// an error comes before the first.
fn files_of(
    dwarf: &gimli::Dwarf<Reader>,
    cursor: &mut lazy::Cursor<'_>,
    endian: RunTimeEndian,
    (unit, lines): &ParsedUnit,
    name: &str,
    mut each: impl FnMut(&str),
) -> Result<(), DebugInfoError> {
    let Some(bytes) = line_program_bytes(cursor, endian, *lines, name)? else { return Ok(()) };
    let comp_dir = unit.comp_dir.as_ref().map(|r| LineView::new(r.bytes(), endian));
    let unit_name = unit.name.as_ref().map(|r| LineView::new(r.bytes(), endian));
    let program = gimli::DebugLine::from(LineView::new(&bytes, endian))
        .program(gimli::DebugLineOffset(0), unit.header.address_size(), comp_dir, unit_name)
        .map_err(|e| corrupt(format!("line table of unit {name}: {e}")))?;
    let header = program.header();
    let mut path = String::new();
    for f in header.file_names() {
        file_path(dwarf, unit, header, f, &mut path);
        each(&path);
    }
    Ok(())
}

/// A line-table file entry as a path string, into `path` (directory
/// joined when the name is relative and the directory is not `.`).
fn file_path<'a>(
    dwarf: &gimli::Dwarf<Reader>,
    unit: &gimli::Unit<Reader>,
    header: &gimli::LineProgramHeader<LineView<'a>>,
    f: &gimli::FileEntry<LineView<'a>>,
    path: &mut String,
) {
    // Tens of thousands of entries in a big program: the strings are
    // checked as UTF-8 (fast for ASCII) before any lossy decoding, and
    // joined without the formatting machinery.
    path.clear();
    let name = line_string(dwarf, unit, f.path_name()).unwrap_or_default();
    if name.starts_with('/') || name.as_bytes().get(1) == Some(&b':') || name.starts_with('\\') {
        path.push_str(&name);
        return;
    }
    let dir = header.directory(f.directory_index()).and_then(|d| line_string(dwarf, unit, d)).unwrap_or_default();
    if !(dir.is_empty() || dir == ".") {
        path.push_str(&dir);
        path.push('/');
    }
    path.push_str(&name);
}

/// A line-table string: written inline, borrowed; in a string section,
/// read through `dwarf`.
fn line_string<'a>(
    dwarf: &gimli::Dwarf<Reader>,
    unit: &gimli::Unit<Reader>,
    value: gimli::AttributeValue<LineView<'a>>,
) -> Option<Cow<'a, str>> {
    use gimli::AttributeValue as V;
    let elsewhere = match value {
        V::String(s) => return Some(utf8_lossy(s.slice())),
        V::DebugStrRef(o) => V::DebugStrRef(o),
        V::DebugStrRefSup(o) => V::DebugStrRefSup(o),
        V::DebugLineStrRef(o) => V::DebugLineStrRef(o),
        V::DebugStrOffsetsIndex(i) => V::DebugStrOffsetsIndex(i),
        _ => return None,
    };
    let s = dwarf.attr_string(unit, elsewhere).ok()?;
    Some(Cow::Owned(utf8_lossy(&s).into_owned()))
}

/// A unit of a `.debug_info` read a unit at a time, from its bytes (at
/// `start` of the section): its root, and itself without its entries
/// (or why it cannot be read, reported where it is used). `seen` lists
/// the abbreviation tables parsed (Go writes one that every unit shares:
/// parsed once, not once per unit).
fn unit_root(
    dwarf: &mut gimli::Dwarf<Reader>,
    seen: &mut Vec<gimli::DebugAbbrevOffset<usize>>,
    start: u64,
    bytes: Arc<[u8]>,
    endian: RunTimeEndian,
) -> Result<(CompileUnit, Result<ParsedUnit, DebugInfoError>), DebugInfoError> {
    let whole = EndianArcSlice::new(bytes, endian);
    let offset = gimli::DebugInfoOffset(start as usize);
    let header = match gimli::DebugInfo::from(whole.clone()).units().next() {
        Ok(Some(h)) => placed(&h, offset, whole).map_err(|e| corrupt(format!("compile unit header: {e}")))?,
        Ok(None) => return Err(corrupt("compile unit header: none")),
        Err(e) => return Err(corrupt(format!("compile unit header: {e}"))),
    };
    let abbrevs = header.debug_abbrev_offset();
    if !seen.contains(&abbrevs) {
        seen.push(abbrevs);
        if let Ok(a) = dwarf.debug_abbrev.abbreviations(abbrevs) {
            dwarf.abbreviations_cache.set::<Reader>(abbrevs, Arc::new(a));
        }
    }
    let cu = root_of(dwarf, header.clone(), offset)?;
    // Kept without its entries: `unit` reads them.
    let template = unit_without_lines(dwarf, header)
        .map(|(unit, lines)| (Arc::new(without_entries(unit, endian)), lines))
        .map_err(|e| corrupt(format!("unit {}: {e}", cu.name)));
    Ok((cu, template))
}

/// The DWARF sections as gimli reads them, from what the open read of
/// each (a missing one empty; the first failed one, in gimli's order, the
/// error).
fn load_dwarf(
    sections: &[(gimli::SectionId, SectionBytes)],
    endian: RunTimeEndian,
) -> Result<gimli::Dwarf<Reader>, DebugInfoError> {
    gimli::Dwarf::load(|id| -> Result<Reader, DebugInfoError> {
        let found = sections.iter().find(|(i, _)| *i == id).map(|(_, b)| b.clone()).transpose()?.flatten();
        Ok(EndianArcSlice::new(found.unwrap_or_else(|| Arc::from(&[][..])), endian))
    })
}

/// What the open reads of each unit while `.debug_info` is still
/// inflating, on the core that would otherwise wait for it: the units'
/// roots and their line-table files (which path inference and the first
/// scope read next).
struct EarlyUnits {
    dwarf: gimli::Dwarf<Reader>,
    units: Vec<CompileUnit>,
    parsed: Vec<OnceLock<Result<ParsedUnit, DebugInfoError>>>,
    files: FileTable,
}

impl EarlyUnits {
    /// The units as they come (offset and bytes) until `.debug_info` is
    /// inflated; `None` at the first error (the open then reads them
    /// again afterwards, and reports it as it always has).
    fn read(
        sections: &[(gimli::SectionId, SectionBytes)],
        endian: RunTimeEndian,
        units_in: std::sync::mpsc::Receiver<(u64, Arc<[u8]>)>,
        lines: &LazySection,
        file: &std::fs::File,
    ) -> Option<EarlyUnits> {
        let mut dwarf = load_dwarf(sections, endian).ok()?;
        let mut cursor = lazy::Cursor::first_pass(lines, Some(file));
        let (mut units, mut parsed, mut files, mut seen) = (Vec::new(), Vec::new(), FileTable::default(), Vec::new());
        for (start, bytes) in units_in {
            let (cu, template) = unit_root(&mut dwarf, &mut seen, start, bytes, endian).ok()?;
            files.next_unit();
            if let Ok(t) = &template {
                // Unreadable: the unit lists no file (an error comes
                // before the first).
                let _ = files_of(&dwarf, &mut cursor, endian, t, &cu.name, |f| files.add_file(f));
            }
            units.push(cu);
            parsed.push(OnceLock::from(template));
        }
        // The pass over `.debug_line` noted where to resume it.
        let _ = cursor.finish();
        Some(EarlyUnits { dwarf, units, parsed, files })
    }
}

/// `header` (as read from `unit`, a unit's bytes alone) at `offset` of
/// the section, its entries read from `unit`.
fn placed(
    header: &gimli::UnitHeader<Reader>,
    offset: gimli::DebugInfoOffset<usize>,
    unit: Reader,
) -> gimli::Result<gimli::UnitHeader<Reader>> {
    use gimli::Reader as _;
    let mut entries = unit;
    entries.skip(header.size_of_header())?;
    Ok(gimli::UnitHeader::new(
        header.encoding(),
        header.unit_length(),
        header.type_(),
        header.debug_abbrev_offset(),
        gimli::SectionId::DebugInfo,
        gimli::UnitSectionOffset(offset.0),
        entries,
    ))
}

/// `unit` keeping none of its section's bytes (its entries are read
/// again where they are needed; its name and directory, which may be
/// strings inside them, copied).
fn without_entries(unit: gimli::Unit<Reader>, endian: RunTimeEndian) -> gimli::Unit<Reader> {
    let own = |r: Option<Reader>| r.map(|r| EndianArcSlice::new(Arc::from(r.bytes()), endian));
    let (name, comp_dir) = (own(unit.name.clone()), own(unit.comp_dir.clone()));
    let h = &unit.header;
    let empty = EndianArcSlice::new(Arc::from(&[][..]), endian);
    let header = gimli::UnitHeader::new(
        h.encoding(),
        h.unit_length(),
        h.type_(),
        h.debug_abbrev_offset(),
        h.section(),
        h.offset(),
        empty,
    );
    gimli::Unit { header, name, comp_dir, ..unit }
}

/// A copy of `unit` (`gimli::Unit` is not `Clone`).
fn copy_unit(unit: &gimli::Unit<Reader>) -> gimli::Unit<Reader> {
    gimli::Unit {
        header: unit.header.clone(),
        abbreviations: unit.abbreviations.clone(),
        name: unit.name.clone(),
        comp_dir: unit.comp_dir.clone(),
        low_pc: unit.low_pc,
        str_offsets_base: unit.str_offsets_base,
        addr_base: unit.addr_base,
        loclists_base: unit.loclists_base,
        rnglists_base: unit.rnglists_base,
        line_program: None,
        dwo_id: unit.dwo_id,
    }
}

/// A unit as `gimli::Unit::new` reads it, but without its line program
/// (`.debug_line` is not kept): where that lies instead.
fn unit_without_lines(
    dwarf: &gimli::Dwarf<Reader>,
    header: gimli::UnitHeader<Reader>,
) -> gimli::Result<(gimli::Unit<Reader>, Option<gimli::DebugLineOffset<usize>>)> {
    use gimli::{AttributeValue as V, DebugLocListsBase, DebugRngListsBase, DebugStrOffsetsBase};
    let encoding = header.encoding();
    let mut unit = gimli::Unit {
        abbreviations: dwarf.abbreviations(&header)?,
        name: None,
        comp_dir: None,
        low_pc: 0,
        str_offsets_base: DebugStrOffsetsBase::default_for_encoding_and_file(encoding, dwarf.file_type),
        addr_base: gimli::DebugAddrBase(0),
        loclists_base: DebugLocListsBase::default_for_encoding_and_file(encoding, dwarf.file_type),
        rnglists_base: DebugRngListsBase::default_for_encoding_and_file(encoding, dwarf.file_type),
        line_program: None,
        dwo_id: match header.type_() {
            gimli::UnitType::Skeleton(id) | gimli::UnitType::SplitCompilation(id) => Some(id),
            _ => None,
        },
        header,
    };
    let (mut name, mut comp_dir, mut lines, mut low_pc) = (None, None, None, None);
    {
        let mut cursor = unit.header.entries(&unit.abbreviations);
        cursor.next_dfs()?;
        let root = cursor.current().ok_or(gimli::Error::MissingUnitDie)?;
        for attr in root.attrs() {
            match (attr.name(), attr.value()) {
                (gimli::DW_AT_name, v) => name = Some(v),
                (gimli::DW_AT_comp_dir, v) => comp_dir = Some(v),
                (gimli::DW_AT_low_pc, v) => low_pc = Some(v),
                (gimli::DW_AT_stmt_list, V::DebugLineRef(o)) => lines = Some(o),
                (gimli::DW_AT_str_offsets_base, V::DebugStrOffsetsBase(b)) => unit.str_offsets_base = b,
                (gimli::DW_AT_addr_base | gimli::DW_AT_GNU_addr_base, V::DebugAddrBase(b)) => unit.addr_base = b,
                (gimli::DW_AT_loclists_base, V::DebugLocListsBase(b)) => unit.loclists_base = b,
                (gimli::DW_AT_rnglists_base | gimli::DW_AT_GNU_ranges_base, V::DebugRngListsBase(b)) => {
                    unit.rnglists_base = b
                }
                (gimli::DW_AT_GNU_dwo_id, V::DwoId(id)) if unit.dwo_id.is_none() => unit.dwo_id = Some(id),
                _ => {}
            }
        }
    }
    unit.name = name.and_then(|v| dwarf.attr_string(&unit, v).ok());
    unit.comp_dir = comp_dir.and_then(|v| dwarf.attr_string(&unit, v).ok());
    if let Some(v) = low_pc
        && let Some(addr) = dwarf.attr_address(&unit, v)?
    {
        unit.low_pc = addr;
    }
    Ok((unit, lines))
}

fn root_of(
    dwarf: &gimli::Dwarf<Reader>,
    header: gimli::UnitHeader<Reader>,
    offset: gimli::DebugInfoOffset<usize>,
) -> Result<CompileUnit, DebugInfoError> {
    let abbrevs = dwarf.abbreviations(&header).map_err(|e| corrupt(format!("abbreviations: {e}")))?;
    let mut cursor = header.entries(&abbrevs);
    let root = cursor.next_dfs().map_err(|e| corrupt(format!("compile unit at {:#x}: {e}", offset.0)))?;
    let mut cu = CompileUnit {
        name: String::new(),
        producer: String::new(),
        flags: String::new(),
        package_name: None,
        is_go: false,
        offset,
    };
    let Some(root) = root else { return Ok(cu) };
    let string = |v: gimli::AttributeValue<Reader>| -> Option<String> {
        match v {
            gimli::AttributeValue::String(s) => Some(String::from_utf8_lossy(&s).into_owned()),
            gimli::AttributeValue::DebugStrRef(o) => {
                dwarf.debug_str.get_str(o).ok().map(|s| String::from_utf8_lossy(&s).into_owned())
            }
            gimli::AttributeValue::DebugLineStrRef(o) => {
                dwarf.debug_line_str.get_str(o).ok().map(|s| String::from_utf8_lossy(&s).into_owned())
            }
            _ => None,
        }
    };
    for attr in root.attrs() {
        match attr.name() {
            gimli::DW_AT_name => cu.name = string(attr.value()).unwrap_or_default(),
            gimli::DW_AT_producer => {
                let p = string(attr.value()).unwrap_or_default();
                match p.split_once(';') {
                    Some((prod, flags)) => {
                        cu.producer = prod.trim().to_string();
                        cu.flags = flags.trim().to_string();
                    }
                    None => cu.producer = p,
                }
            }
            gimli::DW_AT_language => cu.is_go = attr.value() == gimli::AttributeValue::Language(gimli::DW_LANG_Go),
            DW_AT_GO_PACKAGE_NAME => cu.package_name = string(attr.value()),
            _ => {}
        }
    }
    Ok(cu)
}

// Go's DWARF extensions (cmd/internal/dwarf).
pub(crate) const DW_AT_GO_KIND: gimli::DwAt = gimli::DwAt(0x2900);
pub(crate) const DW_AT_GO_KEY: gimli::DwAt = gimli::DwAt(0x2901);
pub(crate) const DW_AT_GO_ELEM: gimli::DwAt = gimli::DwAt(0x2902);
pub(crate) const DW_AT_GO_EMBEDDED_FIELD: gimli::DwAt = gimli::DwAt(0x2903);
pub(crate) const DW_AT_GO_RUNTIME_TYPE: gimli::DwAt = gimli::DwAt(0x2904);
pub(crate) const DW_AT_GO_PACKAGE_NAME: gimli::DwAt = gimli::DwAt(0x2905);
pub(crate) const DW_AT_GO_DICT_INDEX: gimli::DwAt = gimli::DwAt(0x2906);
pub(crate) const DW_AT_GO_CLOSURE_OFFSET: gimli::DwAt = gimli::DwAt(0x2907);

/// One pass over the symbol table: the generic dictionaries
/// (`pkg..dict.Name[args]`) and `runtime.types`/`runtime.etypes`.
fn read_symbols<'data>(file: &object::File<'data, impl object::ReadRef<'data>>) -> Symbols {
    use object::ObjectSymbol;
    let ptr = if file.is_64() { 8 } else { 4 };
    let little = file.is_little_endian();
    let (mut start, mut end) = (None, None);
    let mut dictionaries = Vec::new();
    for s in file.symbols() {
        let Ok(name) = s.name() else { continue };
        let name = match file.format() {
            object::BinaryFormat::MachO => name.strip_prefix('_').unwrap_or(name),
            _ => name,
        };
        match name {
            "runtime.types" => start = Some(s.address()),
            "runtime.etypes" => end = Some(s.address()),
            _ if name.contains("..dict.") => {
                let words = (|| {
                    let section = file.section_by_index(s.section_index()?).ok()?;
                    let data = section.data_range(s.address(), s.size()).ok()??;
                    Some(data.chunks_exact(ptr).map(|c| word(c, little)).collect())
                })()
                .unwrap_or_default();
                dictionaries.push(GenericDictionary { name: name.to_string(), words });
            }
            _ => {}
        }
    }
    dictionaries.sort_by(|a, b| a.name.cmp(&b.name));
    dictionaries.dedup_by(|a, b| a.name == b.name);
    let type_descriptors = start.zip(end).filter(|(s, e)| s < e);
    Symbols { dictionaries, type_descriptors }
}

fn word(bytes: &[u8], little: bool) -> u64 {
    let fold = |acc: u64, b: &u8| (acc << 8) | u64::from(*b);
    if little { bytes.iter().rev().fold(0, fold) } else { bytes.iter().fold(0, fold) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_lossy_reads_as_from_utf8_lossy_does() {
        for bytes in [&b"main.go"[..], b"", "héllo/wörld.go".as_bytes(), b"a\xffb", b"\xe2\x82", b"ok\xc3"] {
            let ours = utf8_lossy(bytes);
            assert_eq!(ours, String::from_utf8_lossy(bytes), "{bytes:?}");
            assert_eq!(matches!(ours, Cow::Borrowed(_)), std::str::from_utf8(bytes).is_ok(), "{bytes:?}");
        }
    }
}
