// Nested scopes override their parents and roll back when they close.
#include <hyperparameter/hp.hpp>

#include <iostream>

int main() {
  hp::with_scope outer{{"a", 1}, {"b", "outer"}};
  std::cout << "outer a=" << hp::get<int>("a") << " b=" << hp::get<std::string>("b") << "\n";
  {
    hp::with_scope inner{{"a", 2}};
    std::cout << "inner a=" << hp::get<int>("a") << " b=" << hp::get<std::string>("b") << "\n";
    {
      hp::with_scope innermost("b=innermost");  // a define: text, typed when read
      hp::set("c", 3.5);                        // into the innermost scope only
      std::cout << "innermost a=" << hp::get<int>("a") << " b=" << hp::get<std::string>("b")
                << " c=" << hp::get<double>("c") << "\n";
    }
    std::cout << "back in inner: c is " << (hp::has("c") ? "set" : "gone") << "\n";
  }
  std::cout << "outer again a=" << hp::get<int>("a") << " b=" << hp::get<std::string>("b") << "\n";

  // A frame is an immutable snapshot of the current view.
  const hp::frame snapshot = hp::current();
  for (const auto& [key, value] : snapshot) std::cout << "  " << key << " = " << value.describe() << "\n";
}
