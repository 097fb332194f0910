// Helpers for the config and command-line tests: temporary files, argv
// arrays and captured standard output and error.
#pragma once

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <hyperparameter/hp.hpp>

namespace hp_test {

// A fresh directory under the system temp dir, removed with everything in it.
class temp_dir {
 public:
  temp_dir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("hp-test-" + std::to_string(random()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  // Writes `text` to `name` inside the directory; returns its full path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = path_ / name;
    std::ofstream out(file, std::ios::binary);
    out << text;
    return file.string();
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// argv for hp::parse_cli and hp::run; argv[0] is "prog".
class args {
 public:
  args(std::initializer_list<std::string> list) : strings_{"prog"} {
    strings_.insert(strings_.end(), list.begin(), list.end());
    for (const std::string& s : strings_) pointers_.push_back(s.c_str());
    pointers_.push_back(nullptr);
  }
  int argc() const { return static_cast<int>(strings_.size()); }
  const char* const* argv() const { return pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<const char*> pointers_;
};

// Captures std::cout and std::cerr while alive.
class captured_output {
 public:
  captured_output() : old_out_(std::cout.rdbuf(out_.rdbuf())), old_err_(std::cerr.rdbuf(err_.rdbuf())) {}
  ~captured_output() {
    std::cout.rdbuf(old_out_);
    std::cerr.rdbuf(old_err_);
  }
  captured_output(const captured_output&) = delete;
  captured_output& operator=(const captured_output&) = delete;

  std::string out() const { return out_.str(); }
  std::string err() const { return err_.str(); }

 private:
  std::ostringstream out_, err_;
  std::streambuf* old_out_;
  std::streambuf* old_err_;
};

// What one hp::run gave: its exit code, its output and whether fn ran.
struct run_result {
  int code;
  std::string out, err;
  bool ran;
};

// Runs hp::run over `a` with a function taking no arguments.
template <class Fn>
run_result run_with(const args& a, Fn fn) {
  captured_output captured;
  bool ran = false;
  const int code = hp::run(a.argc(), a.argv(), [&] {
    ran = true;
    return fn();
  });
  return {code, captured.out(), captured.err(), ran};
}
inline run_result run_with(const args& a) {
  return run_with(a, [] { return 0; });
}

// The keys of `p`, in its order.
inline std::vector<std::string> keys_of(const hp::params& p) {
  std::vector<std::string> keys;
  for (const auto& [key, v] : p) keys.push_back(key);
  return keys;
}

// The error hp::load_config(path) throws; fails the test when it throws none.
template <class Error>
Error thrown_by(const std::string& path) {
  try {
    (void)hp::load_config(path);
  } catch (const Error& e) {
    return e;
  }
  throw std::runtime_error("no error loading " + path);
}

// A missing file and a directory (unreadable as a file, even by root) with
// this extension: each an hp::error naming the path.
inline void check_unloadable_paths(const temp_dir& dir, const std::string& extension) {
  const std::string missing = dir.path("missing" + extension);
  CHECK_THROWS_WITH(hp::load_config(missing), "hp::io_error: cannot load config '" + missing + "': no such file");
  const std::string folder = dir.path("folder" + extension);
  std::filesystem::create_directory(folder);
  CHECK_THROWS_WITH(hp::load_config(folder),
                    "hp::io_error: cannot load config '" + folder + "': it is a directory, not a file");
}

}  // namespace hp_test
