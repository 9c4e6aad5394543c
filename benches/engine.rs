//! Engine benchmarks at a breakpoint deep inside a generated 50-file Go
//! package: parse, check and complete, warm and cold.
//!
//! The generator here is the one source of the benchmark package:
//! `scripts/bench-compare` runs this binary with `DLVBRIDGE_BENCH_WRITE=DIR`
//! to write the same package for gopls, and with `DLVBRIDGE_BENCH_LATENCY=N`
//! to time N warm completions one by one (criterion reports means, the design
//! target is a p99), and with `DLVBRIDGE_BENCH_THROUGHPUT=SECONDS` to count
//! how many typical conditions one core parses and checks per second, and
//! how many heap allocations one parse and one check make (a figure the
//! machine's load does not change), and with `DLVBRIDGE_BENCH_PROFILE=ROUNDS`
//! to run that many rounds of the typical conditions, after one round that
//! warms the scope, inside `profiled_parses` and `profiled_checks`: for an
//! instruction profiler (`valgrind --tool=callgrind
//! --toggle-collect=engine::profiled_checks`), whose instruction counts
//! the machine's load does not change either.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, SamplingMode};
use dlvbridge::expr::scope::ScopeAt;
use dlvbridge::expr::{self, Role};
use dlvbridge::scope::source::SourceIndex;

/// The condition an editor checks as the user finishes typing it.
const CONDITION: &str = r#"req != nil && req.User.Name == "bob" && len(items) > 3"#;
/// What the user has typed when completion is asked for (cursor at the end).
const COMPLETE_PREFIX: &str = "req.U";

/// The system allocator, counting allocations (growth included) while
/// `COUNTING` is set; when it is not, one relaxed load is all it adds.
struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

impl CountingAlloc {
    fn count() {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
    }
}

// SAFETY: every call is passed on unchanged to the system allocator.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        CountingAlloc::count();
        // SAFETY: the caller's guarantees are the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        CountingAlloc::count();
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        CountingAlloc::count();
        // SAFETY: as for `alloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Heap allocations `what` makes per call, over `calls` calls.
fn allocations_per_call(calls: u64, what: impl Fn()) -> f64 {
    ALLOCATIONS.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    for _ in 0..calls {
        what();
    }
    COUNTING.store(false, Ordering::Relaxed);
    ALLOCATIONS.load(Ordering::Relaxed) as f64 / calls as f64
}

/// Model files besides `types.go` and `handlers.go`: 50 Go files in all.
const MODEL_FILES: usize = 48;
/// Handlers around `HandleOrder`, enough to make `handlers.go` ~4,000 lines.
const HANDLERS: usize = 112;

/// The generated module and where the breakpoint is.
struct BenchPackage {
    dir: PathBuf,
    file: PathBuf,
    /// 1-based line of the breakpoint in `file`.
    line: u32,
    /// The breakpoint line's leading whitespace, for inserting text there.
    indent: String,
}

impl BenchPackage {
    /// Writes the module into `dir` (created if missing).
    fn write(dir: &Path) -> std::io::Result<BenchPackage> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("go.mod"), "module example.com/benchshop\n\ngo 1.22\n")?;
        std::fs::write(dir.join("types.go"), TYPES_GO)?;
        for n in 1..=MODEL_FILES {
            std::fs::write(dir.join(format!("entity{n:02}.go")), model_file(n))?;
        }
        let (handlers, line, indent) = handlers_file();
        let file = dir.join("handlers.go");
        std::fs::write(&file, handlers)?;
        Ok(BenchPackage { dir: dir.to_path_buf(), file, line, indent })
    }

    /// A fresh package in the system temp directory.
    fn in_temp() -> BenchPackage {
        let dir = std::env::temp_dir().join(format!("dlvbridge-bench-{}", std::process::id()));
        BenchPackage::write(&dir).unwrap_or_else(|e| panic!("writing {}: {e}", dir.display()))
    }

    fn scope(&self, index: &SourceIndex) -> ScopeAt {
        index
            .scope_at(&self.file, self.line)
            .unwrap_or_else(|e| panic!("scope at {}:{}: {e}", self.file.display(), self.line))
    }
}

