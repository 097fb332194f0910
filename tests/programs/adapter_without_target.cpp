// A program that includes an adapter header but links only the core target and
// the third-party library, not the adapter's target: with separate compilation
// the adapter's parser is then compiled here, inline, and the program links
// and reads JSON (CTest json.without_its_target).
#include <hyperparameter/hp.hpp>
#include <hyperparameter/json.hpp>

#include <cstdio>

int main() {
  const hp::params p = hp::from_json(nlohmann::json::parse(R"({"a": {"b": 3}})"));
  const int b = p.get<int>("a.b");
  std::printf("a.b = %d\n", b);
  return b == 3 ? 0 : 1;
}
