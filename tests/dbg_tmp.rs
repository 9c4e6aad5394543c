#[test]
fn dbg() {
    for line in std::fs::read_to_string("/tmp/dbg/in.txt").unwrap().lines() {
        let text: String = serde_json::from_str(line).unwrap();
        let p = dlvbridge::expr::parse(&text);
        println!("{:?}\n  {}", text, p.expr.to_sexpr());
        for d in &p.diagnostics { println!("  {d}"); }
    }
}
