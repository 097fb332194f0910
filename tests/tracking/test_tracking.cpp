// Experiment tracking: runs written in MLflow 2.x's file-store layout, checked
// file by file against what MLflow's FileStore writes (mlflow/store/tracking/file_store.py).
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>
#include <hyperparameter/tracking.hpp>

#include "../cli_test_support.hpp"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using hp::tracking::run;
using hp::tracking::run_status;

namespace {

std::string read(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  REQUIRE(file);
  std::ostringstream out;
  out << file.rdbuf();
  return out.str();
}

// A fresh store directory per test, removed afterwards.
struct temporary_store {
  fs::path path;
  temporary_store() {
    path = fs::temp_directory_path() / ("hp-tracking-" + hp::tracking::detail::uuid4_hex().substr(0, 12));
    fs::remove_all(path);
  }
  ~temporary_store() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  temporary_store(const temporary_store&) = delete;
  temporary_store& operator=(const temporary_store&) = delete;
};

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) out.insert(entry.path().filename().string());
  return out;
}

// Every file under `dir`, relative to it, as MLflow walks params/, metrics/, tags/.
std::set<std::string> files_under(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) out.insert(fs::relative(entry.path(), dir).string());
  return out;
}

// The number after "field: " in a meta.yaml, checked to lie in [low, high].
std::int64_t field_ms(const std::string& meta, const std::string& field, std::int64_t low, std::int64_t high) {
  const std::regex pattern("(^|\n)" + field + ": ([0-9]+)\n");
  std::smatch m;
  REQUIRE(std::regex_search(meta, m, pattern));
  const std::int64_t value = std::stoll(m[2].str());
  CHECK(value >= low);
  CHECK(value <= high);
  return value;
}

std::string run_meta(const run& r, const fs::path& root, const std::string& end_time, int status, bool created,
                     std::int64_t start) {
  const std::string uri = "file://" + root.string() + "/" + r.experiment_id() + "/" + r.id() + "/artifacts";
  return "artifact_uri: " + uri + "\n" + (created ? "deleted_time: null\n" : "") + "end_time: " + end_time +
         "\nentry_point_name: ''\nexperiment_id: '" + r.experiment_id() +
         "'\nlifecycle_stage: active\nrun_id: " + r.id() + "\nrun_name: " + r.name() + "\nrun_uuid: " + r.id() +
         "\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: " + std::to_string(start) +
         "\nstatus: " + std::to_string(status) + "\ntags: []\nuser_id: " + hp::tracking::detail::user_name() + "\n";
}

