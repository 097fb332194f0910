// Sweeps: grid order, trials in their scopes, worker threads, failing
// trials, and what hp::run serves for --sweep (bad input, records).
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <hyperparameter/hp.hpp>
#include <hyperparameter/sweep.hpp>

#include "cli_test_support.hpp"

namespace {

const auto sweep_x = hp::declare("sweep_test.x", 0).help("an integer axis");
const auto sweep_name = hp::declare("sweep_test.name", std::string("a"));
const auto sweep_layers = hp::declare("sweep_test.layers", std::vector<int>{8});
const auto sweep_fail = hp::declare("sweep_test.fail", -1).help("the x whose trial fails");

std::vector<std::pair<std::string, std::string>> described(const hp::params& p) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, v] : p) out.emplace_back(key, v.describe());
  return out;
}

using row = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("a grid's trials: the last axis changes fastest, every trial holds the base and its values",
          "[sweep]") {
  hp::grid g(hp::params{{"train.epochs", 5}, {"opt.lr", 1.0}});
  g.add("opt.lr", {0.1, 0.01}).add("opt.name", {"sgd", "adam", "lion"});
  REQUIRE(g.size() == 6);
  REQUIRE(g.axes().size() == 2);

  std::vector<row> seen;
  std::vector<std::size_t> indices;
  for (const hp::trial& t : g) {
    indices.push_back(t.index());
    seen.push_back(described(t.parameters()));
  }
  CHECK(indices == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
  // The base's keys keep their order; an axis over a base key replaces its value.
  CHECK(seen[0] == row{{"train.epochs", "5"}, {"opt.lr", "0.1"}, {"opt.name", "\"sgd\""}});
  CHECK(seen[1] == row{{"train.epochs", "5"}, {"opt.lr", "0.1"}, {"opt.name", "\"adam\""}});
  CHECK(seen[2] == row{{"train.epochs", "5"}, {"opt.lr", "0.1"}, {"opt.name", "\"lion\""}});
  CHECK(seen[3] == row{{"train.epochs", "5"}, {"opt.lr", "0.01"}, {"opt.name", "\"sgd\""}});
  CHECK(seen[5] == row{{"train.epochs", "5"}, {"opt.lr", "0.01"}, {"opt.name", "\"lion\""}});
  CHECK(g.coordinates(4) == std::vector<std::size_t>{1, 1});
  CHECK(g.at(4).parameters().source("opt.name") == "code");

  // Stable: the same index gives the same trial however often it is asked for.
  CHECK(described(g[3].parameters()) == seen[3]);

  // Values of any type, lists included.
  hp::grid lists;
  lists.add("dnn.layers", {std::vector<int>{64, 128}, std::vector<int>{32}});
  CHECK(lists.at(0).parameters().get<std::vector<int>>("dnn.layers") == std::vector<int>{64, 128});
  CHECK(lists.at(1).parameters().get<std::vector<int>>("dnn.layers") == std::vector<int>{32});

  // No axes: one trial, the base alone.
  const hp::grid alone(hp::params{{"a", 1}});
  CHECK(alone.size() == 1);
  CHECK(described(alone.at(0).parameters()) == row{{"a", "1"}});
}

TEST_CASE("a grid rejects an empty axis, an axis given twice, a bad key and a trial out of range", "[sweep]") {
  hp::grid g;
  CHECK_THROWS_WITH(g.add("opt.lr", {}), "hp::usage_error: sweep axis 'opt.lr' has no values (from code)");
  g.add("opt.lr", {0.1, 0.2});
  CHECK_THROWS_WITH(g.add("opt.lr", {0.3}), "hp::usage_error: sweep axis 'opt.lr' is given twice (from code)");
  CHECK_THROWS_AS(g.add("opt..lr", {1}), hp::invalid_key);
  CHECK(g.size() == 2);  // nothing half-added
  CHECK_THROWS_WITH(g.at(2), "hp::usage_error: trial 2 is out of range: the sweep has 2 trials (0 to 1)");
}

TEST_CASE("hp::sweep runs each trial inside its scope over the caller's, in index order", "[sweep]") {
  const hp::with_scope outer{{"sweep_test.name", "outer"}};
  hp::grid g;
  g.add("sweep_test.x", {1, 2, 3});
  std::vector<std::string> seen;
  const hp::sweep_result r = hp::sweep(g, [&](const hp::trial& t) {
    seen.push_back(std::to_string(t.index()) + ":" + std::to_string(sweep_x()) + ":" + sweep_name());
  });
  CHECK(seen == std::vector<std::string>{"0:1:outer", "1:2:outer", "2:3:outer"});
  CHECK(r.ok());
  REQUIRE(r.trials.size() == 3);
  CHECK(r.trials[2].parameters.get<int>("sweep_test.x") == 3);
  CHECK(sweep_x() == 0);  // every trial's scope is closed again
}

TEST_CASE("hp::sweep on worker threads: each trial reads its own values on its own thread", "[sweep][threads]") {
  const hp::with_scope outer{{"sweep_test.name", "outer"}};
  hp::grid g;
  g.add("sweep_test.x", {0, 1, 2, 3, 4, 5, 6, 7}).add("sweep_test.layers", {std::vector<int>{1}, std::vector<int>{2, 3}});
  std::mutex mutex;
  std::map<std::size_t, std::string> seen;
  std::set<std::thread::id> threads;
  std::atomic<int> at_once{0};
  std::atomic<int> most{0};
  const hp::sweep_result r = hp::sweep(
      g,
      [&](const hp::trial& t) {
        const int now = ++at_once;
        for (int m = most; now > m && !most.compare_exchange_weak(m, now);) {
        }
        // Long enough that the workers overlap.
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        const std::string got = std::to_string(sweep_x()) + "/" + std::to_string(sweep_layers().size()) + "/" +
                                sweep_name();
        --at_once;
        std::lock_guard<std::mutex> lock(mutex);
        seen[t.index()] = got;
        threads.insert(std::this_thread::get_id());
      },
      3);
  REQUIRE(seen.size() == 16);
  for (std::size_t i = 0; i < 16; ++i)
    CHECK(seen[i] == std::to_string(i / 2) + "/" + (i % 2 == 0 ? "1" : "2") + "/outer");
  CHECK(threads.size() == 3);
  CHECK(threads.count(std::this_thread::get_id()) == 0);
  CHECK(most <= 3);
  CHECK(r.ok());
  CHECK_THROWS_WITH(hp::sweep(g, [] {}, 0), "hp::usage_error: hp::sweep needs at least one thread (got 0)");
}

TEST_CASE("hp::sweep: a trial that throws or returns non-zero fails alone; the others still run",
          "[sweep]") {
  hp::grid g;
  g.add("sweep_test.x", {0, 1, 2, 3});
  for (std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
    std::atomic<int> ran{0};
    const hp::sweep_result r = hp::sweep(
        g,
        [&]() -> int {
          ++ran;
          if (sweep_x() == 1) throw std::runtime_error("diverged");
          return sweep_x() == 3 ? 7 : 0;
        },
        threads);
    CHECK(ran == 4);
    CHECK_FALSE(r.ok());
    CHECK(r.failed() == std::vector<std::size_t>{1, 3});
    CHECK(r.trials[1].status == 1);
    CHECK(r.trials[1].error == "diverged");
    CHECK(r.trials[3].status == 7);
    CHECK(r.trials[3].error.empty());
    CHECK(r.trials[0].ok());
  }
}

namespace {

int odd_x_fails(const hp::trial&) { return sweep_x() % 2; }

}  // namespace

TEST_CASE("hp::sweep takes a function, a pointer to one or a const callable object", "[sweep]") {
  hp::grid g;
  g.add("sweep_test.x", {0, 1, 2, 3});
  const auto check = [](const hp::sweep_result& r) { CHECK(r.failed() == std::vector<std::size_t>{1, 3}); };
  check(hp::sweep(g, odd_x_fails));
  check(hp::sweep(g, &odd_x_fails, 2));
  const auto callable = [](const hp::trial& t) { return static_cast<int>(t.index()) % 2; };
  check(hp::sweep(g, callable, 3));
}

namespace {

struct sweep_run {
  int code;
  std::string out, err;
};

// hp::run(args) with a program that prints what it reads and fails when x == fail
// (it takes hp::cli_args, so it may be given arguments of its own after "--").
sweep_run run_program(std::initializer_list<std::string> list, int* calls = nullptr) {
  const hp_test::args args(list);
  hp_test::captured_output captured;
  const int code = hp::run(args.argc(), args.argv(), [&](const hp::cli_args&) -> int {
    if (calls != nullptr) ++*calls;
    std::cout << "x=" << sweep_x() << " name=" << sweep_name() << " layers=" << sweep_layers().size() << "\n";
    if (sweep_x() == sweep_fail()) throw std::runtime_error("trial failed on purpose");
    return sweep_x() < 0 ? 5 : 0;
  });
  return {code, captured.out(), captured.err()};
}

std::string record(const hp_test::temp_dir& dir, int index) {
  return hp_test::read_file(dir.path("sweep/trial-" + std::to_string(index) + ".json"));
}

}  // namespace

TEST_CASE("hp::run --sweep runs every trial in order and leaves one record per trial", "[sweep][cli]") {
  const hp_test::temp_dir dir;
  const std::string sweep_dir = dir.path("sweep");
  const sweep_run r = run_program({"--sweep", "-D", "sweep_test.name=fixed", "-D", "sweep_test.x=1,2", "-D",
                                   "sweep_test.layers=[4,5,6],[7]", "--sweep-dir", sweep_dir});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out ==
        "trial 0 of 4: sweep_test.name=fixed sweep_test.x=1 sweep_test.layers=[4,5,6]\nx=1 name=fixed layers=3\n"
        "trial 1 of 4: sweep_test.name=fixed sweep_test.x=1 sweep_test.layers=[7]\nx=1 name=fixed layers=1\n"
        "trial 2 of 4: sweep_test.name=fixed sweep_test.x=2 sweep_test.layers=[4,5,6]\nx=2 name=fixed layers=3\n"
        "trial 3 of 4: sweep_test.name=fixed sweep_test.x=2 sweep_test.layers=[7]\nx=2 name=fixed layers=1\n"
        "4 trials passed; records in " +
            sweep_dir + "/trial-*.json\n");
  CHECK(r.err.empty());
  CHECK(record(dir, 1) ==
        "{\n"
        "  \"trial\": 1,\n"
        "  \"trials\": 4,\n"
        "  \"status\": 0,\n"
        "  \"error\": null,\n"
        "  \"rerun\": \"prog -D sweep_test.name=fixed -D sweep_test.x=1 -D 'sweep_test.layers=[7]'\",\n"
        "  \"parameters\": {\n"
        "    \"sweep_test.name\": \"fixed\",\n"
        "    \"sweep_test.x\": 1,\n"
        "    \"sweep_test.layers\": [7]\n"
        "  },\n"
        "  \"operative_config\": {\n"
        "    \"sweep_test.x\": 1,\n"
        "    \"sweep_test.name\": \"fixed\",\n"
        "    \"sweep_test.layers\": [7],\n"
        "    \"sweep_test.fail\": -1\n"
        "  }\n"
        "}\n");
  for (int i : {0, 2, 3}) CHECK(record(dir, i).find("\"trial\": " + std::to_string(i) + ",") != std::string::npos);
}

