// hyperparameter: TOML config files, through toml++.
//
// The only header that names toml++. Including it anywhere in a program lets
// hp::load_config read .toml files. toml++ rejects a key given twice itself.
// Its tables are sorted maps, so keys come out sorted, not in document order.
#pragma once

#include <cstddef>
#include <sstream>
#include <string>
#include <utility>

#include <toml++/toml.h>

#include "version.hpp"
#include "config.hpp"
#include "detail/limits.hpp"
#include "params.hpp"
#include "value.hpp"

HP_NAMESPACE_BEGIN

namespace detail {

inline std::size_t toml_line(const toml::source_region& region) {
  return static_cast<std::size_t>(region.begin.line);  // 1-based; 0 when unknown
}

template <class T>
std::string toml_text(const T& date_or_time) {
  std::ostringstream out;
  out << date_or_time;
  return out.str();
}

[[noreturn]] inline void toml_too_deep(const std::string& origin, std::size_t line) {
  throw hp::parse_error(origin, line,
                        "tables, arrays and dotted keys nested deeper than " + std::to_string(max_nesting_depth));
}

// Checked before toml++ sees the text, which must not meet what it does not
// expect: invalid UTF-8, nesting deeper than our limit (its parser
// recurses), a table header without a key (it asserts there).
inline void check_toml_text(const std::string& text, const std::string& path) {
  const std::size_t n = text.size();
  std::size_t line = 1;
  for (std::size_t i = 0; i < n;) {
    const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    const unsigned char c = byte(i);
    if (c < 0x80) {
      line += c == '\n' ? 1 : 0;
      ++i;
      continue;
    }
    const std::size_t length = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    bool valid = length != 0 && i + length <= n;
    for (std::size_t k = 1; valid && k < length; ++k) valid = (byte(i + k) & 0xc0) == 0x80;
    if (valid && length >= 3) {
      const unsigned char next = byte(i + 1);
      valid = !(c == 0xe0 && next < 0xa0) && !(c == 0xed && next >= 0xa0) && !(c == 0xf0 && next < 0x90) &&
              !(c == 0xf4 && next >= 0x90);
    }
    if (!valid) throw hp::parse_error(path, line, "invalid UTF-8 at byte " + std::to_string(i));
    i += length;
  }

  const auto bare = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  };
  std::string open;            // '[' and '{' not yet closed, outside strings
  bool in_key = true;          // reading a key (line start, inline table), not a value
  bool line_start = true;      // nothing but whitespace since the line began
  std::size_t segments = 1;    // of the dotted key being read
  line = 1;
  for (std::size_t i = 0; i < n;) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
      if (open.empty()) in_key = line_start = true, segments = 1;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    const bool at_line_start = line_start;
    line_start = false;
    if (c == '#') {
      while (i < n && text[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      const bool triple = text.compare(i, 3, std::string(3, c)) == 0;
      i += triple ? 3 : 1;
      while (i < n) {
        if (c == '"' && text[i] == '\\') {
          i += 1;
        } else if (triple ? text.compare(i, 3, std::string(3, c)) == 0 : text[i] == c) {
          i += triple ? 3 : 1;
          while (triple && i < n && text[i] == c) ++i;
          break;
        } else if (text[i] == '\n' && !triple) {
          break;
        }
        if (i < n && text[i] == '\n') ++line;
        ++i;
      }
    } else if (c == '[' && at_line_start && open.empty()) {
      // A table header: "[key]" or "[[key]]".
      std::size_t at = i + 1;
      if (at < n && text[at] == '[') ++at;
      while (at < n && (text[at] == ' ' || text[at] == '\t')) ++at;
      if (at >= n || !(bare(text[at]) || text[at] == '"' || text[at] == '\'' || text[at] == ']'))
        throw hp::parse_error(path, line, "a table header must start with a key");
      i = at;  // the key is read as any key: its dots counted
    } else if (in_key) {
      if (c == '.' && ++segments + open.size() > max_nesting_depth) toml_too_deep(path, line);
      if (c == '=') in_key = false;
      if (c == '}' && !open.empty()) open.pop_back(), in_key = false;
      ++i;
    } else {
      if (c == '[' || c == '{') {
        open.push_back(c);
        if (open.size() > max_nesting_depth) toml_too_deep(path, line);
        if (c == '{') in_key = true, segments = 1;
      } else if ((c == ']' || c == '}') && !open.empty()) {
        open.pop_back();
      } else if (c == ',' && !open.empty() && open.back() == '{') {
        in_key = true, segments = 1;
      }
      ++i;
    }
  }
}

// Dates and times have no hp::value kind: they become their TOML text.
inline value toml_to_value(const toml::node& node, const std::string& key, const config_builder& out,
                           std::size_t depth) {
  if (depth > max_nesting_depth) toml_too_deep(out.origin(), toml_line(node.source()));
  if (const auto* b = node.as_boolean()) return value(b->get());
  if (const auto* i = node.as_integer()) return value(static_cast<std::int64_t>(i->get()));
  if (const auto* d = node.as_floating_point()) return value(d->get());
  if (const auto* s = node.as_string()) return value(s->get());
  if (const auto* date = node.as_date()) return value(toml_text(date->get()));
  if (const auto* time = node.as_time()) return value(toml_text(time->get()));
  if (const auto* date_time = node.as_date_time()) return value(toml_text(date_time->get()));
  if (const auto* array = node.as_array()) {
    value::list items;
    for (const toml::node& item : *array) {
      if (item.is_table())
        throw hp::parse_error(out.origin(), toml_line(item.source()),
                              "a table inside an array is not supported (key '" + key + "')");
      items.push_back(toml_to_value(item, key, out, depth + 1));
    }
    return value(std::move(items));
  }
  throw hp::parse_error(out.origin(), toml_line(node.source()), "key '" + key + "' has an unsupported value");
}

inline void flatten_toml(const toml::table& table, const std::string& prefix, config_builder& out,
                         std::size_t depth) {
  if (depth > max_nesting_depth) toml_too_deep(out.origin(), toml_line(table.source()));
  for (const auto& [name, node] : table) {
    const std::string key = config_builder::join(prefix, name.str());
    if (const toml::table* nested = node.as_table()) flatten_toml(*nested, key, out, depth + 1);
    else out.add(key, toml_to_value(node, key, out, depth + 1), toml_line(name.source()));
  }
}

inline params toml_table_to_params(const toml::table& table, const std::string& origin) {
  config_builder out(origin);
  flatten_toml(table, std::string(), out, 1);
  return out.take();
}

inline params parse_toml_config(const std::string& text, const std::string& path) {
  check_toml_text(text, path);
#if TOML_EXCEPTIONS
  try {
    return toml_table_to_params(toml::parse(text, path), path);
  } catch (const toml::parse_error& e) {
    throw hp::parse_error(path, toml_line(e.source()), std::string(e.description()));
  }
#else
  toml::parse_result result = toml::parse(text, path);
  if (!result)
    throw hp::parse_error(path, toml_line(result.error().source()), std::string(result.error().description()));
  return toml_table_to_params(result.table(), path);
#endif
}

inline const bool toml_config_parser_registered = register_config_parser(config_format::toml, &parse_toml_config);

}  // namespace detail

// Flattens a TOML table into params (nested tables become dotted keys,
// arrays become lists). Sources are "FILE:LINE" when the table was parsed
// from a named file, else "toml:LINE".
[[nodiscard]] inline params from_toml(const toml::table& table) {
  const auto& path = table.source().path;
  return detail::toml_table_to_params(table, path && !path->empty() ? *path : std::string("toml"));
}

HP_NAMESPACE_END
