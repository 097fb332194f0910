// The model of examples/sparse_lr: L1- or L2-penalised logistic regression on
// the 8x8 digits, small (0-4) against large (5-9), as scikit-learn's
// LogisticRegression fits it: minimise
//     C * sum_i log(1 + exp(-s_i (w.x_i + b)))  +  ||w||_1   (or 0.5 ||w||^2)
// over the weights w and the unpenalised intercept b, on standardised pixels.
// The data is the copy of the UCI optical digits that Debian's python3-sklearn
// ships; the trainer is FISTA (accelerated proximal gradient) with
// backtracking and adaptive restart. No hyperparameter code in here: main.cpp
// wraps `fit` with hp::auto_param, and the benchmark calls it directly.
#pragma once

#include <hyperparameter/error.hpp>
#include <hyperparameter/value.hpp>

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace sparse_lr {

inline constexpr const char* default_data_path = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
inline constexpr std::size_t pixels = 64;  // 8 x 8

// The task: standardised pixels (zero mean, unit variance; a constant pixel
// stays 0, as StandardScaler leaves it) and y = 1 for digits 5-9.
struct problem {
  std::size_t samples = 0;
  std::vector<double> x;  // samples x pixels, row-major
  std::vector<double> y;  // 0 or 1
};

struct model {
  std::string penalty;
  double C = 0;
  std::vector<double> weights;  // one per pixel
  double intercept = 0;
  double objective = 0;  // C * summed log-loss + penalty, as scikit-learn states it
  int iterations = 0;
  bool converged = false;
};

namespace detail {

inline std::string read_gzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr)
    throw hp::error("sparse_lr.data: cannot open '" + path +
                    "'; the digits data comes with Debian's python3-sklearn (apt-get install python3-sklearn)");
  std::string text;
  char buffer[1 << 16];
  int got = 0;
  while ((got = gzread(file, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(got));
  int code = Z_OK;
  const std::string problem_text = got < 0 ? gzerror(file, &code) : "";
  gzclose(file);
  if (got < 0) throw hp::error("sparse_lr.data: cannot read '" + path + "': " + problem_text);
  return text;
}

inline double sigmoid(double z) {
  if (z >= 0) return 1 / (1 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1 + e);
}

// log(1 + exp(-m)) without overflow.
inline double log_loss(double margin) {
  return margin > 0 ? std::log1p(std::exp(-margin)) : -margin + std::log1p(std::exp(margin));
}

// Mean log-loss of the scores z against y.
inline double mean_loss(const std::vector<double>& z, const std::vector<double>& y) {
  double sum = 0;
  for (std::size_t i = 0; i < z.size(); ++i) sum += log_loss(y[i] > 0 ? z[i] : -z[i]);
  return sum / static_cast<double>(z.size());
}

// z = X w + b
inline void scores(const problem& p, const std::vector<double>& w, double b, std::vector<double>& z) {
  for (std::size_t i = 0; i < p.samples; ++i) {
    const double* row = &p.x[i * pixels];
    double s = b;
    for (std::size_t j = 0; j < pixels; ++j) s += row[j] * w[j];
    z[i] = s;
  }
}

}  // namespace detail

// Reads the gzip'd CSV, 64 pixel values and the digit per line, and builds
// the standardised small-against-large task.
inline problem load_digits(const std::string& path) {
  const std::string text = detail::read_gzip(path);
  problem p;
  std::vector<double> row;
  std::size_t line = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    ++line;
    row.clear();
    // Integers: the pixels are 0-16 (std::from_chars for double is missing from some libraries).
    const char* const line_end = text.data() + (end > at && text[end - 1] == '\r' ? end - 1 : end);
    const auto malformed = [&] {
      return hp::error("sparse_lr.data: '" + path + "' line " + std::to_string(line) + " is not comma-separated integers");
    };
    for (const char* c = text.data() + at; c != line_end;) {
      int v = 0;
      const auto [next, ec] = std::from_chars(c, line_end, v);
      if (ec != std::errc() || (next != line_end && *next != ',')) throw malformed();
      row.push_back(v);
      c = next;
      if (c != line_end && ++c == line_end) throw malformed();  // a comma ends the line
    }
    at = end + 1;
    if (row.empty()) continue;
    if (row.size() != pixels + 1)
      throw hp::error("sparse_lr.data: '" + path + "' line " + std::to_string(line) + " has " +
                      std::to_string(row.size()) + " values, not 64 pixels and a digit");
    p.x.insert(p.x.end(), row.begin(), row.end() - 1);
    p.y.push_back(row.back() > 4 ? 1.0 : 0.0);
    ++p.samples;
  }
  if (p.samples == 0) throw hp::error("sparse_lr.data: '" + path + "' holds no samples");

  // StandardScaler: population variance; a constant pixel is only centred.
  const double n = static_cast<double>(p.samples);
  for (std::size_t j = 0; j < pixels; ++j) {
    double mean = 0;
    for (std::size_t i = 0; i < p.samples; ++i) mean += p.x[i * pixels + j];
    mean /= n;
    double variance = 0;
    for (std::size_t i = 0; i < p.samples; ++i) variance += (p.x[i * pixels + j] - mean) * (p.x[i * pixels + j] - mean);
    const double scale = variance > 0 ? std::sqrt(variance / n) : 1.0;
    for (std::size_t i = 0; i < p.samples; ++i) p.x[i * pixels + j] = (p.x[i * pixels + j] - mean) / scale;
  }
  return p;
}