TEST_CASE("hp::run --sweep: a failing trial is reported with its parameters, the others run, exit 3",
          "[sweep][cli]") {
  const hp_test::temp_dir dir;
  int calls = 0;
  const sweep_run r = run_program({"--sweep", "-D", "sweep_test.x=-1,0,1,2", "-D", "sweep_test.fail=1",
                                   "--sweep-dir", dir.path("sweep")},
                                  &calls);
  CHECK(r.code == 3);
  CHECK(calls == 4);
  CHECK(r.err ==
        "prog: trial 0 failed (status 5) with sweep_test.x=-1 sweep_test.fail=1\n"
        "prog: trial 2 failed (status 1: trial failed on purpose) with sweep_test.x=1 sweep_test.fail=1\n"
        "prog: 2 of 4 trials failed: 0, 2\n");
  CHECK(record(dir, 0).find("\"status\": 5,\n  \"error\": null,") != std::string::npos);
  CHECK(record(dir, 2).find("\"status\": 1,\n  \"error\": \"trial failed on purpose\",") != std::string::npos);
  CHECK(record(dir, 3).find("\"status\": 0,") != std::string::npos);

  // --trial I runs that trial alone: a rerun or a cluster task.
  calls = 0;
  const sweep_run one = run_program({"--sweep", "-D", "sweep_test.x=-1,0,1,2", "-D", "sweep_test.fail=1",
                                     "--sweep-dir", dir.path("sweep"), "--trial", "2"},
                                    &calls);
  CHECK(one.code == 3);
  CHECK(calls == 1);
  CHECK(one.out == "trial 2 of 4: sweep_test.x=1 sweep_test.fail=1\nx=1 name=a layers=1\n");
  CHECK(one.err ==
        "prog: trial 2 failed (status 1: trial failed on purpose) with sweep_test.x=1 sweep_test.fail=1\n");
  const sweep_run passing = run_program({"--sweep", "-D", "sweep_test.x=-1,0,1,2", "--sweep-dir",
                                         dir.path("sweep"), "--trial=3"});
  CHECK(passing.code == 0);
  CHECK(passing.out == "trial 3 of 4: sweep_test.x=2\nx=2 name=a layers=1\n");
}

