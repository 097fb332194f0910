// hyperparameter: "did you mean" for keys nobody declared.
#pragma once

#include "../version.hpp"
#include "../detail/state.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>
#if HP_HAS_BODIES
#include <algorithm>
#endif

HP_NAMESPACE_BEGIN
namespace detail {

// Edits (insert, delete, substitute, swap two neighbours) from a to b.
HP_COMPILED std::size_t edit_distance(std::string_view a, std::string_view b) HP_BODY({
  const std::size_t n = b.size();
  std::vector<std::size_t> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= n; ++j) {
      const std::size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[n];
})

// Whether a and b differ at most in the case of ASCII letters.
HP_COMPILED bool same_but_case(std::string_view a, std::string_view b) HP_BODY({
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
})

// The known key closest to `wanted`, or "" when none is close: the same but
// for case (`A.LR` for `a.lr`), a few typos away (one per three characters,
// at least one), or `wanted` missing its prefix (`layers` for `dnn.layers`).
HP_COMPILED std::string closest_key(std::string_view wanted, const std::vector<std::string>& known) HP_BODY({
  for (const std::string& k : known)
    if (same_but_case(wanted, k)) return k;
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(1, wanted.size() / 3) + 1;
  for (const std::string& k : known) {
    const std::size_t d = edit_distance(wanted, k);
    if (d < best_distance) {
      best = k;
      best_distance = d;
    }
  }
  if (!best.empty()) return best;
  for (const std::string& k : known)
    if (k.size() > wanted.size() && k.compare(k.size() - wanted.size(), wanted.size(), wanted) == 0 &&
        k[k.size() - wanted.size() - 1] == '.')
      return k;
  return best;
})

}  // namespace detail
HP_NAMESPACE_END
