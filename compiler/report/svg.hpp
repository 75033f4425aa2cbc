// A tiny SVG builder for the HTML report: escaping, number formatting, "nice"
// axis ticks and a plot frame that maps data to pixels. The charts are drawn
// by Sluice itself so the report needs no JavaScript, no fonts and no
// network: an inline <svg> renders in any browser and prints as vectors.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace sluice::report {

// Escapes text for HTML and XML (element content and quoted attributes):
// & < > " '. Every string that comes from a deal goes through here.
std::string escape(std::string_view s);

// 1234567.891 -> "1,234,567.89" with `decimals` places; NaN -> "n/a",
// infinities "∞" / "−∞"; a minus sign that would show "-0" is dropped.
std::string number(double v, int decimals);
// 0.0525 -> "5.25%" (decimals after the point); NaN -> "n/a"; a share
// that would round to zero keeps two significant digits (0.0003, decimals
// 1 -> "0.030%"), so a small PD never reads "0.0%".
std::string percent(double share, int decimals = 2);

// Axis ticks at round values (1, 2 or 5 times a power of ten) covering
// [lo, hi]: 0..97 gives 0, 20, 40, 60, 80, 100. `decimals` is how many
// places print every tick exactly; [lo, hi] of the result is the axis range.
struct Ticks {
  std::vector<double> values;
  int decimals = 0;
  double lo = 0, hi = 1;
};
// The smallest of 1, 2, 5 times a power of ten that is at least `raw` (> 0).
double nice_step(double raw);
// At most about `target` intervals; an empty or non-finite range becomes a
// small one around its value (or 0..1), so an axis always has two ticks.
Ticks nice_ticks(double lo, double hi, int target = 5);

// Where the data sits inside the chart, in SVG user units (y grows down).
struct Frame {
  double left = 0, top = 0, width = 0, height = 0;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;  // data range
  double px(double x) const { return left + (x - x0) / (x1 - x0) * width; }
  double py(double y) const { return top + height - (y - y0) / (y1 - y0) * height; }
  double right() const { return left + width; }
  double bottom() const { return top + height; }
};

// Collects elements; finish() wraps them in an <svg> with a viewBox (so it
// scales to its container), role="img" and a <title>/<desc> that screen
// readers and tooltips use. Attributes are written as given: callers pass
// numbers and fixed colour names, and escape() anything else.
class Svg {
 public:
  Svg(double width, double height, std::string id, std::string title, std::string desc);
  void line(double x1, double y1, double x2, double y2, std::string_view stroke, double width = 1, std::string_view extra = "");
  void rect(double x, double y, double w, double h, std::string_view fill, std::string_view tooltip = "");
  // Points as x,y pairs; the path breaks (a new "M") at non-finite points.
  void path(const std::vector<std::pair<double, double>>& pts, std::string_view stroke, double width,
            std::string_view extra = "");
  void polygon(const std::vector<std::pair<double, double>>& pts, std::string_view fill, std::string_view extra = "");
  // anchor: start, middle or end; `cls` picks a text style from the page's CSS.
  void text(double x, double y, std::string_view s, std::string_view anchor = "start", std::string_view extra = "");
  void raw(std::string_view s) { body_ += s; }
  const std::string& id() const { return id_; }
  std::string finish() const;

 private:
  double w_, h_;
  std::string id_, title_, desc_, body_;
};

// Horizontal grid lines and labels at each tick, and the axis title written
// vertically on the left. `label` formats a tick value.
template <class F>
void y_axis(Svg& svg, const Frame& f, const Ticks& t, F label, std::string_view title);
// Tick marks and labels under the frame at the given (value, label) pairs,
// and the axis title centred below them.
void x_axis(Svg& svg, const Frame& f, const std::vector<std::pair<double, std::string>>& ticks, std::string_view title);

// Coordinates print with one decimal: enough at any screen size, and the
// page stays small.
std::string coord(double v);

template <class F>
void y_axis(Svg& svg, const Frame& f, const Ticks& t, F label, std::string_view title) {
  for (double v : t.values) {
    double y = f.py(v);
    svg.line(f.left, y, f.right(), y, v == 0 ? "#6b7280" : "#e5e7eb", 1);
    svg.text(f.left - 6, y + 4, label(v), "end", "class=\"tick\"");
  }
  if (!title.empty()) {
    double cx = 14, cy = f.top + f.height / 2;
    svg.text(cx, cy, title, "middle", "class=\"axis\" transform=\"rotate(-90 " + coord(cx) + " " + coord(cy) + ")\"");
  }
}

}  // namespace sluice::report
