// Fixture for tests/layering/expect_caught.cmake: five comparisons the
// check must report, beside lines it must let pass. Never compiled.
int a(const Expr& e) { return e.text == "not" ? 1 : 0; }
int b(const ReportItem& line) { return line.section == "metrics"; }
const Expr* c(const Expr& call) { return call_arg(call, "mean"); }
int d(const std::string& base) { return base != "h"; }
int e(const Type& t) { return t.dim.count("year") ? 12 : 1; }
int ok(const Expr& e) { return e.op == Operator::Not; }
std::string fine(const std::string& name) { return name + ".jumps"; }
