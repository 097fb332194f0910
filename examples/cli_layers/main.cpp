// Three configuration layers, later wins: inline defaults < --config FILE < -D key=value.
//
//   cli_layers                                         3 layers of relu, lr 0.001
//   cli_layers --config config.yaml                    what the file says
//   cli_layers --config config.yaml -D dnn.layers=6    the file, but 6 layers
//   cli_layers --help | --explain dnn.layers | --dump-config
#include <hyperparameter/hp.hpp>
#include <hyperparameter/json.hpp>
#include <hyperparameter/toml.hpp>
#include <hyperparameter/yaml.hpp>

#include <iostream>
#include <string>

std::string build_dnn(int input_dim, int layers, const std::string& activation) {
  return "dnn: " + std::to_string(input_dim) + " inputs, " + std::to_string(layers) + " layers of " + activation;
}

// Declared at namespace scope, so --help lists them and -D typos are caught before main runs.
const auto dnn = hp::auto_param("dnn", build_dnn,
                                hp::arg("layers", 3).help("number of hidden layers"),
                                hp::arg("activation", "relu").help("activation of every hidden layer"));
const auto learning_rate = hp::declare("train.lr", 0.001).help("learning rate");
const auto epochs = hp::declare("train.epochs", 10).help("passes over the data");
const auto run_name = hp::declare("run.name", "baseline").help("label for logs; may use ${other.key}");

int main(int argc, char** argv) {
  return hp::run(argc, argv, {"Builds a network and trains it, configured in three layers.", "1.0"}, [] {
    std::cout << dnn(16) << '\n'
              << "train: lr " << learning_rate() << ", " << epochs() << " epochs\n"
              << "run: " << run_name() << '\n';
  });
}
