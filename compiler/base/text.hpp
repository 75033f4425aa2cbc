// Plain-text helpers shared by every output (the base-case and risk
// reports, the HTML report's charts, sweep and solve): numbers with
// thousands separators, percentages, escapes for text from a deal, and
// aligned tables. Here at the bottom, beside printable.hpp, because outputs
// at every layer format numbers alike.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

// A value that is not a finite number is spelled in one place, for every
// output, so the engines cannot differ: a NaN's sign bit depends on how it
// was made (the interpreter's 0/0 is a negative NaN, the JIT's may be
// positive), and printf-style formatting shows it as `-nan` or `nan`.
//  - text (tables, messages): NaN -> "n/a", whatever its sign; "inf", "-inf";
//  - CSV: an empty cell, the cell of a value that does not exist;
//  - JSON: null (nlohmann writes every non-finite double as null).
std::string non_finite_text(double v);  // v must not be finite
// v with the fewest digits that read back as v ("0.1", "1e-07"), or its
// non_finite_text: numbers in messages.
std::string full_number(double v);
// A CSV cell: full_number for a finite v, empty otherwise.
std::string csv_number(double v);
// v with `decimals` fixed decimals ("1.482"), or its non_finite_text.
std::string fixed(double v, int decimals);
// v to `digits` significant digits ("1.482", "2.5e+06"), or its non_finite_text.
std::string significant(double v, int digits);

// 1234567.5 -> "1,234,568" (decimals 0); not finite: non_finite_text.
std::string thousands(double v, int decimals = 0);
// Money in a report's tables, in one scale chosen once per report and
// stated once (its header: "amounts in USD thousands"): thousands of the
// currency when the largest amount the report shows is ten million or more,
// else units with cents. A note in another currency (`fx`) is shown in the
// same scale of its own currency. Machine-readable outputs (CSV, JSON,
// xlsx) keep full units.
struct MoneyScale {
  double divisor = 1;
  int decimals = 2;
  bool in_thousands() const { return divisor != 1; }
  // "USD thousands" or "USD": what the header says the amounts are in.
  std::string label(const std::string& currency) const { return in_thousands() ? currency + " thousands" : currency; }
  // v in the scale, thousands separated ("7,501"); not finite: non_finite_text.
  std::string operator()(double v) const;
};
MoneyScale money_scale(double largest);

// 0.0525 -> "5.25%" (decimals 2); a share that would round to zero keeps
// two significant digits (0.00003 -> "0.0030%"), so a small probability is
// never printed as "0.00%"; not finite: non_finite_text.
std::string percent(double v, int decimals = 2);
// percent(v, 2); none -> "n/a".
std::string pct(std::optional<double> v);

// Text from a deal (its title, names) as it may reach a terminal: control
// bytes and bytes that are not UTF-8 become `?`, as in diagnostics, so a
// deal cannot set a terminal's title or clear its screen.
std::string printable(std::string_view s);
// Many lines of text (`sluice ast`, `sluice ir`): printable, but newlines
// and tabs kept.
std::string printable_lines(std::string_view s);
// JSON text as nlohmann dumps it (C0 controls already \u-escaped) with
// DEL and the C1 controls, which JSON lets through raw, escaped too.
std::string json_safe(std::string dumped);
// A CSV field: printable, and quoted (RFC 4180) when it holds a comma or a quote.
std::string csv_field(std::string_view s);

// Every cell printable (above). The first column left-aligned, the rest right-aligned, the head in bold
// when `color`.
struct Table {
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
  std::string render(bool color) const;

 private:
  std::string render_plain(bool color) const;
};

}  // namespace sluice
