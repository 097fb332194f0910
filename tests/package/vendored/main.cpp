// Loads a JSON file through the adapter built on the parent project's nlohmann_json target.
#include <hyperparameter/hp.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  if (argc != 2) return 1;
  try {
    hp::params written;
    written.set("model.depth", 4);
    hp::save_config(written, argv[1]);
    hp::with_scope scope(hp::load_config(argv[1]));
    return hp::get<int>("model.depth") == 4 ? 0 : 1;
  } catch (const std::exception& e) {
    std::printf("%s\n", e.what());
    return 1;
  }
}
