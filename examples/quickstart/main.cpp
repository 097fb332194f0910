// Quickstart: a function whose hyperparameters come from the current scope,
// and a command line that sets them.
//   ./quickstart                                  -> 3 layers of relu
//   ./quickstart -D dnn.layers=4 -D dnn.activation=sigmoid
//   ./quickstart --help                           -> every parameter with its type and default
#include <hyperparameter/hp.hpp>

#include <iostream>
#include <string>

std::string build_dnn(int input_dim, int layers, const std::string& activation) {
  return "dnn(" + std::to_string(input_dim) + "): " + std::to_string(layers) + " layers of " + activation;
}

// layers <- "dnn.layers" from the current scope, else 3; activation likewise.
const auto dnn = hp::auto_param("dnn", build_dnn, hp::arg("layers", 3), hp::arg("activation", "relu"));

int main(int argc, char** argv) {
  // Reads -D key=value and --config FILE into scopes around the lambda. A misspelt
  // key or option, a value of the wrong type or a stray word stops with exit code 2.
  return hp::run(argc, argv, [] {
    std::cout << dnn(784) << "\n";
    {
      hp::with_scope wider{{"dnn.layers", 8}};  // a nested override
      std::cout << "nested: " << dnn(784) << "\n";
    }
    std::cout << "direct: " << dnn(784, 2) << "\n";  // an argument beats the scope
  });
}
