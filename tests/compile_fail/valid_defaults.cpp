// The positive twin of default_*.cpp: defaults that say exactly what their parameter holds.
#include <hyperparameter/auto_param.hpp>

#include <string>
#include <vector>

double model(double x, double lr, float momentum, int batch, std::string path, bool bias, std::vector<double> sizes) {
  return x + lr + momentum + batch + static_cast<double>(path.size()) + (bias ? 1 : 0) + sizes.size();
}

int main() {
  const auto m = hp::auto_param("m", model, hp::arg("lr", 1), hp::arg("momentum", 0.9),
                                hp::arg("batch", hp::ref("train.batch")), hp::arg("path", "${data.root}/x"),
                                hp::arg("bias", true), hp::arg("sizes", std::vector<int>{1, 2}));
  return m(1.0, 0.5) > 0 ? 0 : 1;
}