TEST_CASE("hp::run --sweep: bad input is a usage error before any trial runs", "[sweep][cli]") {
  const hp_test::temp_dir dir;
  const std::string sweep_dir = dir.path("sweep");
  const auto rejected = [&](std::initializer_list<std::string> list, const std::string& message) {
    int calls = 0;
    const sweep_run r = run_program(list, &calls);
    INFO(r.out);
    CHECK(r.code == 2);
    CHECK(calls == 0);
    CHECK(r.err == "prog: " + message + "\n");
    CHECK_FALSE(std::filesystem::exists(sweep_dir));
  };
  rejected({"--sweep", "-D", "sweep_test.x=", "--sweep-dir", sweep_dir},
           "hp::parse_error: -D argv[3]: sweep axis 'sweep_test.x=': the axis has no values");
  rejected({"--sweep", "-D", "sweep_test.x=1,,2", "--sweep-dir", sweep_dir},
           "hp::parse_error: -D argv[3]: sweep axis 'sweep_test.x=1,,2': value 2 is empty");
  rejected({"--sweep", "-D", "sweep_test.y=1,2", "--sweep-dir", sweep_dir},
           "hp::unknown_parameter: key 'sweep_test.y' (from -D argv[3]) is not a declared parameter; did you mean "
           "'sweep_test.x'?");
  rejected({"--sweep", "-D", "sweep_test.name=p,q", "-D", "sweep_test.x=1,two", "--sweep-dir", sweep_dir},
           "hp::conversion_error: key 'sweep_test.x' = \"two\" is not a valid int (from -D argv[5]): not a whole "
           "decimal integer");
  rejected({"--sweep", "-D", "sweep_test.layers=1,2", "--sweep-dir", sweep_dir},
           "hp::parse_error: -D argv[3]: sweep axis 'sweep_test.layers=1,2': 'sweep_test.layers' is a list "
           "(std::vector<int>): bracket each value of the axis, e.g. sweep_test.layers=[1,2],[3]");
  rejected({"--sweep", "-D", "sweep_test.layers=[1,2],[x]", "--sweep-dir", sweep_dir},
           "hp::conversion_error: key 'sweep_test.layers' = \"[x]\" is not a valid std::vector<int> (from -D "
           "argv[3]): element \"x\" is not a valid int");
  rejected({"--sweep", "-D", "sweep_test.layers=[1,2", "--sweep-dir", sweep_dir},
           "hp::parse_error: -D argv[3]: sweep axis 'sweep_test.layers=[1,2': the '[' at position 0 is never "
           "closed");
  rejected({"--sweep", "-D", "sweep_test.x=1,2", "--jobs", "0", "--sweep-dir", sweep_dir},
           "hp::parse_error: argv[5]: --jobs '0' is not a number of jobs (1 or more)");
  rejected({"--sweep", "-D", "sweep_test.x=1,2", "--jobs", "1025", "--sweep-dir", sweep_dir},
           "hp::parse_error: argv[5]: --jobs '1025' is more than 1024 trials at a time (the most a sweep passes "
           "SIGINT and SIGTERM on to)");
  rejected({"--sweep", "-D", "sweep_test.x=1,2", "--trial", "2", "--sweep-dir", sweep_dir},
           "hp::usage_error: --trial 2 is out of range: the sweep has 2 trials (0 to 1)");
  rejected({"--sweep", "-D", "sweep_test.x=1,2", "--trial", "-1", "--sweep-dir", sweep_dir},
           "hp::parse_error: argv[5]: --trial '-1' is not a trial index (0, 1, ...)");
  rejected({"-D", "sweep_test.x=1", "--trial", "0", "--sweep-dir", sweep_dir},
           "hp::usage_error: --trial runs a sweep: add --sweep");
  rejected({"--sweep", "-D", "sweep_test.x=1,2", "--trial", "0", "--jobs", "2", "--sweep-dir", sweep_dir},
           "hp::usage_error: --trial, --jobs, --print-trials and --slurm-array are ways to run a sweep: give one");
  rejected({"--sweep", "-D", "sweep_test.x=1,2", "--operative-config", dir.path("o.json"), "--sweep-dir", sweep_dir},
           "hp::usage_error: --operative-config cannot be combined with --sweep (each trial's record holds its operative "
           "configuration)");
  rejected({"--sweep", "--slurm-array", dir.path("job.sh"), "--slurm-option", "array=0-3", "--sweep-dir",
            sweep_dir},
           "hp::parse_error: argv[5]: --slurm-option 'array=0-3': --slurm-array sets --array itself");
  CHECK_FALSE(std::filesystem::exists(dir.path("job.sh")));
}

