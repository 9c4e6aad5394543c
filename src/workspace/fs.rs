//! Reading a workspace that may hold anything: only regular files are
//! opened (a FIFO named `zz.go` would block, a link to /dev/zero never
//! ends), each up to a size limit, and every tree walk stops after a
//! bounded number of folders (a `replace => /` must not walk the disk).

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Folders one walk visits at most; a larger tree is reported incomplete.
pub const MAX_WALK_DIRS: usize = 10_000;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// A FIFO, socket, device or folder.
    NotRegular,
    TooLarge {
        len: u64,
        limit: u64,
    },
    NotUtf8,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => {
                // Without the " (os error 2)" suffix, lower-cased.
                let s = e.to_string();
                let s = s.split(" (os error").next().unwrap_or(&s);
                let mut c = s.chars();
                match c.next() {
                    Some(first) => write!(f, "{}{}", first.to_lowercase(), c.as_str()),
                    None => Ok(()),
                }
            }
            ReadError::NotRegular => f.write_str("not a regular file"),
            ReadError::TooLarge { len, limit } => {
                write!(f, "{len} bytes, over the limit of {} MiB for one file", limit >> 20)
            }
            ReadError::NotUtf8 => f.write_str("not valid utf-8"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The text of the regular file at `path` (links followed), when it has
/// at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_bytes(path, limit, false)?;
    String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)
}

/// The first `n` bytes of the regular file at `path`, bytes that are not
/// UTF-8 replaced.
pub fn read_prefix(path: &Path, n: u64) -> Result<String, ReadError> {
    let bytes = read_bytes(path, n, true)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn read_bytes(path: &Path, limit: u64, prefix: bool) -> Result<Vec<u8>, ReadError> {
    // Checked before opening: opening a FIFO blocks until a writer comes.
    let md = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !md.is_file() {
        return Err(ReadError::NotRegular);
    }
    if !prefix && md.len() > limit {
        return Err(ReadError::TooLarge { len: md.len(), limit });
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // The path may have been replaced since; what was opened is what counts.
    if !file.metadata().map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut out = Vec::with_capacity(md.len().min(limit) as usize);
    // One byte more than allowed tells a file that grew past the limit.
    let read_limit = if prefix { limit } else { limit + 1 };
    file.take(read_limit).read_to_end(&mut out).map_err(ReadError::Io)?;
    if !prefix && out.len() as u64 > limit {
        return Err(ReadError::TooLarge { len: out.len() as u64, limit });
    }
    Ok(out)
}

/// One entry of a folder met by [`walk_dirs`].
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub path: PathBuf,
    /// A folder, not a link to one (links to folders are not followed).
    pub is_dir: bool,
}

/// Visits `root` and the folders under it that `enter` accepts, each
/// with its entries; links to folders are not followed. False when the
/// tree has more than [`MAX_WALK_DIRS`] folders and the walk stopped.
pub fn walk_dirs(root: &Path, mut enter: impl FnMut(&Entry) -> bool, mut visit: impl FnMut(&Path, &[Entry])) -> bool {
    let mut stack = vec![root.to_path_buf()];
    let mut visited = 0;
    while let Some(dir) = stack.pop() {
        visited += 1;
        if visited > MAX_WALK_DIRS {
            return false;
        }
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        let entries: Vec<Entry> = rd
            .filter_map(Result::ok)
            .map(|e| Entry {
                name: e.file_name().to_string_lossy().into_owned(),
                path: e.path(),
                is_dir: e.file_type().is_ok_and(|t| t.is_dir()),
            })
            .collect();
        visit(&dir, &entries);
        stack.extend(entries.iter().filter(|e| e.is_dir && enter(e)).map(|e| e.path.clone()));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_limit() {
        let dir = std::env::temp_dir().join(format!("dlvbridge-fs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.go");
        std::fs::write(&file, "package a\n").unwrap();
        assert_eq!(read_text(&file, 100).unwrap(), "package a\n");
        assert_eq!(read_text(&file, 4).unwrap_err().to_string(), "10 bytes, over the limit of 0 MiB for one file");
        assert_eq!(read_prefix(&file, 7).unwrap(), "package");
        assert_eq!(read_text(&dir, 100).unwrap_err().to_string(), "not a regular file");
        assert_eq!(read_text(&dir.join("none.go"), 100).unwrap_err().to_string(), "no such file or directory");
        std::fs::write(&file, [0xff, 0xfe]).unwrap();
        assert_eq!(read_text(&file, 100).unwrap_err().to_string(), "not valid utf-8");
        #[cfg(unix)]
        {
            let zero = dir.join("zero.go");
            std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
            assert_eq!(read_text(&zero, 100).unwrap_err().to_string(), "not a regular file");
            assert_eq!(read_prefix(&zero, 100).unwrap_err().to_string(), "not a regular file");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