/// Marks the breakpoint line in a template; removed when the file is written.
const BREAKPOINT_MARK: &str = "@BP@";

/// `handlers.go`, the breakpoint's 1-based line and its indentation.
fn handlers_file() -> (String, u32, String) {
    let mut out = String::from(HANDLERS_HEADER);
    for k in 0..HANDLERS {
        if k == HANDLERS / 2 {
            out.push_str(HANDLE_ORDER);
            out.push('\n');
        }
        let entity = format!("{:02}", k % MODEL_FILES + 1);
        let template = if k % 2 == 0 { REPORT_HANDLER } else { SYNC_HANDLER };
        out.push_str(
            &template
                .replace("@K@", &k.to_string())
                .replace("@E@", &entity)
                .replace("@P@", &(k % 7 + 2).to_string())
                .replace("@T@", &(k * 10 + 50).to_string()),
        );
        out.push('\n');
    }
    let mut text = String::with_capacity(out.len());
    let mut bp = None;
    for (i, l) in out.lines().enumerate() {
        match l.strip_prefix(BREAKPOINT_MARK) {
            Some(rest) => {
                let indent: String = rest.chars().take_while(|c| c.is_whitespace()).collect();
                bp = Some((i as u32 + 1, indent));
                text.push_str(rest);
            }
            None => text.push_str(l),
        }
        text.push('\n');
    }
    let (line, indent) = bp.expect("the HandleOrder template marks the breakpoint");
    (text, line, indent)
}

fn model_file(n: usize) -> String {
    let nn = format!("{n:02}");
    let prev = if n > 1 { format!("\tPrev     *Entity{:02}\n", n - 1) } else { String::new() };
    let mut out = MODEL_HEAD.replace("@PREV@", &prev).replace("@N@", &nn).replace("@MAX@", &(100 + n).to_string());
    for b in 1..=6 {
        out.push_str(&MODEL_BATCH.replace("@N@", &nn).replace("@B@", &b.to_string()));
    }
    out
}

const TYPES_GO: &str = r#"// Package shop is a generated package for dlvbridge's benchmarks: the kind of
// service code breakpoints are set in.
package shop

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

const (
	MaxItems       = 100
	RetryLimit     = 5
	DefaultRegion  = "eu-west-1"
	DefaultTimeout = 2 * time.Second
	apiVersion     = "v2"
)

var (
	DefaultServer *Server
	requestCount  int64
	adminNames    = []string{"root", "admin"}
	startedAt     = time.Now()
	taxRates      = map[string]float64{"eu-west-1": 0.21, "us-east-1": 0.07}
)

// Role says what a user may do.
type Role int

const (
	RoleGuest Role = iota
	RoleMember
	RoleAdmin
)

type Address struct {
	Street  string
	City    string
	Country string
	Zip     string
}

type Profile struct {
	Address
	Bio      string
	Website  string
	Birthday time.Time
}

type Audit struct {
	CreatedBy string
	UpdatedBy string
	UpdatedAt time.Time
	Version   int
}

type User struct {
	Audit
	*Profile
	ID       int64
	Name     string
	Email    string
	Role     Role
	Roles    []string
	Active   bool
	Labels   map[string]string
	LastSeen time.Time
}

func (u *User) IsAdmin() bool {
	if u == nil {
		return false
	}
	for _, n := range adminNames {
		if strings.EqualFold(n, u.Name) {
			return true
		}
	}
	return u.Role == RoleAdmin
}

func (u User) DisplayName() string {
	return fmt.Sprintf("%s <%s>", strings.TrimSpace(u.Name), u.Email)
}

type Item struct {
	SKU   string
	Qty   int
	Price float64
	Tags  []string
	Meta  map[string]string
}

type Meta struct {
	TraceID  string
	Deadline time.Time
	Retries  int
	Extra    http.Header
}

// Request is an incoming API request with the caller resolved.
type Request struct {
	*http.Request
	Meta
	User              *User
	UserAgentOverride string
	Upstream          string
	Items             []Item
	Priority          int
}

type Response struct {
	Status  int
	Body    []byte
	Headers http.Header
	Elapsed time.Duration
}

type Config struct {
	Region     string
	Timeout    time.Duration
	MaxRetries int
	Features   map[string]bool
}