std::string shell_output(const char* command) {
  std::string out;
  if (FILE* pipe = ::popen(command, "r")) {
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    ::pclose(pipe);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

int status_of(const fs::path& run_dir) {
  const std::string meta = read(run_dir / "meta.yaml");
  std::smatch m;
  REQUIRE(std::regex_search(meta, m, std::regex("\nstatus: ([0-9])\n")));
  return std::stoi(m[1].str());
}

// The only run directory of the only experiment named `name`.
fs::path only_run(const fs::path& root, const std::string& name) {
  fs::path found;
  for (const auto& e : fs::directory_iterator(root)) {
    if (!e.is_directory() || e.path().filename().string()[0] == '.') continue;
    if (read(e.path() / "meta.yaml").find("\nname: " + name + "\n") == std::string::npos) continue;
    for (const auto& r : fs::directory_iterator(e.path()))
      if (r.is_directory()) {
        CHECK(found.empty());
        found = r.path();
      }
  }
  REQUIRE(!found.empty());
  return found;
}

}  // namespace

TEST_CASE("metric values are written as Python's repr(float)", "[tracking][format]") {
  using hp::tracking::detail::python_float;
  // Expected texts printed by Python 3's repr().
  const std::vector<std::pair<double, std::string>> cases = {
      {0.0, "0.0"}, {1.0, "1.0"}, {0.5, "0.5"}, {0.1, "0.1"}, {-2.5, "-2.5"}, {1e-4, "0.0001"},
      {1e-5, "1e-05"}, {1.5e-7, "1.5e-07"}, {123456789012345.0, "123456789012345.0"},
      {1e15, "1000000000000000.0"}, {1e16, "1e+16"}, {1.2345e17, "1.2345e+17"},
      {0.30000000000000004, "0.30000000000000004"}, {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"}, {100.0, "100.0"}, {0.001234, "0.001234"}};
  for (const auto& [value, text] : cases) CHECK(python_float(value) == text);
  CHECK(python_float(std::numeric_limits<double>::quiet_NaN()) == "nan");
  CHECK(python_float(-std::numeric_limits<double>::infinity()) == "-inf");
}

TEST_CASE("meta.yaml strings are quoted exactly where PyYAML quotes them", "[tracking][format]") {
  using hp::tracking::detail::yaml_string;
  // Expected texts printed by yaml.safe_dump({'k': s}, default_flow_style=False, allow_unicode=True).
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Default", "Default"}, {"sparse_lr", "sparse_lr"}, {"0", "'0'"}, {"123", "'123'"}, {"yes", "'yes'"},
      {"No", "'No'"}, {"1e5", "1e5"}, {"1.5", "'1.5'"}, {"a b", "a b"}, {"a: b", "'a: b'"}, {"a:b", "a:b"},
      {"#x", "'#x'"}, {"a #b", "'a #b'"}, {"-a", "-a"}, {"- a", "'- a'"}, {":a", ":a"}, {"it's", "it's"},
      {"", "''"}, {" x", "' x'"}, {"null", "'null'"}, {"~", "'~'"}, {"2024-01-02", "'2024-01-02'"},
      {"file:///tmp/a b", "file:///tmp/a b"}, {"trial-3", "trial-3"}, {"\xc3\xa9", "\xc3\xa9"},
      {"0x1F", "'0x1F'"}, {".5", "'.5'"}, {"=", "'='"}, {"[x]", "'[x]'"}, {"x,y", "x,y"}, {"07", "'07'"},
      {"08", "08"}, {"1_000", "'1_000'"}, {"12:30", "'12:30'"}};
  for (const auto& [text, yaml] : cases) CHECK(yaml_string(text) == yaml);
}

TEST_CASE("run ids are uuid4 hex, unique", "[tracking][ids]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = hp::tracking::detail::uuid4_hex();
    REQUIRE(std::regex_match(id, std::regex("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")));
    seen.insert(id);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("param, metric and tag names follow MLflow's rules", "[tracking][names]") {
  using hp::tracking::detail::check_name;
  for (const char* good : {"loss", "train/loss", "a b", "dnn.layers", "x-y_z.1", "a/b/c"}) CHECK_NOTHROW(check_name("metric", good));
  for (const char* bad : {"", "/a", "a/", "a//b", "a/./b", "a/../b", "..a", ".", "a:b", "caf\xc3\xa9", "a\\b"})
    CHECK_THROWS_AS(check_name("metric", bad), hp::error);
  CHECK_NOTHROW(check_name("param", std::string(250, 'k')));
  CHECK_THROWS_WITH(check_name("param", std::string(251, 'k')), Catch::Contains("longer than 250"));
  CHECK_THROWS_WITH(check_name("tag", "a//b"), Catch::Contains("tag name 'a//b'"));
}

TEST_CASE("a run writes MLflow's file-store tree, file by file", "[tracking][layout]") {
  temporary_store store;
  const fs::path root = fs::absolute(store.path);
  const std::int64_t before = hp::tracking::detail::now_ms();
  std::string id, experiment;
  std::int64_t start = 0;
  {
    run r(store.path.string(), "layout test", "trial-0");
    id = r.id();
    experiment = r.experiment_id();
    const fs::path dir = r.directory();
    CHECK(dir == root / experiment / id);
    CHECK(std::regex_match(experiment, std::regex("[1-9][0-9]{17}")));

    // The store: MLflow's default experiment, the trash folder and ours.
    CHECK(names_in(root) == std::set<std::string>{".trash", "0", experiment});
    const std::string default_meta = read(root / "0" / "meta.yaml");
    const std::int64_t created0 = field_ms(default_meta, "creation_time", before, hp::tracking::detail::now_ms());
    CHECK(default_meta == "artifact_location: file://" + root.string() + "/0\ncreation_time: " +
                              std::to_string(created0) + "\nexperiment_id: '0'\nlast_update_time: " +
                              std::to_string(created0) + "\nlifecycle_stage: active\nname: Default\n");
    const std::string experiment_meta = read(root / experiment / "meta.yaml");
    const std::int64_t created = field_ms(experiment_meta, "creation_time", before, hp::tracking::detail::now_ms());
    CHECK(experiment_meta == "artifact_location: file://" + root.string() + "/" + experiment +
                                 "\ncreation_time: " + std::to_string(created) + "\nexperiment_id: '" + experiment +
                                 "'\nlast_update_time: " + std::to_string(created) +
                                 "\nlifecycle_stage: active\nname: layout test\n");

    // A running run.
    CHECK(names_in(dir) == std::set<std::string>{"artifacts", "meta.yaml", "metrics", "params", "tags"});
    const std::string running = read(dir / "meta.yaml");
    start = field_ms(running, "start_time", before, hp::tracking::detail::now_ms());
    CHECK(running == run_meta(r, root, "null", 1, true, start));

    // What the run reads becomes its params; what it does not read does not.
    hp::with_scope scope{{"model.layers", 4}, {"model.act", "relu"}, {"model.unused", 1.5}};
    CHECK(hp::get<int>("model.layers") == 4);
    CHECK(hp::get<std::string>("model.act") == "relu");
    CHECK(hp::get("train.lr", 0.25) == 0.25);  // a default that was used
    CHECK(hp::get("train.lr", 0.25) == 0.25);
    r.log_param("data/path", "/tmp/x y");
    r.log_metric("loss", 0.5, 0);
    r.log_metric("loss", 0.25, 1);
    hp::tracking::log_metric("eval/acc", 1.0, 7);
    r.set_tag("note", "first try");
  }
  const std::int64_t after = hp::tracking::detail::now_ms();
  const fs::path dir = root / experiment / id;

  const std::string ended = read(dir / "meta.yaml");
  const std::int64_t end = field_ms(ended, "end_time", start, after);
  CHECK(ended.find("deleted_time") == std::string::npos);  // MLflow's update leaves it out
  CHECK(ended.find("\nstatus: 3\n") != std::string::npos);
  CHECK(names_in(dir) == std::set<std::string>{"artifacts", "meta.yaml", "metrics", "params", "tags"});

  CHECK(files_under(dir / "params") ==
        std::set<std::string>{"model.layers", "model.act", "train.lr", "data/path"});
  CHECK(read(dir / "params" / "model.layers") == "4");
  CHECK(read(dir / "params" / "model.act") == "relu");
  CHECK(read(dir / "params" / "train.lr") == "0.25");
  CHECK(read(dir / "params" / "data" / "path") == "/tmp/x y");

  CHECK(files_under(dir / "metrics") == std::set<std::string>{"loss", "eval/acc"});
  const std::regex line("([0-9]+) (\\S+) (-?[0-9]+)\n");
  const std::string loss = read(dir / "metrics" / "loss");
  std::vector<std::string> values, steps;
  for (std::sregex_iterator it(loss.begin(), loss.end(), line), last; it != last; ++it) {
    const std::int64_t ts = std::stoll((*it)[1].str());
    CHECK(ts >= start);
    CHECK(ts <= end);
    values.push_back((*it)[2].str());
    steps.push_back((*it)[3].str());
  }
  CHECK(values == std::vector<std::string>{"0.5", "0.25"});
  CHECK(steps == std::vector<std::string>{"0", "1"});
  CHECK(std::regex_match(loss, std::regex("[0-9]+ 0\\.5 0\n[0-9]+ 0\\.25 1\n")));
  CHECK(std::regex_match(read(dir / "metrics" / "eval" / "acc"), std::regex("[0-9]+ 1\\.0 7\n")));

  const std::string commit = shell_output("git rev-parse HEAD 2>/dev/null");
  std::set<std::string> tags{"mlflow.runName", "mlflow.source.name", "mlflow.source.type", "mlflow.user",
                             "host", "command", "note"};
  if (commit.size() == 40) tags.insert("mlflow.source.git.commit");
  CHECK(files_under(dir / "tags") == tags);
  CHECK(read(dir / "tags" / "mlflow.runName") == "trial-0");
  CHECK(read(dir / "tags" / "mlflow.source.type") == "LOCAL");
  CHECK(read(dir / "tags" / "mlflow.user") == hp::tracking::detail::user_name());
  CHECK(read(dir / "tags" / "note") == "first try");
  const std::vector<std::string> argv = hp::tracking::detail::process_arguments();
  REQUIRE(!argv.empty());
  CHECK(read(dir / "tags" / "mlflow.source.name") == argv.front());
  CHECK(read(dir / "tags" / "command").rfind(argv.front(), 0) == 0);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  CHECK(read(dir / "tags" / "host") == host);
  if (commit.size() == 40) CHECK(read(dir / "tags" / "mlflow.source.git.commit") == commit);

  // The run's full meta.yaml once it ended.
  const std::string expected_prefix = "artifact_uri: file://" + root.string() + "/" + experiment + "/" + id +
                                      "/artifacts\nend_time: " + std::to_string(end) + "\nentry_point_name: ''\n";
  CHECK(ended.rfind(expected_prefix, 0) == 0);
  CHECK(ended.substr(expected_prefix.size()) ==
        "experiment_id: '" + experiment + "'\nlifecycle_stage: active\nrun_id: " + id + "\nrun_name: trial-0\nrun_uuid: " +
            id + "\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: " + std::to_string(start) +
            "\nstatus: 3\ntags: []\nuser_id: " + hp::tracking::detail::user_name() + "\n");

  // A second run of the same experiment reuses it.
  run again(store.path.string(), "layout test");
  CHECK(again.experiment_id() == experiment);
  CHECK(again.name() == "run-" + again.id().substr(0, 8));
  CHECK(names_in(root).size() == 3);
}

TEST_CASE("a run ends FAILED when an exception leaves it, and as told by end()", "[tracking][status]") {
  temporary_store store;
  fs::path failed, killed, in_destructor;
  try {
    run r(store.path.string(), "status");
    failed = r.directory();
    throw std::runtime_error("diverged");
  } catch (const std::runtime_error&) {
  }
  CHECK(status_of(failed) == 4);
  {
    run r(store.path.string(), "status");
    killed = r.directory();
    r.end(run_status::killed);
    r.end(run_status::finished);  // ended once only
  }
  CHECK(status_of(killed) == 5);
  // A run opened while an exception is already in flight still ends FINISHED on a normal exit.
  struct opens_run_in_destructor {
    const fs::path& root;
    fs::path& dir;
    ~opens_run_in_destructor() {
      run r(root.string(), "status");
      dir = r.directory();
    }
  };
  try {
    opens_run_in_destructor guard{store.path, in_destructor};
    throw std::runtime_error("unwinding");
  } catch (const std::runtime_error&) {
  }
  CHECK(status_of(in_destructor) == 3);
}

TEST_CASE("SIGTERM and SIGINT end open runs KILLED, then take their course", "[tracking][signals]") {
  for (const int sig : {SIGTERM, SIGINT}) {
    temporary_store store;
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::signal(SIGTERM, SIG_DFL);  // as in a program: the test framework's own handlers are not the point here
      ::signal(SIGINT, SIG_DFL);
      {
        run r(store.path.string(), "signals");
        hp::with_scope scope{{"x", 1}};
        (void)hp::get<int>("x");
        ::raise(sig);
      }
      ::_exit(0);  // not reached: the signal ends the process
    }
    int wait_status = 0;
    REQUIRE(::waitpid(child, &wait_status, 0) == child);
    CHECK(WIFSIGNALED(wait_status));
    CHECK(WTERMSIG(wait_status) == sig);
    const fs::path dir = only_run(fs::absolute(store.path), "signals");
    const std::string meta = read(dir / "meta.yaml");
    CHECK(status_of(dir) == 5);
    const std::int64_t start = field_ms(meta, "start_time", 0, hp::tracking::detail::now_ms());
    field_ms(meta, "end_time", start, hp::tracking::detail::now_ms());
    CHECK(meta.find("deleted_time") == std::string::npos);
    CHECK(!fs::exists(dir / "meta.yaml.killed"));
  }
}

TEST_CASE("runs on concurrent threads get distinct ids and each its own params", "[tracking][concurrency]") {
  temporary_store store;
  constexpr int threads = 8;
  std::vector<std::string> dirs(threads);
  std::atomic<int> opened{0};
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i)
    workers.emplace_back([&, i] {
      run r(store.path.string(), "threads", "trial-" + std::to_string(i));
      dirs[static_cast<std::size_t>(i)] = r.directory().string();
      ++opened;
      while (opened.load() < threads) std::this_thread::yield();  // all open while each reads
      hp::with_scope trial{{"trial.index", i}};
      for (int k = 0; k < 50; ++k) (void)hp::get<int>("trial.index");
      r.log_metric("score", i);
    });
  for (auto& w : workers) w.join();
  const fs::path root = fs::absolute(store.path);
  CHECK(names_in(root).size() == 3);  // .trash, 0 and one experiment
  std::set<std::string> unique(dirs.begin(), dirs.end());
  CHECK(unique.size() == threads);
  for (int i = 0; i < threads; ++i) {
    const fs::path dir = dirs[static_cast<std::size_t>(i)];
    CHECK(files_under(dir / "params") == std::set<std::string>{"trial.index"});
    CHECK(read(dir / "params" / "trial.index") == std::to_string(i));
    CHECK(status_of(dir) == 3);
  }
}

TEST_CASE("processes starting at once create one experiment", "[tracking][concurrency]") {
  temporary_store store;
  constexpr int processes = 6;
  std::vector<pid_t> children;
  for (int i = 0; i < processes; ++i) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      int code = 0;
      try {
        run r(store.path.string(), "sweep", "trial-" + std::to_string(i));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "process %d: %s\n", i, e.what());
        code = 1;
      }
      ::_exit(code);
    }
    children.push_back(child);
  }
  for (const pid_t child : children) {
    int wait_status = 0;
    REQUIRE(::waitpid(child, &wait_status, 0) == child);
    CHECK(WIFEXITED(wait_status));
    CHECK(WEXITSTATUS(wait_status) == 0);
  }
  const fs::path root = fs::absolute(store.path);
  const std::set<std::string> top = names_in(root);
  CHECK(top.size() == 3);
  for (const std::string& name : top) CHECK(name.rfind(".tmp-", 0) == std::string::npos);
  std::size_t runs = 0;
  for (const std::string& name : top) {
    if (name == ".trash" || name == "0") continue;
    CHECK(read(root / name / "meta.yaml").find("\nname: sweep\n") != std::string::npos);
    for (const auto& e : fs::directory_iterator(root / name)) runs += e.is_directory() ? 1 : 0;
  }
  CHECK(runs == processes);
}