// Fits the model. The trainer works on the objective divided by C * samples
// (mean log-loss plus penalty / (C n)), so `learning_rate`, its first step
// size, means the same for every C; a step that overshoots is halved. It stops
// when no coordinate of the proximal-gradient step, divided by the step size,
// exceeds `tol` (the optimality condition), or after `max_iter` steps.
inline model fit(const problem& p, double learning_rate, const std::string& penalty, double C, double tol,
                 int max_iter) {
  const auto bad = [](const char* key, double v, const char* wanted) {
    return hp::error(std::string(key) + " = " + hp::value(v).as<std::string>() + " is not " + wanted);
  };
  if (penalty != "l1" && penalty != "l2") throw hp::error("sparse_lr.penalty = \"" + penalty + "\" is not l1 or l2");
  if (!(learning_rate > 0) || !std::isfinite(learning_rate)) throw bad("sparse_lr.learning_rate", learning_rate, "positive");
  if (!(C > 0) || !std::isfinite(C)) throw bad("sparse_lr.C", C, "positive");
  if (!(tol >= 0)) throw bad("sparse_lr.tol", tol, "zero or positive");
  if (max_iter < 1) throw bad("sparse_lr.max_iter", max_iter, "positive");

  const bool l1 = penalty == "l1";
  const std::size_t n = p.samples;
  const double lambda = 1 / (C * static_cast<double>(n));  // penalty weight of the scaled objective

  // The current point x, the previous one, the extrapolated y and a candidate;
  // their scores X w + b follow along, as y's are the same combination.
  std::vector<double> w(pixels, 0.0), w_prev(w), wy(w), wc(w), grad(pixels);
  double b = 0, b_prev = 0, by = 0, bc = 0;
  std::vector<double> z(n, 0.0), z_prev(z), zy(z), zc(z), residual(n);
  double momentum = 1;  // FISTA's t_k
  double step = learning_rate;
  model m;
  m.penalty = penalty;
  m.C = C;
  for (m.iterations = 1; m.iterations <= max_iter; ++m.iterations) {
    const double next_momentum = (1 + std::sqrt(1 + 4 * momentum * momentum)) / 2;
    const double beta = (momentum - 1) / next_momentum;
    momentum = next_momentum;
    for (std::size_t j = 0; j < pixels; ++j) wy[j] = w[j] + beta * (w[j] - w_prev[j]);
    by = b + beta * (b - b_prev);
    for (std::size_t i = 0; i < n; ++i) zy[i] = z[i] + beta * (z[i] - z_prev[i]);

    // Gradient of the mean log-loss at y.
    const double fy = detail::mean_loss(zy, p.y);
    double grad_b = 0;
    for (std::size_t i = 0; i < n; ++i) {
      residual[i] = (detail::sigmoid(zy[i]) - p.y[i]) / static_cast<double>(n);
      grad_b += residual[i];
    }
    std::fill(grad.begin(), grad.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const double* row = &p.x[i * pixels];
      for (std::size_t j = 0; j < pixels; ++j) grad[j] += residual[i] * row[j];
    }

    // A proximal step from y, shortened until the quadratic model bounds the loss.
    double largest_move = 0;
    for (;;) {
      for (std::size_t j = 0; j < pixels; ++j) {
        const double v = wy[j] - step * grad[j];
        if (l1) {
          const double shrink = step * lambda;
          wc[j] = v > shrink ? v - shrink : v < -shrink ? v + shrink : 0.0;
        } else {
          wc[j] = v / (1 + step * lambda);
        }
      }
      bc = by - step * grad_b;
      detail::scores(p, wc, bc, zc);
      double linear = (bc - by) * grad_b, squared = (bc - by) * (bc - by);
      largest_move = std::abs(bc - by);
      for (std::size_t j = 0; j < pixels; ++j) {
        const double d = wc[j] - wy[j];
        linear += d * grad[j];
        squared += d * d;
        largest_move = std::max(largest_move, std::abs(d));
      }
      const double fc = detail::mean_loss(zc, p.y);
      if (fc <= fy + linear + squared / (2 * step) + 1e-12 * std::abs(fy)) break;
      step /= 2;
    }

    // Adaptive restart (O'Donoghue and Candes): drop the momentum once it points uphill.
    double uphill = (by - bc) * (bc - b);
    for (std::size_t j = 0; j < pixels; ++j) uphill += (wy[j] - wc[j]) * (wc[j] - w[j]);
    if (uphill > 0) momentum = 1;

    w_prev.swap(w);
    w.swap(wc);
    b_prev = b;
    b = bc;
    z_prev.swap(z);
    z.swap(zc);
    if (largest_move / step <= tol) {
      m.converged = true;
      break;
    }
  }
  m.iterations = std::min(m.iterations, max_iter);

  double penalty_value = 0;
  for (double v : w) penalty_value += l1 ? std::abs(v) : 0.5 * v * v;
  m.objective = C * static_cast<double>(n) * detail::mean_loss(z, p.y) + penalty_value;
  m.weights = std::move(w);
  m.intercept = b;
  return m;
}