type Order struct {
	ID       string
	Items    []Item
	Total    float64
	Customer *User
	Placed   time.Time
	Notes    []string
}

type Server struct {
	Config
	mux    *http.ServeMux
	users  map[int64]*User
	orders []*Order
	hits   int
	Name   string
}

func NewServer(cfg Config) *Server {
	s := &Server{Config: cfg, mux: http.NewServeMux(), users: map[int64]*User{}}
	if s.Region == "" {
		s.Region = DefaultRegion
	}
	if s.Timeout == 0 {
		s.Timeout = DefaultTimeout
	}
	return s
}

func (s *Server) record(o *Order) bool {
	if o == nil || len(s.orders) > 10000 {
		return false
	}
	s.orders = append(s.orders, o)
	requestCount++
	return true
}

func taxRate(region string) float64 {
	if r, ok := taxRates[region]; ok {
		return r
	}
	return 0.2
}
"#;

const MODEL_HEAD: &str = r#"package shop

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

const (
	MaxEntity@N@        = @MAX@
	entity@N@Prefix     = "e@N@-"
	DefaultEntity@N@TTL = @MAX@ * time.Minute
)

// Entity@N@State is where an Entity@N@ is in its lifecycle.
type Entity@N@State int

const (
	Entity@N@Pending Entity@N@State = iota
	Entity@N@Active
	Entity@N@Archived
)

var (
	entity@N@Registry = map[string]*Entity@N@{}
	Entity@N@Count    int
	entity@N@Names    = []string{"alpha", "beta", "gamma"}
)

// Entity@N@Base is what every Entity@N@ carries.
type Entity@N@Base struct {
	ID      string
	Created time.Time
	Tags    []string
}

// Entity@N@ is one of the shop's generated domain types.
type Entity@N@ struct {
	Entity@N@Base
	*Audit
	Address
	Name     string
	Owner    *User
	State    Entity@N@State
	Limits   map[string]int
	Children []*Entity@N@
@PREV@	Handler  http.HandlerFunc
	Score    float64
}

func (s Entity@N@State) String() string {
	switch s {
	case Entity@N@Pending:
		return "pending"
	case Entity@N@Active:
		return "active"
	case Entity@N@Archived:
		return "archived"
	}
	return fmt.Sprintf("Entity@N@State(%d)", int(s))
}

func NewEntity@N@(name string, owner *User) *Entity@N@ {
	e := &Entity@N@{Name: name, Owner: owner, Limits: map[string]int{}}
	e.ID = entity@N@Prefix + strings.ToLower(name)
	e.Created = time.Now()
	entity@N@Registry[e.ID] = e
	Entity@N@Count++
	return e
}

func (e *Entity@N@) Key() string {
	return entity@N@Prefix + strings.ToLower(e.Name)
}

func (e *Entity@N@) Describe() string {
	return fmt.Sprintf("%s %q (%s, %d children)", e.Key(), e.Name, e.State, len(e.Children))
}

func (e Entity@N@) Age(now time.Time) time.Duration {
	return now.Sub(e.Created)
}

func (e *Entity@N@) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e.State == Entity@N@Archived {
		http.Error(w, "gone", http.StatusGone)
		return
	}
	if e.Handler != nil {
		e.Handler(w, r)
		return
	}
	fmt.Fprintln(w, e.Describe())
}
"#;

const MODEL_BATCH: &str = r#"
func processEntity@N@Batch@B@(list []*Entity@N@, limit int) (int, []string) {
	total := 0
	var keys []string
	for i, e := range list {
		if i >= limit*@B@ {
			break
		}
		if e == nil || e.State == Entity@N@Archived {
			continue
		}
		total += len(e.Name) + e.Limits["max"]
		keys = append(keys, e.Key())
		for _, c := range e.Children {
			if c != nil && strings.HasPrefix(c.Name, entity@N@Names[@B@%3]) {
				total++
			}
		}
	}
	if total > MaxEntity@N@ {
		total = MaxEntity@N@
	}
	return total, keys
}
"#;

const HANDLERS_HEADER: &str = r#"package shop

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

"#;