TEST_CASE("params never change, and values MLflow refuses are errors", "[tracking][params]") {
  temporary_store store;
  run r(store.path.string(), "params");
  r.log_param("seed", 7);
  CHECK_NOTHROW(r.log_param("seed", 7));
  CHECK_THROWS_WITH(r.log_param("seed", 8), Catch::Contains("param 'seed' was logged as '7'"));
  CHECK_NOTHROW(r.log_param("long", std::string(6000, 'x')));
  CHECK_THROWS_WITH(r.log_param("longer", std::string(6001, 'x')), Catch::Contains("at most 6000"));
  CHECK_THROWS_AS(r.set_tag("t", std::string(5001, 'x')), hp::error);
  CHECK_THROWS_AS(r.log_metric("bad:name", 1.0), hp::error);
  r.log_param("layers", std::vector<int>{64, 32});
  CHECK(read(r.directory() / "params" / "layers") == "[64, 32]");
  CHECK(!fs::exists(r.directory() / "params" / "longer"));
}

TEST_CASE("a param logged and then read with another value fails the run, not the record", "[tracking][params]") {
  temporary_store store;
  fs::path same, differs;
  std::string message;
  {
    run r(store.path.string(), "same");
    r.log_param("tr.seed", 7);
    hp::with_scope s{{"tr.seed", 7}};
    CHECK(hp::get("tr.seed", 0) == 7);
    CHECK_NOTHROW(r.end());
    same = r.directory();
  }
  {
    run r(store.path.string(), "differs");
    r.log_param("tr.seed", 7);
    hp::with_scope s{{"tr.seed", 8}};
    CHECK(hp::get("tr.seed", 0) == 8);
    try {
      r.end();
    } catch (const hp::error& e) {
      message = e.what();
    }
    differs = r.directory();
  }
  CHECK(status_of(same) == 3);
  CHECK(read(same / "params" / "tr.seed") == "7");
  // The record must not say 7 for a run that read 8.
  CHECK_THAT(message, Catch::Contains("param 'tr.seed' was logged as '7' and cannot change to '8'"));
  CHECK(status_of(differs) == 4);
  CHECK(read(differs / "params" / "tr.seed") == "7");
}

