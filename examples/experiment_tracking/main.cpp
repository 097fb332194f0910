// Experiment tracking: the sparse_lr model over a small sweep (penalty x C),
// each trial recorded as an MLflow run that `mlflow ui` shows.
//
//   experiment_tracking                               writes ./mlruns
//   experiment_tracking -D tracking.store=/tmp/runs   elsewhere
//   mlflow ui --backend-store-uri ./mlruns            then open the experiment "sparse_lr"
//
// Each run's params are what its trial read (the sparse_lr.* values in its
// scope); its metrics are the accuracy, sparsity and objective of the fit.
#include "../sparse_lr/sparse_lr.hpp"

#include <hyperparameter/hp.hpp>
#include <hyperparameter/tracking.hpp>

#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

const auto train = hp::auto_param("sparse_lr", sparse_lr::fit, hp::arg("learning_rate", 1.0),
                                  hp::arg("penalty", "l1"), hp::arg("C", 0.1), hp::arg("tol", 1e-6),
                                  hp::arg("max_iter", 2000));
const auto data_path = hp::declare("sparse_lr.data", sparse_lr::default_data_path).help("the digits, gzip'd CSV");
const auto store = hp::declare("tracking.store", "mlruns").help("the MLflow store the runs go to");

int main(int argc, char** argv) {
  return hp::run(argc, argv, [] {
    const sparse_lr::problem digits = sparse_lr::load_digits(data_path());
    const std::string store_dir = store();
    for (const char* penalty : {"l1", "l2"}) {
      for (const double C : {1.0, 0.1, 0.01}) {
        const hp::with_scope trial{{"sparse_lr.penalty", penalty}, {"sparse_lr.C", C}};
        std::ostringstream name;
        name << penalty << "-C" << C;
        hp::tracking::run run(store_dir, "sparse_lr", name.str());
        run.log_param("sparse_lr.data", data_path());
        const sparse_lr::model m = train(digits);
        hp::tracking::log_metric("accuracy", sparse_lr::accuracy(digits, m));
        hp::tracking::log_metric("sparsity", sparse_lr::sparsity(m));
        hp::tracking::log_metric("objective", m.objective);
        hp::tracking::log_metric("iterations", m.iterations);
        std::cout << std::fixed << std::setprecision(1) << "run " << name.str() << ": accuracy "
                  << sparse_lr::accuracy(digits, m) << ", sparsity " << sparse_lr::sparsity(m) << '\n'
                  << std::defaultfloat;
      }
    }
    std::cout << "6 runs in " << store_dir << ", experiment sparse_lr\n";
  });
}
