//! The build information the Go linker embeds (what `go version -m` prints):
//! Go version, main module, `-trimpath`, GOOS/GOARCH. Read from the
//! `.go.buildinfo` blob (Go 1.18+ inline format); older layouts are skipped.

use object::{Object, ObjectSection, SectionKind};

const MAGIC: &[u8] = b"\xff Go buildinf:";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildInfo {
    /// `go1.26.8`.
    pub go_version: String,
    /// Import path of the main package (`path` line).
    pub path: String,
    /// The main module's path (`mod` line).
    pub main_module: Option<String>,
    /// `build` settings in order (`-trimpath` → `true`, `GOOS` → `linux`, …).
    pub settings: Vec<(String, String)>,
}

impl BuildInfo {
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn trimpath(&self) -> bool {
        self.setting("-trimpath") == Some("true")
    }

    pub fn goos(&self) -> Option<&str> {
        self.setting("GOOS")
    }

    pub fn goarch(&self) -> Option<&str> {
        self.setting("GOARCH")
    }

    /// Parses the text of `debug.BuildInfo.String()` (the modinfo blob).
    pub fn parse_modinfo(go_version: &str, text: &str) -> BuildInfo {
        let mut b = BuildInfo { go_version: go_version.to_string(), ..BuildInfo::default() };
        for line in text.lines() {
            let mut cols = line.splitn(2, '\t');
            let (Some(kind), Some(rest)) = (cols.next(), cols.next()) else { continue };
            match kind {
                "path" => b.path = rest.to_string(),
                "mod" => b.main_module = rest.split('\t').next().map(String::from),
                "build" => {
                    if let Some((k, v)) = rest.split_once('=') {
                        b.settings.push((k.to_string(), v.to_string()));
                    }
                }
                _ => {}
            }
        }
        b
    }
}

pub(super) fn find<'data, R: object::ReadRef<'data>>(file: &object::File<'data, R>) -> Option<BuildInfo> {
    for name in [".go.buildinfo", "__go_buildinfo"] {
        if let Some(s) = file.section_by_name(name) {
            if let Some(b) = s.data().ok().and_then(parse_blob) {
                return Some(b);
            }
        }
    }
    // PE and old Mach-O: the blob sits at the start of a data section.
    for s in file.sections() {
        if matches!(s.kind(), SectionKind::Data | SectionKind::ReadOnlyData) {
            if let Ok(data) = s.data() {
                let limit = data.len().min(1 << 20);
                let mut i = 0;
                while i + MAGIC.len() <= limit {
                    if &data[i..i + MAGIC.len()] == MAGIC {
                        if let Some(b) = parse_blob(&data[i..]) {
                            return Some(b);
                        }
                    }
                    i += 16;
                }
            }
        }
    }
    None
}

fn parse_blob(data: &[u8]) -> Option<BuildInfo> {
    if !data.starts_with(MAGIC) || data.len() < 32 {
        return None;
    }
    let flags = data[15];
    if flags & 2 == 0 {
        return None;
    }
    let mut rest = &data[32..];
    let version = String::from_utf8_lossy(read_bytes(&mut rest)?).into_owned();
    let mut modinfo = read_bytes(&mut rest).unwrap_or_default();
    // The module text is framed by two 16-byte sentinels.
    if modinfo.len() >= 33 && modinfo[modinfo.len() - 17] == b'\n' {
        modinfo = &modinfo[16..modinfo.len() - 16];
    }
    Some(BuildInfo::parse_modinfo(&version, &String::from_utf8_lossy(modinfo)))
}

fn read_bytes<'a>(data: &mut &'a [u8]) -> Option<&'a [u8]> {
    let mut len: u64 = 0;
    let mut shift = 0;
    loop {
        let (&b, rest) = data.split_first()?;
        *data = rest;
        len |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
    let len = usize::try_from(len).ok()?;
    if len > data.len() {
        return None;
    }
    let (s, rest) = data.split_at(len);
    *data = rest;
    Some(s)
}