TEST_CASE("metrics need an open run; reads are tracked only while one is open", "[tracking][current]") {
  CHECK_THROWS_WITH(hp::tracking::log_metric("loss", 1.0), Catch::Contains("no run is open"));
  const bool was = hp::tracking_operative_config();
  {
    temporary_store store;
    run r(store.path.string(), "current");
    CHECK(hp::tracking_operative_config());
    CHECK(&hp::tracking::current_run() == &r);
    // A thread that did not open it logs to the only open run.
    std::thread([] { hp::tracking::log_metric("from_thread", 2.0, 1); }).join();
    CHECK(fs::exists(r.directory() / "metrics" / "from_thread"));
  }
  CHECK(hp::tracking_operative_config() == was);
}

TEST_CASE("hp::run --track DIR records the program's run", "[tracking][run]") {
  temporary_store store;
  const std::string dir = store.path.string();
  std::vector<const char*> argv{"trainer", "--track", dir.c_str(), "-D", "model.depth=3"};
  const int code = hp::run(static_cast<int>(argv.size()), argv.data(),
                           [] { hp::tracking::log_metric("loss", hp::get<int>("model.depth") * 0.5, 2); });
  CHECK(code == 0);
  const fs::path root = fs::absolute(store.path);
  const fs::path finished = only_run(root, "trainer");
  CHECK(status_of(finished) == 3);
  CHECK(files_under(finished / "params") == std::set<std::string>{"model.depth"});
  CHECK(read(finished / "params" / "model.depth") == "3");
  CHECK(std::regex_match(read(finished / "metrics" / "loss"), std::regex("[0-9]+ 1\\.5 2\n")));
  CHECK(read(finished / "tags" / "mlflow.runName") == "run-" + finished.filename().string().substr(0, 8));

  // A non-zero exit code or an error leaving the program: FAILED.
  for (const bool throws : {false, true}) {
    temporary_store failing;
    const std::string option = "--track=" + failing.path.string();
    std::vector<const char*> args{"trainer", option.c_str()};
    const int result = hp::run(static_cast<int>(args.size()), args.data(), [throws] {
      if (throws) throw hp::error("hp::error: diverged");
      return 1;
    });
    CHECK(result == (throws ? 2 : 1));
    CHECK(status_of(only_run(fs::absolute(failing.path), "trainer")) == 4);
  }

  // A store that cannot be created stops the program before it runs.
  bool ran = false;
  std::vector<const char*> bad{"trainer", "--track", "/proc/hp-no-such-store"};
  CHECK(hp::run(static_cast<int>(bad.size()), bad.data(), [&ran] { ran = true; }) == 2);
  CHECK_FALSE(ran);
}

