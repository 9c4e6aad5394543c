#[test]
fn perf() {
    for text in ["req != nil && req.User.Name == \"bob\" && len(items) > 3", "u."] {
        let n = 300_000;
        for _ in 0..1000 { std::hint::black_box(dlvbridge::expr::parse(std::hint::black_box(text))); }
        let t = std::time::Instant::now();
        for _ in 0..n { std::hint::black_box(dlvbridge::expr::parse(std::hint::black_box(text))); }
        println!("{:8.0} ns  {text}", t.elapsed().as_nanos() as f64 / n as f64);
    }
}