TEST_CASE("hp::run --print-trials: one shell-quoted command line per trial, nothing run", "[sweep][cli]") {
  int calls = 0;
  const sweep_run r = run_program({"--sweep", "-D", "sweep_test.name=it's,b c", "-D", "sweep_test.layers=[1],[2,3]",
                                   "--print-trials", "--sweep-dir", "out dir", "--", "extra"},
                                  &calls);
  CHECK(r.code == 0);
  CHECK(calls == 0);
  CHECK(r.out ==
        "prog --sweep -D 'sweep_test.name=it'\\''s,b c' -D 'sweep_test.layers=[1],[2,3]' --sweep-dir 'out dir' "
        "--trial 0 -- extra\n"
        "prog --sweep -D 'sweep_test.name=it'\\''s,b c' -D 'sweep_test.layers=[1],[2,3]' --sweep-dir 'out dir' "
        "--trial 1 -- extra\n"
        "prog --sweep -D 'sweep_test.name=it'\\''s,b c' -D 'sweep_test.layers=[1],[2,3]' --sweep-dir 'out dir' "
        "--trial 2 -- extra\n"
        "prog --sweep -D 'sweep_test.name=it'\\''s,b c' -D 'sweep_test.layers=[1],[2,3]' --sweep-dir 'out dir' "
        "--trial 3 -- extra\n");
}