namespace {

// The runs of the experiment `name`, by run name.
std::map<std::string, fs::path> runs_by_name(const fs::path& root, const std::string& name) {
  std::map<std::string, fs::path> out;
  for (const auto& e : fs::directory_iterator(root)) {
    if (!e.is_directory() || e.path().filename().string()[0] == '.') continue;
    if (read(e.path() / "meta.yaml").find("\nname: " + name + "\n") == std::string::npos) continue;
    for (const auto& r : fs::directory_iterator(e.path()))
      if (r.is_directory()) out[read(r.path() / "tags" / "mlflow.runName")] = r.path();
  }
  return out;
}

// Standard output swallowed while alive (a sweep prints a line per trial).
// Runs hp::run over `words`; what it wrote to std::cerr goes to `err` when given.
int run_program(std::vector<std::string> words, int (*fn)(), std::string* err = nullptr) {
  std::vector<const char*> argv;
  for (const std::string& w : words) argv.push_back(w.c_str());
  const hp_test::captured_output captured;
  const int code = hp::run(static_cast<int>(argv.size()), argv.data(), fn);
  if (err != nullptr) *err = captured.err();
  return code;
}

}  // namespace

TEST_CASE("hp::run --track with --sweep: every trial is a run of its own in the one experiment",
          "[tracking][run][sweep]") {
  temporary_store store, records;
  const fs::path root = fs::absolute(store.path);
  const auto trial = []() -> int {
    const int depth = hp::get<int>("model.depth");
    hp::tracking::log_metric("loss", depth * 0.5, 0);
    if (depth == 3) throw std::runtime_error("diverged");
    return depth == 2 ? 4 : 0;
  };
  const int code = run_program({"trainer", "--track", store.path.string(), "--sweep", "-D", "model.depth=1,2,3",
                                "-D", "model.width=8", "--sweep-dir", records.path.string()},
                               trial);
  CHECK(code == 3);
  const std::map<std::string, fs::path> runs = runs_by_name(root, "trainer");
  REQUIRE(runs.size() == 3);
  for (int i = 0; i < 3; ++i) {
    const std::string name = "trial-" + std::to_string(i);
    REQUIRE(runs.count(name) == 1);
    const fs::path dir = runs.at(name);
    // Its params are what this trial read, its status how this trial ended.
    CHECK(files_under(dir / "params") == std::set<std::string>{"model.depth"});
    CHECK(read(dir / "params" / "model.depth") == std::to_string(i + 1));
    CHECK(std::regex_match(read(dir / "metrics" / "loss"), std::regex("[0-9]+ " + hp::tracking::detail::python_float((i + 1) * 0.5) + " 0\n")));
    CHECK(status_of(dir) == (i == 0 ? 3 : 4));
    const std::string meta = read(dir / "meta.yaml");
    CHECK(meta.find("\nrun_name: " + name + "\n") != std::string::npos);
    field_ms(meta, "end_time", 0, hp::tracking::detail::now_ms());
  }

  // --trial I: that trial's run alone.
  temporary_store alone;
  CHECK(run_program({"trainer", "--track=" + alone.path.string(), "--sweep", "-D", "model.depth=1,2,3", "--trial",
                     "1", "--sweep-dir", records.path.string()},
                    trial) == 3);
  const std::map<std::string, fs::path> one = runs_by_name(fs::absolute(alone.path), "trainer");
  REQUIRE(one.size() == 1);
  CHECK(one.begin()->first == "trial-1");
  CHECK(read(one.begin()->second / "params" / "model.depth") == "2");
  CHECK(status_of(one.begin()->second) == 4);

  // A store that cannot be created stops the sweep once, before any trial runs (exit 2, not 3).
  static int trials_run = 0;
  std::string err;
  CHECK(run_program({"trainer", "--track", "/proc/hp-no-such-store", "--sweep", "-D", "model.depth=1,2,3",
                     "--sweep-dir", records.path.string()},
                    [] {
                      ++trials_run;
                      return 0;
                    },
                    &err) == 2);
  CHECK(trials_run == 0);
  CHECK_THAT(err, Catch::Matchers::Contains("/proc/hp-no-such-store"));
  CHECK(err.find("trial") == std::string::npos);  // said once, of the store, not of a trial
}

