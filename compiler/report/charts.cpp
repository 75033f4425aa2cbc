#include "report/charts.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "report/svg.hpp"
#include "stats/summary.hpp"

namespace sluice::report {

namespace {

// Colours that keep apart in greyscale print: a light band, a dark median,
// a dashed orange mean and a dotted near-black base case.
constexpr const char* kBand = "#c6dbef";
constexpr const char* kMedian = "#1f4e79";
constexpr const char* kMean = "#c2410c";
constexpr const char* kBase = "#374151";
constexpr const char* kNoLoss = "#9ca3af";
constexpr const char* kLoss = "#b91c1c";

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// How a series' values show on its axis: money scaled to a readable unit,
// a condition as the percentage of scenarios in which it holds, a value the
// deal wrote in another unit than its base one (`USD/PH/day`) in that unit.
struct Scale {
  double divisor = 1;
  std::string axis;
};
Scale scale_for(const FanChart& c, double biggest) {
  if (c.unit == "Bool") return {0.01, "% of scenarios where it holds"};
  if (c.unit == c.currency) {
    if (biggest >= 1e9) return {1e9, c.currency + " billions"};
    if (biggest >= 1e6) return {1e6, c.currency + " millions"};
    if (biggest >= 1e4) return {1e3, c.currency + " thousands"};
    return {1, c.currency};
  }
  if (c.unit == "1") return {1, "ratio"};
  if (!c.written_unit.empty()) return {1 / c.per_written, c.written_unit};
  return {1, c.unit};
}

// A legend entry: a swatch (band, solid, dashed or dotted line) and a label.
struct Key {
  std::string label, colour, dash;
  bool band = false;
};
void legend(Svg& svg, double x, double y, const std::vector<Key>& keys) {
  for (const auto& k : keys) {
    if (k.band) svg.rect(x, y - 8, 18, 10, k.colour);
    else svg.line(x, y - 3, x + 18, y - 3, k.colour, 2, k.dash.empty() ? "" : "stroke-dasharray=\"" + k.dash + "\"");
    svg.text(x + 23, y + 1, k.label, "start", "class=\"legend\"");
    // Text widths are estimated: an 11-unit sans-serif averages ~6 units a character.
    x += 23 + 6.2 * static_cast<double>(k.label.size()) + 16;
  }
}

// The 5-95% band, one polygon per run of periods where both ends exist.
void band(Svg& svg, const Frame& f, const std::vector<double>& lo, const std::vector<double>& hi) {
  std::size_t t = 0;
  while (t < lo.size()) {
    while (t < lo.size() && !(std::isfinite(lo[t]) && std::isfinite(hi[t]))) ++t;
    std::size_t from = t;
    while (t < lo.size() && std::isfinite(lo[t]) && std::isfinite(hi[t])) ++t;
    if (t == from) continue;
    std::vector<std::pair<double, double>> pts;
    for (std::size_t i = from; i < t; ++i) pts.emplace_back(f.px(static_cast<double>(i + 1)), f.py(hi[i]));
    for (std::size_t i = t; i-- > from;) pts.emplace_back(f.px(static_cast<double>(i + 1)), f.py(lo[i]));
    svg.polygon(pts, kBand);
  }
}

std::vector<std::pair<double, double>> points(const Frame& f, const std::vector<double>& v, bool step) {
  std::vector<std::pair<double, double>> pts;
  for (std::size_t t = 0; t < v.size(); ++t) {
    double y = std::isfinite(v[t]) ? f.py(v[t]) : NAN;
    // A condition is on for the whole period: draw it as steps.
    if (step) pts.emplace_back(f.px(static_cast<double>(t)), y);
    pts.emplace_back(f.px(static_cast<double>(t + 1)), y);
  }
  return pts;
}

}  // namespace

std::vector<std::pair<double, std::string>> date_ticks(const std::vector<cal::Date>& dates, int months_per_period, int most) {
  std::vector<std::pair<double, std::string>> out;
  if (dates.size() < 2) return out;
  const int T = static_cast<int>(dates.size()) - 1, mpp = std::max(1, months_per_period), total = T * mpp;
  int step = mpp;
  for (int m : {1, 2, 3, 6, 12, 24, 36, 60, 120, 240, 600, 1200}) {
    if (m % mpp) continue;
    step = m;
    if (total / m + 1 <= most) break;
  }
  for (int months = 0; months <= total; months += step) {
    const auto& d = dates[static_cast<std::size_t>(months / mpp)];
    out.emplace_back(months / mpp, fmt::format("{} {}", kMonths[(d.month - 1) % 12], d.year));
  }
  return out;
}

std::string fan_chart(const FanChart& c) {
  constexpr double W = 560, H = 290;
  const auto T = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(c.dates.size()) - 1));
  const bool has_fan = !c.fan.empty(), is_bool = c.unit == "Bool";
  std::vector<double> p5(T, NAN), p50(T, NAN), p95(T, NAN), mean(T, NAN), base(T, NAN);
  // A period in which few scenarios have a value (a DSCR once most deals
  // have repaid) has quantiles of a handful of paths: a spike, not a
  // distribution. Such periods are left out of the fan and said so.
  constexpr double kFewest = 0.05;
  std::size_t sparse = 0;
  for (std::size_t t = 0; t < T; ++t) {
    if (t < c.fan.size() && c.fan[t].defined >= kFewest) p5[t] = c.fan[t].p5, p50[t] = c.fan[t].p50, p95[t] = c.fan[t].p95, mean[t] = c.fan[t].mean;
    else if (t < c.fan.size() && !is_bool) ++sparse;
    if (t < c.base.size()) base[t] = c.base[t];
  }
  // The axis covers the band and the median (or the base case alone); the
  // mean and the base case widen it by at most the band's own span, so one
  // exploding mean (an LTV once the collateral is gone) cannot flatten the
  // band. Whatever falls outside is clipped and said so.
  double lo = INFINITY, hi = -INFINITY;
  auto take = [&](double v) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  };
  for (std::size_t t = 0; t < T; ++t) {
    if (is_bool) take(0), take(1);
    else if (has_fan) take(p5[t]), take(p50[t]), take(p95[t]);
    else take(base[t]);
  }
  if (lo > hi) lo = 0, hi = 1;
  // Amounts of money are read against zero; ratios zoom to their range.
  if (c.unit == c.currency) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
  const double span = hi > lo ? hi - lo : std::max(1.0, std::fabs(hi));
  const double lo_lim = lo - span, hi_lim = hi + span;
  bool off = false;
  std::size_t infinite_mean = 0;  // periods where some scenario's value is infinite (an LTV with no collateral)
  for (std::size_t t = 0; t < T && has_fan; ++t) infinite_mean += !std::isfinite(mean[t]) && std::isfinite(p50[t]);
  for (std::size_t t = 0; t < T && !is_bool; ++t)
    for (double v : {has_fan ? mean[t] : NAN, base[t]}) {
      if (!std::isfinite(v)) continue;
      if (v < lo_lim || v > hi_lim) off = true;
      else lo = std::min(lo, v), hi = std::max(hi, v);
    }
  const Scale sc = scale_for(c, std::max(std::fabs(lo), std::fabs(hi)));
  for (auto* v : {&p5, &p50, &p95, &mean, &base})
    for (double& x : *v) x /= sc.divisor;
  const Ticks ty = nice_ticks(lo / sc.divisor, hi / sc.divisor, 5);

  Frame f{66, 40, W - 66 - 28, H - 40 - 30, 0, static_cast<double>(std::max<std::size_t>(T, 1)), ty.lo, ty.hi};
  std::string title = has_fan ? fmt::format("{}: 5th to 95th percentile band, median and mean per period{}", c.name,
                                            c.base.empty() ? "" : ", with the base case")
                              : fmt::format("{}: base case per period", c.name);
  if (is_bool) title = fmt::format("{}: share of scenarios in which it holds, per period", c.name);
  std::string desc = fmt::format("Vertical axis: {}. Horizontal axis: period end, {} to {}.", sc.axis,
                                 cal::format_date(c.dates.front()), cal::format_date(c.dates.back()));
  if (has_fan) desc += fmt::format(" Quantiles over {} scenarios.", number(static_cast<double>(c.fan_sample), 0));
  if (off) desc += " Part of the mean or base case lies beyond the scale and is cut off.";
  if (infinite_mean) desc += fmt::format(" The mean is not finite in {} periods.", infinite_mean);
  if (sparse) desc += fmt::format(" Left out: {} periods in which fewer than 5% of the scenarios have a value (the test is undefined).", sparse);
  Svg svg(W, H, c.id, title, desc);

  y_axis(svg, f, ty, [&](double v) { return number(v, ty.decimals); }, sc.axis);
  svg.raw(fmt::format("<defs><clipPath id=\"{}-clip\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs>\n"
                      "<g clip-path=\"url(#{}-clip)\">\n",
                      c.id, coord(f.left), coord(f.top - 1), coord(f.width), coord(f.height + 2), c.id));
  std::vector<Key> keys;
  if (has_fan && !is_bool) {
    band(svg, f, p5, p95);
    svg.path(points(f, p50, false), kMedian, 2);
    svg.path(points(f, mean, false), kMean, 1.6, "stroke-dasharray=\"6 4\"");
    keys = {{"5–95% of scenarios", kBand, "", true}, {"median", kMedian, ""}, {"mean", kMean, "6 4"}};
  } else if (has_fan) {
    svg.path(points(f, mean, false), kMedian, 2);
    keys = {{"share of scenarios", kMedian, ""}};
  }
  if (!c.base.empty() && has_fan) {
    svg.path(points(f, base, is_bool), kBase, 1.6, "stroke-dasharray=\"1.5 3\" stroke-linecap=\"round\"");
    keys.push_back({"base case", kBase, "1.5 3"});
  } else if (!c.base.empty()) {  // the only line: solid
    svg.path(points(f, base, is_bool), kMedian, 2);
    keys.push_back({"base case", kMedian, ""});
  }
  // One invisible column per period whose tooltip gives the numbers.
  auto val = [&](double v) { return is_bool ? number(v, 0) + "%" : number(v, std::max(ty.decimals + 1, 2)); };
  for (std::size_t t = 0; t < T; ++t) {
    std::string tip = fmt::format("period {} ({})", t + 1, cal::format_date(c.dates[t + 1]));
    if (has_fan && !is_bool) tip += fmt::format(": p5 {}, median {}, p95 {}, mean {}", val(p5[t]), val(p50[t]), val(p95[t]), val(mean[t]));
    else if (has_fan) tip += fmt::format(": {} of scenarios", val(mean[t]));
    if (!c.base.empty()) tip += fmt::format("{} base case {}", has_fan ? ";" : ":", is_bool ? (base[t] != 0 ? "on" : "off") : val(base[t]));
    svg.rect(f.px(static_cast<double>(t) + 0.5), f.top, f.width / static_cast<double>(T), f.height, "transparent", tip);
  }
  svg.raw("</g>\n");
  x_axis(svg, f, date_ticks(c.dates, c.months_per_period), "");
  legend(svg, f.left, 18, keys);
  std::string note = off ? "mean or base case partly off scale" : "";
  if (infinite_mean) note += fmt::format("{}mean infinite in {} of {} periods", note.empty() ? "" : "; ", infinite_mean, T);
  if (sparse) note += fmt::format("{}{} of {} periods left out: under 5% of scenarios defined", note.empty() ? "" : "; ", sparse, T);
  if (!note.empty()) svg.text(f.right(), 34, note, "end", "class=\"note\"");
  return svg.finish();
}