TEST_CASE("hp::run --slurm-array writes an sbatch array script whose task i runs --trial i", "[sweep][cli]") {
  const hp_test::temp_dir dir;
  const std::string script = dir.path("job.sh");
  const sweep_run r = run_program({"--sweep", "-D", "sweep_test.x=1,2,3", "--sweep-dir", dir.path("s"),
                                   "--slurm-array", script, "--slurm-option", "time=00:10:00", "--slurm-option",
                                   "partition=short"});
  CHECK(r.code == 0);
  CHECK(r.out == "wrote " + script + ": an array of 3 trials; submit it with: sbatch " + script + "\n");
  const std::string text = hp_test::read_file(script);
  CHECK(text.rfind("#!/bin/sh\n#SBATCH --job-name=prog\n#SBATCH --array=0-2\n#SBATCH --chdir=", 0) == 0);
  CHECK(text.find("#SBATCH --output=" + dir.path("s") + "/trial-%a.out\n#SBATCH --time=00:10:00\n"
                  "#SBATCH --partition=short\nexec ") != std::string::npos);
  CHECK(text.find(" --sweep -D sweep_test.x=1,2,3 --sweep-dir " + dir.path("s") +
                  " --trial \"$SLURM_ARRAY_TASK_ID\"\n") != std::string::npos);
  CHECK(std::filesystem::is_directory(dir.path("s")));  // task output lands there
}