TEST_CASE("an exception nothing catches still ends the --track run FAILED first", "[tracking][run]") {
  temporary_store store;
  static std::string store_dir;
  store_dir = store.path.string();
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::signal(SIGABRT, SIG_DFL);
    // A thread's start routine has no handler above it: the exception ends the
    // process (std::terminate) without unwinding hp::run, as it would from main.
    pthread_t thread;
    ::pthread_create(
        &thread, nullptr,
        [](void*) -> void* {
          std::vector<const char*> argv{"trainer", "--track", store_dir.c_str()};
          hp::run(static_cast<int>(argv.size()), argv.data(), [] {
            (void)hp::get("model.depth", 2);
            throw std::runtime_error("diverged");
          });
          return nullptr;
        },
        nullptr);
    ::pthread_join(thread, nullptr);
    ::_exit(0);
  }
  int wait_status = 0;
  REQUIRE(::waitpid(child, &wait_status, 0) == child);
  CHECK(WIFSIGNALED(wait_status));  // the exception went on: std::terminate
  CHECK(WTERMSIG(wait_status) == SIGABRT);
  const fs::path dir = only_run(fs::absolute(store.path), "trainer");
  CHECK(status_of(dir) == 4);
  const std::string meta = read(dir / "meta.yaml");
  const std::int64_t start = field_ms(meta, "start_time", 0, hp::tracking::detail::now_ms());
  field_ms(meta, "end_time", start, hp::tracking::detail::now_ms());
  CHECK(read(dir / "params" / "model.depth") == "2");
}

