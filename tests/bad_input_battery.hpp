// A table of bad inputs: each must throw the given hp:: error type, with a
// message that names the input and its source, and leave the scope stack as
// it was.
#pragma once

#include <catch2/catch.hpp>
#include <hyperparameter/hp.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace hp_test {

struct bad_input {
  std::string what;                                  // the case, for the report
  std::function<void()> act;                         // must throw
  std::function<bool(const hp::error&)> has_type;    // the expected hp:: error type
  std::vector<std::string> mentions;                 // the input and its source, as the message shows them
};

template <class E>
std::function<bool(const hp::error&)> type() {
  return [](const hp::error& e) {
    if constexpr (std::is_same_v<E, hp::error>) return static_cast<void>(e), true;
    else return dynamic_cast<const E*>(&e) != nullptr;
  };
}

// Whether `text` is valid UTF-8 (a message quotes hostile bytes escaped).
inline bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = hp::detail::utf8_character_length(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// Runs every case inside a sentinel scope and checks the stack after each.
inline void check_battery(const std::vector<bad_input>& cases) {
  hp::with_scope sentinel{{"battery.sentinel", 1}};
  const std::size_t visible = hp::current().size();
  for (const bad_input& c : cases) {
    INFO("case: " << c.what);
    bool threw = false;
    try {
      c.act();
    } catch (const hp::error& e) {
      threw = true;
      INFO("message: " << e.what());
      CHECK(c.has_type(e));
      CHECK_THAT(e.what(), Catch::Matchers::StartsWith("hp::"));
      CHECK(valid_utf8(e.what()));
      for (const std::string& m : c.mentions) CHECK_THAT(e.what(), Catch::Matchers::Contains(m));
    }
    CHECK(threw);
    CHECK(hp::current().size() == visible);
    CHECK_FALSE(hp::has("ok.first"));
    CHECK(hp::get<int>("battery.sentinel") == 1);
  }
}

}  // namespace hp_test