const REPORT_HANDLER: &str = r#"// report@K@ serves /report/@K@.
func (s *Server) report@K@(w http.ResponseWriter, req *Request) error {
	start := time.Now()
	if req == nil || req.User == nil {
		http.Error(w, "no user", http.StatusUnauthorized)
		return fmt.Errorf("report @K@: no user")
	}
	name := strings.TrimSpace(req.User.Name)
	limit := @P@
	var lines []string
	total := 0.0
	for i, it := range req.Items {
		if i >= limit {
			break
		}
		if it.Qty <= 0 {
			continue
		}
		cost := it.Price * float64(it.Qty)
		total += cost
		lines = append(lines, fmt.Sprintf("%s x%d = %.2f", it.SKU, it.Qty, cost))
	}
	switch {
	case total > @T@:
		lines = append(lines, "large")
	case total == 0:
		lines = append(lines, "empty")
	default:
		lines = append(lines, "normal")
	}
	s.hits++
	elapsed := time.Since(start)
	if elapsed > DefaultTimeout {
		lines = append(lines, "slow")
	}
	w.Header().Set("X-Report", "@K@")
	_, err := fmt.Fprintf(w, "%s: %s (%v)\n", name, strings.Join(lines, "; "), elapsed)
	return err
}
"#;

const SYNC_HANDLER: &str = r#"// sync@K@ pushes an Entity@E@ to the upstream named in the request.
func (s *Server) sync@K@(w http.ResponseWriter, req *Request) error {
	if req == nil || req.User == nil {
		return fmt.Errorf("sync @K@: no user")
	}
	e := NewEntity@E@(req.User.Name, req.User)
	e.Tags = append(e.Tags, req.Upstream)
	if req.Priority > @P@ {
		e.State = Entity@E@Active
	}
	deadline := time.Now().Add(DefaultEntity@E@TTL)
	var sb strings.Builder
	for i, c := range e.Children {
		if c == nil {
			continue
		}
		fmt.Fprintf(&sb, "%d=%s ", i, c.Key())
	}
	total, keys := processEntity@E@Batch1(e.Children, @P@)
	if total > MaxEntity@E@/2 {
		w.WriteHeader(http.StatusAccepted)
	}
	w.Header().Set("X-Entity", e.Key())
	w.Header().Set("X-Deadline", deadline.Format(time.RFC3339))
	_, err := fmt.Fprintf(w, "%s %s %d %v\n", e.Describe(), sb.String(), total, keys)
	s.hits++
	return err
}
"#;

