//! Calls and builtins.

use expect_test::expect;

use super::check_cond;

#[test]
fn calls_and_builtins() {
    check_cond(
        "helper(n) == 1",
        expect![
            "error[call-not-allowed] 0..9: Delve does not call functions in conditions (`helper`); use a variable holding the result"
        ],
    );
    check_cond(
        "u.Greet() == \"hi\"",
        expect![
            "error[call-not-allowed] 0..9: Delve does not call functions in conditions (`u.Greet`); use a variable holding the result"
        ],
    );
    check_cond(
        "fn(1) == 2",
        expect![
            "error[call-not-allowed] 0..5: Delve does not call functions in conditions (`fn`); use a variable holding the result"
        ],
    );
    check_cond("nosuch(1) == 2", expect!["error[undefined] 0..6: undefined: `nosuch` is not visible at this line"]);
    check_cond("len(items, items) == 1", expect!["error[type-mismatch] 0..17: wrong number of arguments to len: 2"]);
    check_cond("len(n) == 1", expect!["error[type-mismatch] 4..5: invalid argument `n` (of type int) for len"]);
    check_cond(
        "cap(m) == 1",
        expect!["error[type-mismatch] 4..5: invalid argument `m` (of type map[string]int) for cap"],
    );
    check_cond("max(n, 3) == 3", expect!["ok: untyped bool"]);
    check_cond(
        "max(n, n64) == 3",
        expect![
            "error[type-mismatch] 0..11: mismatched types int64 and int (Delve requires identical types; convert one side)"
        ],
    );
    check_cond("min(f, 2.5) < 1", expect!["ok: untyped bool"]);
}
