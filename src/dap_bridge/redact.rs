//! DAP messages as they may be logged: a launch's environment, program
//! arguments and build flags (and those of a `runInTerminal` request, and
//! the command line Delve's `process` event names) are replaced by a
//! placeholder at every level of logging, so a log file shared in a bug
//! report never carries a secret passed to the program.

use serde_json::Value;

/// Keys whose values are never logged, wherever they appear in a message:
/// `env` and `args` (launch, attach and `runInTerminal`), `buildFlags`
/// (`-ldflags=-X main.key=…`) and `dlvFlags`.
const SECRET_KEYS: [&str; 4] = ["env", "args", "buildFlags", "dlvFlags"];

const PLACEHOLDER: &str = "<redacted>";

/// The message `body` for a log line: JSON with every value under a
/// [`SECRET_KEYS`] key replaced (an environment's names are kept, and a
/// list's length), or only its size when it is not JSON.
pub fn for_log(body: &[u8]) -> String {
    match serde_json::from_slice::<Value>(body) {
        Ok(mut v) => {
            redact_secrets(&mut v);
            // Delve names the process by its command line, arguments and all.
            if v["type"] == "event" && v["event"] == "process" {
                if let Some(name) = v.pointer_mut("/body/name") {
                    blank(name);
                }
            }
            v.to_string()
        }
        Err(_) => format!("<{} bytes, not JSON>", body.len()),
    }
}

fn redact_secrets(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if SECRET_KEYS.contains(&key.as_str()) {
                    blank(value);
                } else {
                    redact_secrets(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_secrets),
        _ => {}
    }
}

/// Every scalar under `v` becomes the placeholder; object keys and array
/// lengths stay.
fn blank(v: &mut Value) {
    match v {
        Value::Object(map) => map.values_mut().for_each(blank),
        Value::Array(items) => items.iter_mut().for_each(blank),
        Value::Null => {}
        other => *other = Value::String(PLACEHOLDER.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::for_log;

    #[test]
    fn launch_and_run_in_terminal_lose_their_secrets() {
        let launch = br#"{"seq":3,"type":"request","command":"launch","arguments":{"mode":"exec","program":"/p/app",
            "args":["--token","s3cret"],"env":{"API_KEY":"k3y","N":1},"buildFlags":"-ldflags=-X main.k=v",
            "dlvFlags":["--check-go-version=false"],"nested":[{"env":{"X":"y"}}],"argsNote":"kept"}}"#;
        expect![[r#"{"arguments":{"args":["<redacted>","<redacted>"],"argsNote":"kept","buildFlags":"<redacted>","dlvFlags":["<redacted>"],"env":{"API_KEY":"<redacted>","N":"<redacted>"},"mode":"exec","nested":[{"env":{"X":"<redacted>"}}],"program":"/p/app"},"command":"launch","seq":3,"type":"request"}"#]]
            .assert_eq(&for_log(launch));
        let run_in_terminal = br#"{"seq":1,"type":"request","command":"runInTerminal",
            "arguments":{"kind":"integrated","cwd":"/w","args":["/p/app","--pw=x"],"env":{"HOME":"/h"}}}"#;
        expect![[r#"{"arguments":{"args":["<redacted>","<redacted>"],"cwd":"/w","env":{"HOME":"<redacted>"},"kind":"integrated"},"command":"runInTerminal","seq":1,"type":"request"}"#]]
            .assert_eq(&for_log(run_in_terminal));
        let process =
            br#"{"seq":2,"type":"event","event":"process","body":{"name":"/p/app --pw=x","systemProcessId":7}}"#;
        expect![[r#"{"body":{"name":"<redacted>","systemProcessId":7},"event":"process","seq":2,"type":"event"}"#]]
            .assert_eq(&for_log(process));
        expect!["<9 bytes, not JSON>"].assert_eq(&for_log(b"not json!"));
    }
}
