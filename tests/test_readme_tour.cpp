// The API tour of README.md: every C++ block there is copied from this file
// (tests/docs/check_readme_snippets.cmake checks it), so the tour compiles and runs.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <string>
#include <thread>
#include <vector>

#include "scope_test_support.hpp"

using hp_test::clean_view;

namespace tour {
// tour: auto_param
std::string train(const std::string& data, int epochs, double lr) {
  return data + ": " + std::to_string(epochs) + " epochs at lr " + std::to_string(lr);
}
const auto trainer = hp::auto_param("train", train, hp::arg("epochs", 10).help("passes over the data"),
                                    hp::arg("lr", 0.01));

// tour: classes
struct encoder {
  encoder(int input_dim, int hidden, std::string norm) : input_dim(input_dim), hidden(hidden), norm(std::move(norm)) {}
  int input_dim, hidden;
  std::string norm;
};
const auto make_encoder = hp::auto_param<encoder>("encoder", hp::arg("hidden", 128), hp::arg("norm", "layer"));

// tour: declare
inline const auto batch_size = hp::declare("data.batch_size", 32).help("examples per step");
}  // namespace tour

TEST_CASE("tour: scopes", "[tour]") {
  clean_view clean;
  hp::with_scope config{{"model.hidden", 256}, {"model.activation", "gelu"}};
  {
    hp::with_scope ablation("model.hidden=64");  // a define: text, typed when read
    REQUIRE(hp::get<int>("model.hidden") == 64);
  }
  REQUIRE(hp::get<int>("model.hidden") == 256);  // rolled back
}

TEST_CASE("tour: reading", "[tour]") {
  clean_view clean;
  hp::with_scope s{{"lr", "3e-4"}, {"layers", "[64, 64, 32]"}};
  double lr = hp::get<double>("lr");                      // throws hp::missing_parameter if absent
  int warmup = hp::get("warmup", 100);                    // fallback when absent
  std::string opt = hp::get("optimizer", "adam");         // a const char* fallback reads as std::string
  std::optional<bool> amp = hp::find<bool>("amp");        // nullopt only when absent
  auto layers = hp::get<std::vector<int>>("layers");      // text "a,b" or "[a,b]" reads as a list
  hp::set("warmup", 500);                                 // into the innermost scope, undone with it

  using namespace hp::literals;
  constexpr hp::key hidden = "model.hidden"_hp;           // checked and hashed at compile time
  int h = hp::get(hidden, 128);
  REQUIRE((lr == 3e-4 && warmup == 100 && opt == "adam" && !amp && layers.size() == 3 && h == 128));
  REQUIRE(hp::get<int>("warmup") == 500);
}

TEST_CASE("tour: auto_param", "[tour]") {
  clean_view clean;
  REQUIRE(tour::trainer("mnist") == "mnist: 10 epochs at lr 0.010000");           // defaults
  hp::with_scope s{{"train.epochs", 3}};
  REQUIRE(tour::trainer("mnist") == "mnist: 3 epochs at lr 0.010000");            // the scope
  REQUIRE(tour::trainer("mnist", 1, 0.5) == "mnist: 1 epochs at lr 0.500000");    // direct arguments win
}

TEST_CASE("tour: classes", "[tour]") {
  clean_view clean;
  hp::with_scope s{{"encoder.hidden", 512}};
  tour::encoder e = tour::make_encoder(80);     // encoder(80, 512, "layer")
  tour::encoder f = tour::make_encoder(80, 64); // encoder(80, 64, "layer")
  REQUIRE((e.hidden == 512 && f.hidden == 64 && f.norm == "layer"));
}

TEST_CASE("tour: declare", "[tour]") {
  clean_view clean;
  hp::with_scope s("data.batch_size=64");
  int n = tour::batch_size();  // 64 here, 32 where nobody set it
  REQUIRE(n == 64);
}

TEST_CASE("tour: threads", "[tour]") {
  clean_view clean;
  hp::with_scope s{{"lr", 0.1}};
  auto step = hp::bind([] { return hp::get<double>("lr"); });  // captures the current frame
  std::thread worker([&] {
    REQUIRE_FALSE(hp::has("lr"));  // a new thread starts from the frozen base
    REQUIRE(step() == 0.1);        // a bound callable runs inside its frame
  });
  worker.join();
  hp::frame snapshot = hp::current();  // O(1), immutable, shareable across threads
  REQUIRE(snapshot.get<double>("lr") == 0.1);
}

TEST_CASE("tour: errors", "[tour]") {
  clean_view clean;
  hp::with_scope s("model.hidden=big");
  try {
    (void)hp::get<int>("model.hidden");
  } catch (const hp::conversion_error& e) {
    // hp::conversion_error: key 'model.hidden' = "big" is not a valid int
    //   (from define 'model.hidden=big'): not a whole decimal integer
    REQUIRE(e.key() == "model.hidden");
  }
  REQUIRE_THROWS_AS(hp::get<int>("model.hidden"), hp::conversion_error);
}
