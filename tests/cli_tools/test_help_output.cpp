// --help and --list-params, written out in full: this executable declares exactly
// these parameters, so the expected text is known without asking the registry.
#include <hyperparameter/hp.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../cli_test_support.hpp"

using hp_test::args;
using hp_test::run_result;
using hp_test::run_with;

namespace {

// Each declaration on a line of its own: the expected text names these lines.
const auto epochs = hp::declare("train.epochs", 10).help("passes over the data");
const auto optimizer = hp::declare("train.optimizer", "adam");
const auto rate = hp::declare("train.lr", 0.001).help("learning rate");
const auto widths = hp::declare("model.widths", std::vector<int>{64, 32});
const auto shuffle = hp::declare("data.shuffle", true);
const auto wide = hp::declare("模型.层数", 3).help("two columns a character");  // aligned by terminal columns

}  // namespace

TEST_CASE("run --help prints the usage and every declared parameter", "[run][tools]") {
  const run_result r = run_with(args{"--help"});
  CHECK(r.code == 0);
  CHECK_FALSE(r.ran);
  CHECK(r.err.empty());
  CHECK(r.out ==
        "usage: prog [--config FILE]... [-D key=value]... [OPTION]...\n"
        "\n"
        "Parameters come from three layers, later wins:\n"
        "  defaults < --config FILE (none compiled in) < -D key=value\n"
        "\n"
        "Parameters:\n"
        "  KEY              TYPE              DEFAULT   DECLARED AT              HELP\n"
        "  train.epochs     int               10        test_help_output.cpp:19  passes over the data\n"
        "  train.optimizer  std::string       \"adam\"    test_help_output.cpp:20\n"
        "  train.lr         double            0.001     test_help_output.cpp:21  learning rate\n"
        "  model.widths     std::vector<int>  [64, 32]  test_help_output.cpp:22\n"
        "  data.shuffle     bool              true      test_help_output.cpp:23\n"
        "  模型.层数        int               3         test_help_output.cpp:24  two columns a character\n"
        "\n"
        "Options:\n"
        "  --config FILE              load a config file; repeatable, later files win\n"
        "  -D, --define key=value     set a parameter (also -Dkey=value, --define=key=value)\n"
        "  -h, --help                 print this help and exit\n"
        "  --list-params              print the declared keys, one per line, and exit\n"
        "  --explain KEY              print KEY's value in effect and its value in every layer, and exit\n"
        "  --dump-config              print the effective configuration (reloadable with --config) and exit\n"
        "  --operative-config FILE    after the run, write the parameters it read to FILE (- for stdout)\n"
        "  --sweep                    run a trial per combination of the -D values: -D k=a,b,c (lists: -D "
        "k=[1,2],[3])\n"
        "  --trial I                  with --sweep: run trial I alone\n"
        "  --jobs N                   with --sweep: run N trials at a time, each in its own process\n"
        "  --print-trials             with --sweep: print one shell command per trial (for GNU parallel) and exit\n"
        "  --slurm-array FILE         with --sweep: write an sbatch script whose array task i runs --trial i\n"
        "  --slurm-option NAME=VALUE  with --slurm-array: add '#SBATCH --NAME=VALUE'; repeatable\n"
        "  --track DIR                record the run in the MLflow store DIR (mlflow ui --backend-store-uri DIR)\n"
        "  --sweep-dir DIR            with --sweep: where trial I writes its record DIR/trial-I.json (default "
        "sweep)\n");
}

TEST_CASE("run --list-params prints the declared keys, one per line", "[run][tools]") {
  const run_result r = run_with(args{"--list-params"});
  CHECK(r.code == 0);
  CHECK_FALSE(r.ran);
  CHECK(r.err.empty());
  CHECK(r.out == "train.epochs\ntrain.optimizer\ntrain.lr\nmodel.widths\ndata.shuffle\n模型.层数\n");
}