// Percent of the samples classified right (score > 0 means 5-9).
inline double accuracy(const problem& p, const model& m) {
  std::vector<double> z(p.samples);
  detail::scores(p, m.weights, m.intercept, z);
  std::size_t right = 0;
  for (std::size_t i = 0; i < p.samples; ++i) right += (z[i] > 0) == (p.y[i] > 0);
  return 100.0 * static_cast<double>(right) / static_cast<double>(p.samples);
}

// Percent of the weights that are exactly zero.
inline double sparsity(const model& m) {
  const auto zeros = std::count(m.weights.begin(), m.weights.end(), 0.0);
  return 100.0 * static_cast<double>(zeros) / static_cast<double>(m.weights.size());
}

// The weight magnitudes as 8 rows of 8 characters: '.' is exactly 0, then
// "-:=+*#%@" in steps of 1/8, '@' for 7/8 and more (the seed's plot clips at 1).
inline std::vector<std::string> picture(const model& m) {
  static constexpr char shades[] = "-:=+*#%@";
  std::vector<std::string> rows(8);
  for (std::size_t j = 0; j < pixels; ++j) {
    const double magnitude = std::abs(m.weights[j]);
    char c = '.';
    if (magnitude > 0) c = shades[std::min<std::size_t>(7, static_cast<std::size_t>(magnitude * 8))];
    std::string& row = rows[j / 8];
    if (!row.empty()) row += ' ';
    row += c;
  }
  return rows;
}

}  // namespace sparse_lr
