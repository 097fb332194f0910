// Two declarations of one key with different defaults at static initialisation, when nothing
// may throw: hp::run reports both sites before the program runs, with exit code 2.
#include <hyperparameter/hp.hpp>

#include <cstdio>

namespace {
const auto first = hp::declare("train.epochs", 10);
const auto second = hp::declare("train.epochs", 20);
const auto negative = hp::auto_param("train", [](unsigned batch) { return batch; }, hp::arg("batch", -1));
}  // namespace

int main(int argc, char** argv) {
  return hp::run(argc, argv, [] { std::puts("the program ran"); });
}
