// Quickstart: a function whose hyperparameters come from the current scope.
//   ./quickstart                                  -> 3 layers of relu
//   ./quickstart -D dnn.layers=4 -D dnn.activation=sigmoid
#include <hyperparameter/hp.hpp>

#include <iostream>
#include <string>
#include <vector>

std::string build_dnn(int input_dim, int layers, const std::string& activation) {
  return "dnn(" + std::to_string(input_dim) + "): " + std::to_string(layers) + " layers of " + activation;
}

// layers <- "dnn.layers" from the current scope, else 3; activation likewise.
const auto dnn = hp::auto_param("dnn", build_dnn, hp::arg("layers", 3), hp::arg("activation", "relu"));

int main(int argc, char** argv) {
  // Collect "-D key=value" pairs from the command line.
  std::vector<std::string> defines;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "-D") defines.push_back(argv[++i]);

  try {
    hp::with_scope scope(defines);  // pops when main returns
    std::cout << dnn(784) << "\n";
    {
      hp::with_scope wider{{"dnn.layers", 8}};  // a nested override
      std::cout << "nested: " << dnn(784) << "\n";
    }
    std::cout << "direct: " << dnn(784, 2) << "\n";  // an argument beats the scope
  } catch (const hp::error& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
}
