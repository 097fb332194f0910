// A user's extension module as the tests need one: C++ code that reads the
// scopes Python opened, opens its own around a Python callback, and throws
// each of the library's errors.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <hyperparameter/hp.hpp>
#include <hyperparameter/sweep.hpp>

namespace py = pybind11;

namespace {
// Declared in C++: Python's hp.get("ext.declared_ratio") without a default reads it as a double.
const auto declared_ratio = hp::declare("ext.declared_ratio", 0.5).help("a double declared by the extension");
}  // namespace

PYBIND11_MODULE(hp_test_ext, m) {
  m.def("get_int", [](const std::string& key, std::int64_t fallback) { return hp::get(key, fallback); });
  m.def("get_text", [](const std::string& key, const std::string& fallback) { return hp::get(key, fallback); });
  m.def("get_double", [](const std::string& key) { return hp::get<double>(key); });
  m.def("declared_ratio", [] { return declared_ratio(); });

  // Reads `key` on `threads` C++ threads, each inside the caller's frame, while
  // this thread keeps the GIL: a read that needed the GIL would never return.
  m.def("get_int_on_threads", [](const std::string& key, std::int64_t fallback, int threads) {
    std::vector<std::int64_t> seen(static_cast<std::size_t>(threads), -1);
    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i)
      workers.emplace_back(hp::bind([&seen, i, &key, fallback] {
        seen[static_cast<std::size_t>(i)] = hp::get(key, fallback);
      }));
    for (std::thread& t : workers) t.join();
    return seen;
  });
  // The same read on fresh C++ threads without a frame: they start from the frozen base.
  m.def("get_int_on_fresh_thread", [](const std::string& key, std::int64_t fallback) {
    std::int64_t seen = -1;
    std::thread([&] { seen = hp::get(key, fallback); }).join();
    return seen;
  });

  // A C++ scope around a Python callback: what Python reads inside it.
  m.def("with_scope_call", [](const std::vector<std::string>& defines, const py::function& callback) {
    hp::with_scope scope(defines);
    return callback();
  });

  m.def("throw_error", [](const std::string& which) {
    if (which == "invalid_key") (void)hp::get<int>("bad key");
    if (which == "missing_parameter") (void)hp::get<int>("ext.nobody.set.this");
    if (which == "conversion_error") {
      hp::with_scope s("ext.layers=four");
      (void)hp::get<int>("ext.layers");
    }
    if (which == "parse_error") (void)hp::parse_define("=3");
    if (which == "unknown_parameter") {
      const char* argv[] = {"prog", "-D", "ext.declared_rati=2"};
      (void)hp::parse_cli(3, argv);
    }
    if (which == "declaration_conflict") throw hp::declaration_conflict("ext.twice", "parameter 'ext.twice' is declared twice");
    if (which == "hash_collision") throw hp::hash_collision("ext.a", "ext.b");
    if (which == "usage_error") (void)hp::sweep(hp::grid(), [] {}, 0);
    if (which == "error") throw hp::error("hp::error: thrown by the extension");
    if (which == "std") throw std::runtime_error("a std::runtime_error from the extension");
  });
}
