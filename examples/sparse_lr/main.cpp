// Sparse logistic regression on the 8x8 digits, small (0-4) against large
// (5-9): how many pixel weights an L1 penalty sets to zero, and how accurate
// the model stays, as C shrinks.
//
//   sparse_lr                                       the defaults: L1, C = 0.1
//   sparse_lr -D sparse_lr.C=0.01                   a stronger penalty
//   sparse_lr --config config.yaml                  the values in the file
//   sparse_lr compare                               L1 and L2 side by side (scopes opened in code)
//   sparse_lr --help | --explain sparse_lr.C | --dump-config
//
// Lines a script reads: "accuracy 90.5" and "sparsity 39.1", in percent on the
// training data (as scikit-learn's L1-sparsity example scores them).
#include "sparse_lr.hpp"

#include <hyperparameter/hp.hpp>
#include <hyperparameter/json.hpp>
#include <hyperparameter/yaml.hpp>

#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

// sparse_lr.learning_rate, .penalty, .C, .tol and .max_iter, from the current scope.
const auto train = hp::auto_param(
    "sparse_lr", sparse_lr::fit,
    hp::arg("learning_rate", 1.0).help("first step size; halved while a step overshoots"),
    hp::arg("penalty", "l1").help("l1 (sets weights to zero) or l2"),
    hp::arg("C", 0.1).help("inverse penalty strength, as scikit-learn's C"),
    hp::arg("tol", 1e-6).help("stop when no coordinate of a step, over its size, exceeds this"),
    hp::arg("max_iter", 2000).help("most steps"));
const auto data_path = hp::declare("sparse_lr.data", sparse_lr::default_data_path)
                           .help("the digits as gzip'd CSV (Debian: python3-sklearn)");

namespace {

void print_result(const sparse_lr::problem& digits, const sparse_lr::model& m) {
  std::cout << std::fixed << std::setprecision(1) << "accuracy " << sparse_lr::accuracy(digits, m) << '\n'
            << "sparsity " << sparse_lr::sparsity(m) << '\n'
            << std::defaultfloat << std::setprecision(6);
}

void print_pictures(const std::vector<std::string>& titles, const std::vector<sparse_lr::model>& models) {
  std::cout << "|w| per pixel ('.' is 0, '@' is 7/8 or more):\n";
  std::string title_line;
  for (const std::string& title : titles) title_line += "  " + title + std::string(21 - title.size(), ' ');
  title_line.erase(title_line.find_last_not_of(' ') + 1);
  if (!title_line.empty()) std::cout << title_line << '\n';
  std::vector<std::vector<std::string>> pictures;
  for (const sparse_lr::model& m : models) pictures.push_back(sparse_lr::picture(m));
  for (std::size_t row = 0; row < 8; ++row) {
    std::string line;
    for (const auto& picture : pictures) line += "  " + picture[row] + "      ";
    line.erase(line.find_last_not_of(' ') + 1);
    std::cout << line << '\n';
  }
}

void print_run(const sparse_lr::model& m) {
  std::cout << "penalty " << m.penalty << ", C " << m.C << ": " << m.iterations << " iterations"
            << (m.converged ? "" : " (not converged: raise sparse_lr.max_iter)") << ", objective "
            << std::setprecision(9) << m.objective << std::setprecision(6) << '\n';
}

// The same C, once per penalty: each scope overrides the penalty for the calls
// inside it, whatever the command line said.
void compare_penalties(const sparse_lr::problem& digits) {
  std::vector<sparse_lr::model> models;
  for (const char* penalty : {"l1", "l2"}) {
    const hp::with_scope scope{{"sparse_lr.penalty", penalty}};
    models.push_back(train(digits));
    print_run(models.back());
    print_result(digits, models.back());
  }
  print_pictures({"l1", "l2"}, models);
}

}  // namespace

int main(int argc, char** argv) {
  return hp::run(argc, argv, [](const hp::cli_args& args) {
    const bool compare = args.rest.size() == 1 && args.rest[0] == "compare";
    if (!args.rest.empty() && !compare)
      throw hp::error("unexpected argument '" + args.rest[0] + "' (the one mode is 'compare')");

    const sparse_lr::problem digits = sparse_lr::load_digits(data_path());
    std::cout << "digits: " << digits.samples << " samples of 64 pixels, 0-4 against 5-9\n";
    if (compare) {
      compare_penalties(digits);
      return;
    }
    const sparse_lr::model m = train(digits);
    print_run(m);
    print_result(digits, m);
    print_pictures({}, {m});
  });
}
