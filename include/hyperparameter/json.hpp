// hyperparameter: JSON config files, through nlohmann/json.
//
// The only header that names nlohmann/json. Including it anywhere in a
// program lets hp::load_config read .json files. Files are read with the
// SAX interface so keys keep document order, each key gets its line, and a
// key given twice in one object (which nlohmann accepts) is rejected.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "version.hpp"
#include "config.hpp"
#include "detail/state.hpp"
#include "params.hpp"

#if defined(HP_ADAPTER_JSON)
#define HP_ADAPTER_LINKED 1
#else
#define HP_ADAPTER_LINKED 0
#endif
#include "detail/adapter_mode.hpp"

#if HP_ADAPTER_HAS_BODIES
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <utility>
#include <vector>

#include "detail/limits.hpp"
#include "value.hpp"
#endif

HP_NAMESPACE_BEGIN

namespace detail {

#if HP_ADAPTER_HAS_BODIES

// A char iterator that counts the newlines nlohmann has consumed so far.
class newline_counting_iterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  newline_counting_iterator(const char* at, std::size_t* newlines) : at_(at), newlines_(newlines) {}
  reference operator*() const { return *at_; }
  newline_counting_iterator& operator++() {
    if (*at_ == '\n') ++*newlines_;
    ++at_;
    return *this;
  }
  newline_counting_iterator operator++(int) {
    newline_counting_iterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const newline_counting_iterator& a, const newline_counting_iterator& b) {
    return a.at_ == b.at_;
  }
  friend bool operator!=(const newline_counting_iterator& a, const newline_counting_iterator& b) {
    return a.at_ != b.at_;
  }

 private:
  const char* at_;
  std::size_t* newlines_;
};

// hp::value holds an integer as int64.
inline constexpr const char* json_integer_range =
    " is out of range (smallest: -9223372036854775808, largest: 9223372036854775807)";

// Why an unsigned JSON integer cannot be a parameter (hp::value holds int64), or null.
inline const char* json_unsigned_out_of_range(std::uint64_t u) {
  if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return nullptr;
  return json_integer_range;
}

// Flattens the document into a config_builder while nlohmann parses it.
class json_flattener final : public nlohmann::json::json_sax_t {
 public:
  json_flattener(config_builder& out, const std::string& text, const std::size_t& newlines)
      : out_(out), text_(text), newlines_(newlines) {}

  bool null() override { return scalar(value()); }
  bool boolean(bool b) override { return scalar(value(b)); }
  bool number_integer(number_integer_t i) override { return scalar(value(static_cast<std::int64_t>(i))); }
  bool number_unsigned(number_unsigned_t u) override {
    if (const char* why = json_unsigned_out_of_range(u)) integer_out_of_range(std::to_string(u), why);
    return scalar(value(static_cast<std::int64_t>(u)));
  }
  bool number_float(number_float_t d, const string_t& text) override {
    // nlohmann reads an integer beyond int64 and uint64 as a double: never round it silently.
    if (text.find_first_of(".eE") == string_t::npos) integer_out_of_range(text, json_integer_range);
    return scalar(value(static_cast<double>(d)));
  }
  bool string(string_t& s) override { return scalar(value(std::move(s))); }
  bool binary(binary_t&) override { fail("binary values are not supported"); }

  bool start_object(std::size_t) override {
    check_depth();
    if (!lists_.empty()) fail("an object inside a list is not supported (key '" + full_key() + "')");
    prefixes_.push_back(prefixes_.empty() ? std::string() : full_key());
    return true;
  }
  bool key(string_t& k) override {
    key_ = std::move(k);
    key_line_ = newlines_ + 1;
    return true;
  }
  bool end_object() override {
    prefixes_.pop_back();
    return true;
  }

  bool start_array(std::size_t) override {
    if (prefixes_.empty()) top_level_not_an_object();
    check_depth();
    lists_.emplace_back();
    return true;
  }
  bool end_array() override {
    value::list items = std::move(lists_.back());
    lists_.pop_back();
    return scalar(value(std::move(items)));
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    // `position` is past the bad token (nlohmann has read it, and maybe the
    // whitespace after it): report the line and column of its last byte.
    position = std::min(position, text_.size());
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (position > 0 && space(text_[position - 1])) --position;
    if (position > 0) --position;
    const std::string_view before = std::string_view(text_).substr(0, position);
    std::size_t line = 1;
    for (char c : before) line += c == '\n' ? 1 : 0;
    const std::size_t line_start = before.find_last_of('\n');
    const std::size_t column = 1 + (line_start == std::string_view::npos ? position : position - line_start - 1);
    std::string message = ex.what();  // "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    const std::size_t colon = message.find(": ");
    if (message.size() > 2000) message = message.substr(0, 2000) + "...";
    if (colon != std::string::npos) message.erase(0, colon + 2);
    throw hp::parse_error(out_.origin(), line, message + " (column " + std::to_string(column) + ")");
  }

 private:
  bool scalar(value v) {
    if (prefixes_.empty()) top_level_not_an_object();
    if (!lists_.empty()) lists_.back().push_back(std::move(v));
    else out_.add(full_key(), std::move(v), key_line_);
    return true;
  }

  std::string full_key() const { return join_key(prefixes_.back(), key_); }