TEST_CASE("hp::run --track refuses a parameter name MLflow cannot take before the program runs", "[tracking][run][names]") {
  // Given on the command line: refused before the program runs, no run recorded.
  {
    temporary_store store;
    bool ran = false;
    static bool* ran_at = nullptr;
    ran_at = &ran;
    const int code = run_program({"trainer", "--track", store.path.string(), "-D", "t.\xe4\xb8\xad\xe6\x96\x87=1"},
                                 [] { return *ran_at = true, 0; });
    CHECK(code == 2);
    CHECK_FALSE(ran);
    CHECK_FALSE(fs::exists(store.path));
  }
  // Declared (here in a child process, so that this program's other runs are unaffected).
  {
    temporary_store store;
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      const auto declared = hp::declare("t.\xe4\xb8\xad\xe6\x96\x87", 1);
      std::vector<const char*> argv{"trainer", "--track", store.path.c_str()};
      static bool ran = false;
      const int code = hp::run(static_cast<int>(argv.size()), argv.data(), [] { ran = true; });
      ::_exit(ran ? 100 : code);
    }
    int wait_status = 0;
    REQUIRE(::waitpid(child, &wait_status, 0) == child);
    CHECK(WIFEXITED(wait_status));
    CHECK(WEXITSTATUS(wait_status) == 2);
    CHECK_FALSE(fs::exists(store.path));
  }
  // Read without being declared or given: found when the run ends, which then
  // says FAILED, as the exit code does.
  {
    temporary_store store;
    const int code = run_program({"trainer", "--track", store.path.string()},
                                 [] { return hp::get("t.\xe4\xb8\xad\xe6\x96\x87", 1) - 1; });
    CHECK(code == 2);
    CHECK(status_of(only_run(fs::absolute(store.path), "trainer")) == 4);
  }
}