namespace readme {
// Two axes: the learning rate, then the optimiser (the last axis changes fastest).
hp::sweep_result lr_and_optimiser() {
  hp::grid grid;
  grid.add("opt.lr", {0.1, 0.01}).add("opt.name", {"sgd", "adam"});
  return hp::sweep(grid, [](const hp::trial& t) {
    std::cout << t.index() << ": lr " << hp::get("opt.lr", 1.0) << ", " << hp::get("opt.name", "?") << "\n";
  });
}
}  // namespace readme

TEST_CASE("README: a grid of two axes run by hp::sweep", "[sweep][readme]") {
  hp_test::captured_output captured;
  const hp::sweep_result result = readme::lr_and_optimiser();
  CHECK(result.ok());
  CHECK(captured.out() == "0: lr 0.1, sgd\n1: lr 0.1, adam\n2: lr 0.01, sgd\n3: lr 0.01, adam\n");
}

TEST_CASE("hp::run --sweep: a trial that throws what is not a std::exception fails alone", "[sweep][cli]") {
  const hp_test::temp_dir dir;
  const hp_test::args args({"--sweep", "-D", "sweep_test.x=0,1,2", "--sweep-dir", dir.path("sweep")});
  std::vector<int> ran;
  hp_test::captured_output captured;
  const int code = hp::run(args.argc(), args.argv(), [&] {
    ran.push_back(sweep_x());
    if (sweep_x() == 1) throw 42;
  });
  CHECK(code == 3);
  CHECK(ran == std::vector<int>{0, 1, 2});
  CHECK(captured.err() ==
        "prog: trial 1 failed (status 1: an exception that is not a std::exception) with sweep_test.x=1\n"
        "prog: 1 of 3 trials failed: 1\n");
  CHECK(record(dir, 1).find("\"status\": 1,\n  \"error\": \"an exception that is not a std::exception\",") !=
        std::string::npos);
  CHECK(record(dir, 2).find("\"status\": 0,") != std::string::npos);
}

