#include "report/svg.hpp"

#include <cmath>
#include <fmt/format.h>

#include "base/text.hpp"

namespace sluice::report {

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string number(double v, int decimals) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
  // `thousands` already drops the sign of a value that rounds to zero.
  std::string s = thousands(v, decimals);
  // A typographic minus lines up with the digits in tabular figures.
  if (!s.empty() && s[0] == '-') s = "−" + s.substr(1);
  return s;
}

std::string percent(double share, int decimals) {
  if (std::isnan(share)) return "n/a";
  // A small share that the decimals would round to zero (a PD of 0.03% as
  // "0.0%") keeps two significant digits, as base/text.hpp's percent.
  const double x = share * 100;
  if (std::isfinite(x) && std::fabs(x) >= 1e-6 && std::fabs(x) < 0.5 * std::pow(10.0, -decimals))
    decimals = static_cast<int>(std::ceil(-std::log10(std::fabs(x)))) + 1;
  return number(x, decimals) + "%";
}

double nice_step(double raw) {
  if (!(raw > 0) || !std::isfinite(raw)) return 1;
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  // log10 of an exact power of ten can land a hair low: 1000 -> 999.99...
  for (double m : {1.0, 2.0, 5.0, 10.0, 20.0})
    if (m * p >= raw * (1 - 1e-12)) return m * p;
  return 20 * p;
}

Ticks nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = hi = 0;
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo <= 1e-12 * std::max(std::fabs(lo), std::fabs(hi))) {
    // A flat line: show it in the middle of a small range, or 0..1.
    double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    if (lo == 0) hi = 1;
    else lo -= pad, hi += pad;
  }
  Ticks t;
  double step = nice_step((hi - lo) / std::max(1, target));
  // Integer multiples of the step, so 0.1 * 3 prints as 0.3 and the ends
  // are exact: ticks never accumulate rounding error.
  auto first = static_cast<long long>(std::floor(lo / step + 1e-9));
  auto last = static_cast<long long>(std::ceil(hi / step - 1e-9));
  if (last <= first) last = first + 1;
  for (long long i = first; i <= last; ++i) t.values.push_back(static_cast<double>(i) * step);
  t.lo = t.values.front();
  t.hi = t.values.back();
  t.decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  return t;
}

std::string coord(double v) { return fmt::format("{:.1f}", std::isfinite(v) ? v : 0.0); }

Svg::Svg(double width, double height, std::string id, std::string title, std::string desc)
    : w_(width), h_(height), id_(std::move(id)), title_(std::move(title)), desc_(std::move(desc)) {}

void Svg::line(double x1, double y1, double x2, double y2, std::string_view stroke, double width, std::string_view extra) {
  body_ += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}{}/>\n", coord(x1), coord(y1),
                       coord(x2), coord(y2), stroke, width, extra.empty() ? "" : " ", extra);
}

void Svg::rect(double x, double y, double w, double h, std::string_view fill, std::string_view tooltip) {
  body_ += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"", coord(x), coord(y), coord(std::max(0.0, w)),
                       coord(std::max(0.0, h)), fill);
  // A <title> child is the tooltip a mouse shows and what a screen reader reads.
  body_ += tooltip.empty() ? "/>\n" : fmt::format("><title>{}</title></rect>\n", escape(tooltip));
}

void Svg::path(const std::vector<std::pair<double, double>>& pts, std::string_view stroke, double width, std::string_view extra) {
  std::string d;
  bool pen = false;
  for (const auto& [x, y] : pts) {
    if (!std::isfinite(x) || !std::isfinite(y)) {
      pen = false;
      continue;
    }
    d += fmt::format("{}{},{}", pen ? " L" : (d.empty() ? "M" : " M"), coord(x), coord(y));
    pen = true;
  }
  if (d.empty()) return;
  body_ += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"{}{}/>\n", d, stroke,
                       width, extra.empty() ? "" : " ", extra);
}

void Svg::polygon(const std::vector<std::pair<double, double>>& pts, std::string_view fill, std::string_view extra) {
  std::string p;
  for (const auto& [x, y] : pts) p += fmt::format("{}{},{}", p.empty() ? "" : " ", coord(x), coord(y));
  if (p.empty()) return;
  body_ += fmt::format("<polygon points=\"{}\" fill=\"{}\"{}{}/>\n", p, fill, extra.empty() ? "" : " ", extra);
}

void Svg::text(double x, double y, std::string_view s, std::string_view anchor, std::string_view extra) {
  body_ += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\"{}{}>{}</text>\n", coord(x), coord(y), anchor,
                       extra.empty() ? "" : " ", extra, escape(s));
}

std::string Svg::finish() const {
  // The xmlns is a name, not a fetch; it keeps the markup valid if someone
  // saves a chart on its own as an .svg file.
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{}-title {}-desc\" "
      "class=\"chart\" id=\"{}\">\n<title id=\"{}-title\">{}</title>\n<desc id=\"{}-desc\">{}</desc>\n{}</svg>\n",
      w_, h_, id_, id_, id_, id_, escape(title_), id_, escape(desc_), body_);
}

void x_axis(Svg& svg, const Frame& f, const std::vector<std::pair<double, std::string>>& ticks, std::string_view title) {
  svg.line(f.left, f.bottom(), f.right(), f.bottom(), "#6b7280", 1);
  for (const auto& [v, label] : ticks) {
    double x = f.px(v);
    svg.line(x, f.bottom(), x, f.bottom() + 4, "#6b7280", 1);
    svg.text(x, f.bottom() + 17, label, "middle", "class=\"tick\"");
  }
  if (!title.empty()) svg.text(f.left + f.width / 2, f.bottom() + 36, title, "middle", "class=\"axis\"");
}

}  // namespace sluice::report