LossBins bin_losses(const std::vector<double>& shares, int max_bins) {
  LossBins b;
  std::vector<double> lost;
  for (double s : shares) {
    if (!std::isfinite(s)) continue;
    ++b.total;
    if (s <= 1e-6) ++b.none;
    else lost.push_back(s), b.max = std::max(b.max, s);
  }
  if (lost.empty()) return b;
  b.width = nice_step(b.max / std::max(1, max_bins));
  auto n = static_cast<std::size_t>(std::clamp(std::ceil(b.max / b.width - 1e-9), 1.0, static_cast<double>(std::max(1, max_bins))));
  b.counts.assign(n, 0);
  for (double s : lost) ++b.counts[std::min(n - 1, static_cast<std::size_t>(s / b.width))];
  return b;
}

std::string loss_histogram(const std::string& id, const std::string& tranche, const std::vector<double>& shares) {
  constexpr double W = 560, H = 270;
  const LossBins b = bin_losses(shares);
  std::vector<double> finite;
  for (double s : shares)
    if (std::isfinite(s)) finite.push_back(s);
  std::sort(finite.begin(), finite.end());
  const auto st = stats::summarize(finite);
  const double total = static_cast<double>(std::max<std::uint64_t>(b.total, 1));
  auto pct_of = [&](std::uint64_t n) { return static_cast<double>(n) / total * 100; };

  double ymax = pct_of(b.none), tallest_loss = 0, smallest = INFINITY;
  for (auto n : b.counts) {
    ymax = std::max(ymax, pct_of(n)), tallest_loss = std::max(tallest_loss, pct_of(n));
    if (n) smallest = std::min(smallest, pct_of(n));
  }
  // Where the no-loss bar is ten times the tallest loss bar or more, a linear
  // axis flattens the tail to a line: the axis turns logarithmic (powers of
  // ten), so a bin of one scenario in 10,000 still has a height.
  const bool log_scale = b.none > 0 && tallest_loss > 0 && pct_of(b.none) >= 10 * tallest_loss;
  Ticks ty = nice_ticks(0, ymax, 5);
  if (log_scale) {
    ty = Ticks{};
    ty.lo = std::floor(std::log10(std::min(smallest, pct_of(b.none))) - 1e-9);
    ty.hi = std::ceil(std::log10(ymax) - 1e-9);
    if (ty.hi <= ty.lo) ty.hi = ty.lo + 1;
    for (double v = ty.lo; v <= ty.hi + 1e-9; v += 1) ty.values.push_back(v);
  }

  // Room above the bars for the EL and p99 labels, one row each.
  const double left = 66, top = 44, right = W - 20, height = H - top - 46;
  // The "no loss" bar stands apart from the loss axis: a share of exactly
  // zero is a point mass, not the first bin of a continuous range.
  const Frame fy{left, top, right - left, height, 0, 1, ty.lo, ty.hi};
  // A bar's top for a share of scenarios (in %), on either axis; bars rise from the bottom.
  auto y_at = [&](double p) { return log_scale ? (p > 0 ? fy.py(std::log10(p)) : fy.bottom()) : fy.py(p); };
  const double zero_x = left + 10, zero_w = 30, gap = 22;
  const double upper = b.counts.empty() ? 0.1 : b.width * static_cast<double>(b.counts.size());
  const Ticks tx = nice_ticks(0, upper * 100, 6);
  const Frame fx{zero_x + zero_w + gap, top, right - (zero_x + zero_w + gap), height, tx.lo, tx.hi, ty.lo, ty.hi};

  std::string title = fmt::format("{}: distribution of the loss as a share of the original balance over {} scenarios", tranche,
                                  number(static_cast<double>(b.total), 0));
  std::string desc = fmt::format("{} of scenarios lose nothing. Expected loss {}, 99th percentile {}, largest {}.",
                                 percent(pct_of(b.none) / 100), percent(st.mean), percent(st.p99), percent(b.max));
  // Enough decimals to print every bin edge exactly (a 0.5% bin needs one).
  const int dec = b.counts.empty() ? 0 : std::max(0, static_cast<int>(-std::floor(std::log10(b.width * 100) + 1e-9)));
  if (!b.counts.empty()) desc += fmt::format(" Bins of {} each.", percent(b.width, dec));
  if (log_scale)
    desc += fmt::format(" The vertical axis is logarithmic: the no-loss bar is {} times the tallest loss bar.",
                        number(pct_of(b.none) / tallest_loss, 0));
  Svg svg(W, H, id, title, desc);
  if (log_scale)
    y_axis(svg, fy, ty, [&](double v) { return number(std::pow(10.0, v), std::max(0, static_cast<int>(-v))) + "%"; },
           "% of scenarios (log scale)");
  else
    y_axis(svg, fy, ty, [&](double v) { return number(v, ty.decimals) + "%"; }, "% of scenarios");

  svg.rect(zero_x, y_at(pct_of(b.none)), zero_w, fy.bottom() - y_at(pct_of(b.none)), kNoLoss,
           fmt::format("no loss: {} scenarios ({})", number(static_cast<double>(b.none), 0), percent(pct_of(b.none) / 100, 1)));
  svg.text(zero_x + zero_w / 2, y_at(pct_of(b.none)) - 4, percent(pct_of(b.none) / 100, 1), "middle", "class=\"value\"");
  svg.text(zero_x + zero_w / 2, fy.bottom() + 17, "none", "middle", "class=\"tick\"");
  for (std::size_t k = 0; k < b.counts.size(); ++k) {
    double x0 = fx.px(b.width * static_cast<double>(k) * 100), x1 = fx.px(b.width * static_cast<double>(k + 1) * 100);
    double h = b.counts[k] > 0 ? fy.bottom() - y_at(pct_of(b.counts[k])) : 0;
    if (b.counts[k] > 0) h = std::max(h, 1.0);  // a rare loss still shows
    svg.rect(x0 + 0.5, fy.bottom() - h, x1 - x0 - 1, h, kLoss,
             fmt::format("loss {}–{}: {} scenarios ({})", percent(b.width * static_cast<double>(k), dec),
                         percent(b.width * static_cast<double>(k + 1), dec), number(static_cast<double>(b.counts[k]), 0),
                         percent(pct_of(b.counts[k]) / 100, 1)));
  }
  std::vector<std::pair<double, std::string>> xt;
  for (double v : tx.values) xt.emplace_back(v, number(v, tx.decimals) + "%");
  x_axis(svg, fx, xt, "loss, % of the original balance");
  // The expected loss and the 99th percentile, where they fall on the axis:
  // each line rises to its own label row above the bars, so the labels
  // never sit on a bar or on each other.
  auto marker = [&](double share, const std::string& label, const char* colour, const char* dash, double y, bool right_of) {
    if (!std::isfinite(share) || share <= 1e-6 || share * 100 > tx.hi) return;
    double x = fx.px(share * 100);
    svg.line(x, y + 3, x, fy.bottom(), colour, 1.4, fmt::format("stroke-dasharray=\"{}\"", dash));
    // EL reads to the left of its line and p99 (never below it) to the
    // right, so the two labels point away from each other, unless a label
    // would leave the chart.
    bool left_side = right_of ? x > fx.right() - 80 : x > fx.left + 80;
    svg.text(left_side ? x - 4 : x + 4, y + 4, label, left_side ? "end" : "start", "class=\"marker\"");
  };
  marker(st.mean, "EL " + percent(st.mean, 1), "#111827", "5 3", 12, false);
  marker(st.p99, "p99 " + percent(st.p99, 1), "#7c2d12", "2 2", 27, true);
  if (b.counts.empty()) svg.text(fx.left + fx.width / 2, fy.top + fy.height / 2, "no scenario lost anything", "middle", "class=\"note\"");
  return svg.finish();
}

}  // namespace sluice::report