/// The long function the breakpoint is in: a receiver, five parameters, two
/// named results and about twenty locals visible at the breakpoint.
const HANDLE_ORDER: &str = r#"// HandleOrder validates, prices and records an order.
func (s *Server) HandleOrder(w http.ResponseWriter, req *Request, items []Item, opts map[string]string) (resp *Response, err error) {
	start := time.Now()
	if req == nil {
		return nil, fmt.Errorf("handle order: nil request")
	}
	user := req.User
	if user == nil {
		http.Error(w, "login required", http.StatusUnauthorized)
		return nil, fmt.Errorf("handle order: anonymous request %s", req.TraceID)
	}
	region := s.Region
	if r, ok := opts["region"]; ok && r != "" {
		region = r
	}
	currency := "EUR"
	if strings.HasPrefix(region, "us-") {
		currency = "USD"
	}
	deadline := start.Add(s.Timeout)
	if !req.Deadline.IsZero() && req.Deadline.Before(deadline) {
		deadline = req.Deadline
	}
	retries := 0
	maxQty := MaxItems
	if v, ok := opts["max_qty"]; ok {
		if _, scanErr := fmt.Sscanf(v, "%d", &maxQty); scanErr != nil {
			maxQty = MaxItems
		}
	}
	express := opts["express"] == "true"
	coupon := strings.TrimSpace(opts["coupon"])
	var (
		subtotal float64
		discount float64
		tax      float64
		shipping float64
	)
	names := make([]string, 0, len(items))
	byTag := map[string]int{}
	seen := make(map[string]bool, len(items))
	headers := http.Header{}
	var buf strings.Builder
	order := &Order{ID: fmt.Sprintf("%s-%d", apiVersion, s.hits), Customer: user, Placed: start}
	label := strings.ToUpper(region) + "/" + currency

	// Validate every line before pricing anything.
	for n, it := range items {
		if it.SKU == "" {
			return nil, fmt.Errorf("item %d: empty sku", n)
		}
		if seen[it.SKU] {
			order.Notes = append(order.Notes, "duplicate "+it.SKU)
			continue
		}
		seen[it.SKU] = true
		if it.Qty > maxQty {
			return nil, fmt.Errorf("item %s: quantity %d over %d", it.SKU, it.Qty, maxQty)
		}
		names = append(names, it.SKU)
	}
	if len(names) == 0 {
		http.Error(w, "empty order", http.StatusBadRequest)
		return &Response{Status: http.StatusBadRequest}, nil
	}
	if user.IsAdmin() && len(names) > MaxItems/2 {
		order.Notes = append(order.Notes, "bulk order by "+user.DisplayName())
	}

	// Price the lines.
	for i, it := range items {
		if it.Qty <= 0 {
			continue
		}
		line := it.Price * float64(it.Qty)
		for _, t := range it.Tags {
			byTag[t]++
		}
		if user.Role == RoleAdmin {
			discount += line * 0.1
		} else if coupon != "" && strings.EqualFold(coupon, it.Meta["coupon"]) {
			discount += line * 0.05
		}
		if len(it.Tags) > 0 {
			tagged := strings.Join(it.Tags, ",")
			if byTag[it.Tags[0]] > 1 {
				headers.Add("X-Repeat", it.Tags[0])
			}
@BP@			headers.Add("X-Tags", tagged)
			fmt.Fprintf(&buf, "%d:%s;", i, tagged)
		}
		subtotal += line
		order.Items = append(order.Items, it)
	}

	// Taxes and shipping.
	if discount > subtotal {
		discount = subtotal
	}
	tax = (subtotal - discount) * taxRate(region)
	shipping = 4.99
	if express {
		shipping *= 3
	}
	if subtotal-discount > 100 && !express {
		shipping = 0
	}
	order.Total = subtotal - discount + tax + shipping
	if order.Total < 0 {
		return nil, fmt.Errorf("order %s: negative total %.2f", order.ID, order.Total)
	}

	// Record, retrying until the deadline.
	for retries = 0; retries < RetryLimit; retries++ {
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("order %s: deadline passed after %d attempts", order.ID, retries)
		}
		if s.record(order) {
			break
		}
		time.Sleep(time.Duration(retries+1) * 10 * time.Millisecond)
	}
	if retries == RetryLimit {
		err = fmt.Errorf("order %s: not recorded", order.ID)
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return &Response{Status: http.StatusServiceUnavailable}, err
	}

	// Summarise the tags for the audit log.
	var popular []string
	for t, c := range byTag {
		if c > 1 {
			popular = append(popular, fmt.Sprintf("%s=%d", t, c))
		}
	}
	if len(popular) > 0 {
		headers.Set("X-Popular", strings.Join(popular, ","))
	}
	headers.Set("X-Order", order.ID)
	headers.Set("X-Label", label)
	headers.Set("X-Lines", buf.String())
	for k, vs := range headers {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	elapsed := time.Since(start)
	body := fmt.Sprintf("%s %s %.2f %s (%v)", order.ID, label, order.Total, strings.Join(names, ","), elapsed)
	w.WriteHeader(http.StatusCreated)
	if _, werr := fmt.Fprintln(w, body); werr != nil {
		err = werr
	}
	resp = &Response{Status: http.StatusCreated, Body: []byte(body), Headers: headers, Elapsed: elapsed}
	return resp, err
}
"#;

/// One editor request: the scope at the breakpoint, then completion.
fn complete_at(index: &SourceIndex, pkg: &BenchPackage) -> expr::Completions {
    let scope = pkg.scope(index);
    expr::complete(COMPLETE_PREFIX, COMPLETE_PREFIX.len(), &scope)
}

/// Says on stderr what the engine answers, so a run that measures nothing
/// (no completions, or errors on a valid condition) is visible.
fn report_answers(pkg: &BenchPackage, scope: &ScopeAt) {
    let labels: Vec<String> =
        expr::complete(COMPLETE_PREFIX, COMPLETE_PREFIX.len(), scope).items.into_iter().map(|i| i.label).collect();
    let checked = expr::check(CONDITION, Role::Condition, scope);
    eprintln!(
        "bench package: {} ({}:{}), {} locals; complete {COMPLETE_PREFIX:?} -> {labels:?}; check -> {} diagnostic(s)",
        pkg.dir.display(),
        pkg.file.display(),
        pkg.line,
        scope.locals.len(),
        checked.diagnostics.len(),
    );
}