TEST_CASE("hp::run --sweep: a new sweep leaves no record of an older one in its directory", "[sweep][cli]") {
  const hp_test::temp_dir dir;
  const std::string sweep_dir = dir.path("sweep");
  CHECK(run_program({"--sweep", "-D", "sweep_test.x=1,2,3,4", "--sweep-dir", sweep_dir}).code == 0);
  const std::string other = dir.write("sweep/trial-7.json", "not a record");  // not the library's: kept
  const auto records = [&] {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(sweep_dir)) names.insert(e.path().filename().string());
    return names;
  };
  REQUIRE(records() == std::set<std::string>{"trial-0.json", "trial-1.json", "trial-2.json", "trial-3.json",
                                              "trial-7.json"});
  // --trial I of a smaller sweep: its own record, and none past the sweep's end.
  CHECK(run_program({"--sweep", "-D", "sweep_test.x=5,6", "--trial", "1", "--sweep-dir", sweep_dir}).code == 0);
  CHECK(records() == std::set<std::string>{"trial-0.json", "trial-1.json", "trial-7.json"});
  CHECK(record(dir, 1).find("\"sweep_test.x\": 6") != std::string::npos);
  // A whole sweep: only its own records.
  const sweep_run r = run_program({"--sweep", "-D", "sweep_test.x=7", "--sweep-dir", sweep_dir});
  CHECK(r.code == 0);
  CHECK(records() == std::set<std::string>{"trial-0.json", "trial-7.json"});
  CHECK(record(dir, 0).find("\"sweep_test.x\": 7") != std::string::npos);
  CHECK(hp_test::read_file(other) == "not a record");
}

TEST_CASE("hp::run --print-trials refuses a value with a line break: a trial is one line", "[sweep][cli]") {
  int calls = 0;
  const sweep_run r = run_program({"--sweep", "-D", "sweep_test.name=a\nb,c", "--print-trials"}, &calls);
  CHECK(r.code == 2);
  CHECK(calls == 0);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "prog: hp::usage_error: --print-trials: argument 'sweep_test.name=a\\nb,c' holds a line break, so a trial's "
        "command cannot be one line (run the sweep with --jobs, or in this process)\n");
}

TEST_CASE("hp::run --slurm-array quotes what sbatch splits and refuses line breaks", "[sweep][cli]") {
  const hp_test::temp_dir dir;
  const std::string spaced = dir.path("sp ace");
  std::filesystem::create_directories(spaced);
  const std::filesystem::path was = std::filesystem::current_path();
  std::filesystem::current_path(spaced);
  const sweep_run r = run_program({"--sweep", "-D", "sweep_test.x=1,2", "--sweep-dir", "out dir", "--slurm-array",
                                   "job.sh", "--slurm-option", "comment=a b \"c\" #1", "--slurm-option",
                                   "time=00:10:00", "--slurm-option", "exclusive"});
  const sweep_run broken = run_program({"--sweep", "-D", "sweep_test.x=1,2", "--slurm-array", "bad.sh",
                                        "--slurm-option", "comment=a\n#SBATCH --partition=other"});
  std::filesystem::current_path(was);
  INFO(r.err);
  CHECK(r.code == 0);
  const std::string text = hp_test::read_file(spaced + "/job.sh");
  CHECK(text.rfind("#!/bin/sh\n#SBATCH --job-name=prog\n#SBATCH --array=0-1\n#SBATCH --chdir=\"" + spaced +
                       "\"\n#SBATCH --output=\"out dir/trial-%a.out\"\n"
                       "#SBATCH --comment=\"a b \\\"c\\\" \\#1\"\n#SBATCH --time=00:10:00\n#SBATCH --exclusive\nexec ",
                   0) == 0);
  CHECK(text.find(" --sweep-dir 'out dir' --trial \"$SLURM_ARRAY_TASK_ID\"\n") != std::string::npos);

  CHECK(broken.code == 2);
  CHECK(broken.err ==
        "prog: hp::parse_error: argv[7]: --slurm-option 'comment=a\\n#SBATCH --partition=other' holds a line break, "
        "which an #SBATCH directive cannot\n");
  CHECK_FALSE(std::filesystem::exists(spaced + "/bad.sh"));
}
