// Code written for upstream's hyperparameter.h, compiled with every warning as an error
// (C++17 and C++20): the macros expand in user code and must not warn there.
#include <hyperparameter/compat.hpp>

#include <cstdint>
#include <memory>
#include <string>

int main() {
  hyperparameter::Hyperparameter* params = hyperparameter::create();
  params->put("a", 2)->put("x.y.z", true)->put("name", "text")->put("ratio", 0.5);
  const double a = params->get("a", 1.0);
  const bool xyz = params->get("x.y.z", false);
  const std::string name = params->get("name", "none");
  const std::int64_t big = params->get<std::int64_t>(std::string("a"), 0);
  const int by_hash = params->get(KEYHASH(a), 0);
  const int unset = params->get(std::uint64_t{1}, 1);
  delete params;

  std::shared_ptr<hyperparameter::Hyperparameter> shared = hyperparameter::create_shared();
  shared->enter()->self()->exit();

  auto guard = WITH_PARAMS(a.b, false, A.B.C, "abc", a.true, 1.5, d, std::string("s"));
  const int ab = GET_PARAM(a.b, 1);
  const std::string abc = GET_PARAM(A.B.C, "123");
  const double t = GETPARAM(a.true, 0.0);
  constexpr std::uint64_t h = KEYHASH(a.b.c);
  static_assert(h == hyperparameter::xxh64::hash("a.b.c", 5), "upstream's hash");
  return (a == 2.0 && xyz && name == "text" && big == 2 && by_hash == 2 && unset == 1 && ab == 0 &&
          abc == "abc" && t == 1.5)
             ? 0
             : 1;
}