/// Microseconds per call: short runs, many samples.
fn quick_group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3)).sample_size(50);
    g
}

fn benches(c: &mut Criterion, pkg: &BenchPackage) {
    let index = SourceIndex::default();
    let scope = pkg.scope(&index);
    report_answers(pkg, &scope);

    let mut parse = quick_group(c, "parse");
    parse.bench_function("typical_condition", |b| b.iter(|| expr::parse(black_box(CONDITION))));
    parse.finish();
    let mut check = quick_group(c, "check");
    check.bench_function("typical_condition", |b| {
        b.iter(|| expr::check(black_box(CONDITION), Role::Condition, black_box(&scope)))
    });
    check.finish();
    let mut complete = quick_group(c, "complete");
    complete.bench_function("warm", |b| b.iter(|| complete_at(black_box(&index), pkg)));
    complete.finish();

    // A cold index parses the package and its imports (net/http among them):
    // a hundred milliseconds or more per call, so one call per sample.
    let mut cold = c.benchmark_group("complete");
    cold.sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sample_size(10);
    cold.bench_function("first_call", |b| {
        b.iter_batched(
            SourceIndex::default,
            |index| {
                let items = complete_at(&index, pkg);
                // Returned so that dropping the index is not timed.
                (index, items)
            },
            BatchSize::PerIteration,
        )
    });
    // What the LSP answers first: the package's own files, its imports
    // still loading (nothing loads them in this index).
    cold.bench_function("first_call_before_imports", |b| {
        b.iter_batched(
            SourceIndex::default,
            |index| {
                let early = index.scope_early(&pkg.file, None, pkg.line).expect("an early scope");
                let items = expr::complete(COMPLETE_PREFIX, COMPLETE_PREFIX.len(), &early.scope);
                (index, items)
            },
            BatchSize::PerIteration,
        )
    });
    cold.finish();
}

/// Times `n` warm editor requests one by one and prints their distribution
/// as `key=value` lines (microseconds).
fn latency(pkg: &BenchPackage, n: usize) {
    let n = n.max(1);
    let start = Instant::now();
    let index = SourceIndex::default();
    let first = complete_at(&index, pkg);
    let first_us = start.elapsed().as_secs_f64() * 1e6;
    for _ in 0..n.min(100) {
        black_box(complete_at(&index, pkg));
    }
    let mut us: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            black_box(complete_at(&index, pkg));
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    us.sort_by(f64::total_cmp);
    let pct = |p: f64| us[((us.len() - 1) as f64 * p).round() as usize];
    let mut out = String::new();
    let _ = writeln!(out, "items={}", first.items.len());
    let _ = writeln!(out, "first_call_in_process_us={first_us:.0}");
    let _ = writeln!(out, "n={}", us.len());
    let _ = writeln!(out, "p50_us={:.1}", pct(0.50));
    let _ = writeln!(out, "p99_us={:.1}", pct(0.99));
    let _ = writeln!(out, "max_us={:.1}", pct(1.0));
    print!("{out}");
}

/// Typical breakpoint conditions at the benchmark's breakpoint.
const TYPICAL_CONDITIONS: [&str; 4] = [CONDITION, "len(items) > 3", "req.User.Name == \"bob\"", "req != nil"];

