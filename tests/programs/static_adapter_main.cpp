// Links a static library that includes one adapter header and loads argv[1], a file of
// that format: the format's support must reach the program.
#include <hyperparameter/hp.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  if (argc != 2) return 1;
  try {
    hp::params written;
    written.set("train.epochs", 12);
    hp::save_config(written, argv[1]);
    hp::with_scope scope(hp::load_config(argv[1]));
    const int epochs = hp::get<int>("train.epochs");
    std::printf("train.epochs = %d\n", epochs);
    return epochs == 12 ? 0 : 1;
  } catch (const std::exception& e) {
    std::printf("%s\n", e.what());
    return 1;
  }
}