  [[noreturn]] void integer_out_of_range(const std::string& text, const char* why) const {
    if (prefixes_.empty()) top_level_not_an_object();
    fail("integer " + text + " (key '" + full_key() + "')" + why);
  }
  [[noreturn]] void fail(const std::string& message) const {
    throw hp::parse_error(out_.origin(), key_line_ == 0 ? newlines_ + 1 : key_line_, message);
  }
  void check_depth() const {
    if (prefixes_.size() + lists_.size() >= max_nesting_depth)
      throw hp::parse_error(out_.origin(), newlines_ + 1,
                            "objects and arrays nested deeper than " + std::to_string(max_nesting_depth));
  }
  [[noreturn]] void top_level_not_an_object() const {
    throw hp::parse_error(out_.origin(), newlines_ + 1, "the top level must be an object of parameters");
  }

  config_builder& out_;
  const std::string& text_;
  const std::size_t& newlines_;
  std::vector<std::string> prefixes_;  // one per open object: its dotted key
  std::vector<value::list> lists_;     // open arrays, innermost last
  std::string key_;
  std::size_t key_line_ = 0;
};

// The text through nlohmann's JSON parser, one instantiation per program:
// the handler is called through its base class, so the parser's code does
// not depend on it.
HP_ADAPTER_COMPILED params parse_json_config(const std::string& text, const std::string& path) {
  config_builder out(path);
  std::size_t newlines = 0;
  json_flattener flattener(out, text, newlines);
  nlohmann::json::json_sax_t* const handler = &flattener;
  const newline_counting_iterator first(text.data(), &newlines);
  const newline_counting_iterator last(text.data() + text.size(), &newlines);
#if NLOHMANN_JSON_VERSION_MAJOR == 3 && NLOHMANN_JSON_VERSION_MINOR >= 11
  // json::sax_parse would also compile its readers of CBOR, MessagePack,
  // UBJSON, BJData and BSON, never used here: call its JSON parser directly.
  auto input = nlohmann::detail::input_adapter(first, last);
  nlohmann::detail::parser<nlohmann::json, decltype(input)>(std::move(input)).sax_parse(handler, true);
#else
  nlohmann::json::sax_parse(first, last, handler);
#endif
  return out.take();
}

template <class Json>
value json_to_value(const Json& j, const std::string& key, const config_builder& out, std::size_t depth) {
  const auto fail = [&](const std::string& why) {
    throw hp::parse_error(out.origin(), 0, "key '" + key + "': " + why);
  };
  if (depth > max_nesting_depth) fail("objects and arrays nested deeper than " + std::to_string(max_nesting_depth));
  switch (j.type()) {
    case nlohmann::json::value_t::null: return value();
    case nlohmann::json::value_t::boolean: return value(j.template get<bool>());
    case nlohmann::json::value_t::number_integer: return value(j.template get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      const auto u = j.template get<std::uint64_t>();
      if (const char* why = json_unsigned_out_of_range(u)) fail("integer " + std::to_string(u) + why);
      return value(static_cast<std::int64_t>(u));
    }
    case nlohmann::json::value_t::number_float: return value(j.template get<double>());
    case nlohmann::json::value_t::string: return value(j.template get<std::string>());
    case nlohmann::json::value_t::array: {
      value::list items;
      for (const Json& item : j) {
        if (item.is_object()) fail("an object inside a list is not supported");
        items.push_back(json_to_value(item, key, out, depth + 1));
      }
      return value(std::move(items));
    }
    default: fail(std::string("a ") + j.type_name() + " value is not supported");
  }
  return value();
}

template <class Json>
void flatten_json(const Json& object, const std::string& prefix, config_builder& out, std::size_t depth) {
  if (depth > max_nesting_depth)
    throw hp::parse_error(out.origin(), 0, "key '" + prefix + "': objects and arrays nested deeper than " +
                                               std::to_string(max_nesting_depth));
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string key = join_key(prefix, it.key());
    if (it->is_object()) flatten_json(*it, key, out, depth + 1);
    else out.add(key, json_to_value(*it, key, out, depth + 1), 0);
  }
}

template <class Json>
params from_json_document(const Json& document) {
  config_builder out("json");
  if (!document.is_object())
    throw hp::parse_error("json", 0, "the top level must be an object of parameters, not a " +
                                         std::string(document.type_name()));
  flatten_json(document, std::string(), out, 1);
  return out.take();
}

#if defined(HP_COMPILE_ADAPTER_BODIES)
// The one copy of the document walks, for every translation unit of the target.
template params from_json_document<nlohmann::json>(const nlohmann::json&);
template params from_json_document<nlohmann::ordered_json>(const nlohmann::ordered_json&);
#endif

#else  // the bodies are compiled once, in src/json.cpp (detail/adapter_mode.hpp)

params parse_json_config(const std::string& text, const std::string& path);
template <class Json>
params from_json_document(const Json& document);

#endif

inline const bool json_config_parser_registered = register_config_parser(config_format::json, &parse_json_config);

}  // namespace detail

// Flattens a JSON object into params with the source "json" (nested objects
// become dotted keys, arrays become lists). nlohmann::json sorts keys;
// pass an nlohmann::ordered_json to keep document order. (Templates only so
// that a program that never calls them does not compile their walk of the
// document; `Json` is never deduced.)
template <class Json = nlohmann::json>
[[nodiscard]] params from_json(const nlohmann::json& document) {
  return detail::from_json_document<Json>(document);
}
template <class Json = nlohmann::ordered_json>
[[nodiscard]] params from_json(const nlohmann::ordered_json& document) {
  return detail::from_json_document<Json>(document);
}

HP_NAMESPACE_END