/// Parses and checks the typical conditions for `seconds` on this thread;
/// prints how many of each per second, and the heap allocations of one of
/// each (the mean over the typical conditions).
fn throughput(pkg: &BenchPackage, seconds: f64) {
    let index = SourceIndex::default();
    let scope = pkg.scope(&index);
    let run = |what: &dyn Fn(&str)| {
        let t = Instant::now();
        let mut n = 0u64;
        while t.elapsed().as_secs_f64() < seconds {
            for c in TYPICAL_CONDITIONS {
                what(black_box(c));
            }
            n += TYPICAL_CONDITIONS.len() as u64;
        }
        n as f64 / t.elapsed().as_secs_f64()
    };
    let parses = run(&|c| drop(black_box(expr::parse(c))));
    let checks = run(&|c| drop(black_box(expr::check(c, Role::Condition, &scope))));
    let rounds = 1000;
    let allocations = |what: &dyn Fn(&str)| {
        allocations_per_call(rounds, || TYPICAL_CONDITIONS.iter().for_each(|c| what(black_box(c))))
            / TYPICAL_CONDITIONS.len() as f64
    };
    let parse_allocations = allocations(&|c| drop(black_box(expr::parse(c))));
    let check_allocations = allocations(&|c| drop(black_box(expr::check(c, Role::Condition, &scope))));
    println!("parse_per_s={parses:.0}");
    println!("check_per_s={checks:.0}");
    println!("parse_allocations={parse_allocations:.2}");
    println!("check_allocations={check_allocations:.2}");
}

/// `rounds` rounds of parsing the typical conditions.
#[inline(never)]
fn profiled_parses(rounds: u64) {
    for _ in 0..rounds {
        for c in TYPICAL_CONDITIONS {
            drop(black_box(expr::parse(black_box(c))));
        }
    }
}

/// `rounds` rounds of parsing and checking the typical conditions.
#[inline(never)]
fn profiled_checks(scope: &ScopeAt, rounds: u64) {
    for _ in 0..rounds {
        for c in TYPICAL_CONDITIONS {
            drop(black_box(expr::check(black_box(c), Role::Condition, scope)));
        }
    }
}

fn profile(pkg: &BenchPackage, rounds: u64) {
    let index = SourceIndex::default();
    let scope = pkg.scope(&index);
    let n = TYPICAL_CONDITIONS.len() as u64;
    let parse = || TYPICAL_CONDITIONS.iter().for_each(|c| drop(black_box(expr::parse(black_box(c)))));
    let check =
        || TYPICAL_CONDITIONS.iter().for_each(|c| drop(black_box(expr::check(black_box(c), Role::Condition, &scope))));
    // the first check resolves the named types it meets, once per scope
    check();
    let parse_allocations = allocations_per_call(rounds, parse) / n as f64;
    let check_allocations = allocations_per_call(rounds, check) / n as f64;
    profiled_parses(rounds);
    profiled_checks(&scope, rounds);
    println!("conditions={}", rounds * n);
    println!("parse_allocations={parse_allocations:.2}");
    println!("check_allocations={check_allocations:.2}");
}

fn main() {
    if let Some(dir) = std::env::var_os("DLVBRIDGE_BENCH_WRITE") {
        let dir = PathBuf::from(dir);
        let pkg = BenchPackage::write(&dir).unwrap_or_else(|e| panic!("writing {}: {e}", dir.display()));
        println!("file={}", pkg.file.display());
        println!("line={}", pkg.line);
        println!("indent={}", pkg.indent.replace('\t', "\\t"));
        println!("prefix={COMPLETE_PREFIX}");
        return;
    }
    let pkg = BenchPackage::in_temp();
    if let Some(secs) = std::env::var("DLVBRIDGE_BENCH_THROUGHPUT").ok().filter(|v| !v.is_empty()) {
        let secs = secs.parse().unwrap_or_else(|_| panic!("DLVBRIDGE_BENCH_THROUGHPUT={secs:?} is not seconds"));
        throughput(&pkg, secs);
    } else if let Some(n) = std::env::var("DLVBRIDGE_BENCH_PROFILE").ok().filter(|v| !v.is_empty()) {
        let n = n.parse().unwrap_or_else(|_| panic!("DLVBRIDGE_BENCH_PROFILE={n:?} is not a count"));
        profile(&pkg, n);
    } else if let Some(n) = std::env::var("DLVBRIDGE_BENCH_LATENCY").ok().filter(|v| !v.is_empty()) {
        let n = n.parse().unwrap_or_else(|_| panic!("DLVBRIDGE_BENCH_LATENCY={n:?} is not a count"));
        latency(&pkg, n);
    } else {
        let mut c = Criterion::default().configure_from_args();
        benches(&mut c, &pkg);
        c.final_summary();
    }
    let _ = std::fs::remove_dir_all(&pkg.dir);
}
