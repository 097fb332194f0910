// hyperparameter: TOML config files, through toml++.
//
// The only header that names toml++. Including it anywhere in a program lets
// hp::load_config read .toml files. toml++ rejects a key given twice itself.
// Its tables are sorted maps, so keys come out sorted, not in document order.
#pragma once

#include <string>

#include <toml++/toml.h>

#include "version.hpp"
#include "config.hpp"
#include "detail/state.hpp"
#include "params.hpp"

#if defined(HP_ADAPTER_TOML)
#define HP_ADAPTER_LINKED 1
#else
#define HP_ADAPTER_LINKED 0
#endif
#include "detail/adapter_mode.hpp"

#if HP_ADAPTER_HAS_BODIES
#include <cstddef>
#include <sstream>
#include <utility>

#include "detail/limits.hpp"
#include "value.hpp"
#endif

HP_NAMESPACE_BEGIN

namespace detail {

#if HP_ADAPTER_HAS_BODIES

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

// TOML 1.0's dates and times: 1979-05-27, 07:32:00.5, 1979-05-27T07:32:00
// with 'T', 't' or ' ', then 'Z', 'z' or +07:00 (or nothing).
inline bool toml_date_time(std::string_view t) {
  std::size_t i = 0;
  const auto digit = [&] { return i < t.size() && t[i] >= '0' && t[i] <= '9'; };
  const auto digits = [&](std::size_t n) {
    for (std::size_t k = 0; k < n; ++k, ++i)
      if (!digit()) return false;
    return true;
  };
  const auto take = [&](char c) { return i < t.size() && t[i] == c && (++i, true); };
  const auto time = [&] {
    if (!(digits(2) && take(':') && digits(2) && take(':') && digits(2))) return false;
    if (!take('.')) return true;
    if (!digit()) return false;
    while (digit()) ++i;
    return true;
  };
  if (t.size() > 2 && t[2] == ':') return time() && i == t.size();
  if (!(digits(4) && take('-') && digits(2) && take('-') && digits(2))) return false;
  if (i == t.size()) return true;
  if (!(take('T') || take('t') || take(' ')) || !time()) return false;
  if (i == t.size() || take('Z') || take('z')) return i == t.size();
  if (!(take('+') || take('-'))) return false;
  return digits(2) && take(':') && digits(2) && i == t.size();
}

// toml++ 3.3 classifies a bare value by some of its characters, then
// asserts that a date or time has digits where it expects them: a value
// that may be taken for one must be one. Looks at the value starting at
// `at`; "1979-05-27 07:32:00" is one value, as toml++ reads it.
inline bool bad_date_time(const std::string& text, std::size_t at) {
  const std::string_view ends = " \t\r\n\v\f]},#";
  const auto token_end = [&](std::size_t from) {
    while (from < text.size() && ends.find(text[from]) == std::string_view::npos) ++from;
    return from;
  };
  std::size_t end = token_end(at);
  if (end - at == 10 && text[at + 4] == '-' && text[at + 7] == '-' && end + 1 < text.size() && text[end] == ' ' &&
      text[end + 1] >= '0' && text[end + 1] <= '9')
    end = token_end(end + 1);
  const std::string_view token(&text[at], end - at);
  const char first = token.empty() ? ' ' : token[0];
  const bool digit_first = first >= '0' && first <= '9';
  bool date_like = token.find(':') != std::string_view::npos && (digit_first || first == '+' || first == '-');
  for (std::size_t k = 1; digit_first && k < token.size(); ++k)
    date_like = date_like || (token[k] == '-' && token[k - 1] != 'e' && token[k - 1] != 'E');
  return date_like && !toml_date_time(token);
}

// Checked before toml++ sees the text, which must not meet what it does not
// expect: invalid UTF-8, non-ASCII characters outside strings and comments,
// nesting deeper than our limit (its parser recurses), a table header
// without a key, a '}' closing an array, a value holding characters no
// value has, a malformed date or time (it asserts there).
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
  bool in_token = false;       // inside a bare value (1, true, a date): toml++ reads it to its end
  line = 1;
  // A byte order mark may open the file (toml++ skips it); anywhere else it is a character like any other.
  const std::size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  for (std::size_t i = start; i < n;) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
      in_token = false;
      if (open.empty()) in_key = line_start = true, segments = 1;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      in_token = false;
      continue;
    }
    // TOML 1.0 has non-ASCII characters only in strings and comments; some
    // elsewhere reach a __builtin_unreachable in toml++ 3.3's whitespace test.
    if (static_cast<unsigned char>(c) >= 0x80)
      throw hp::parse_error(path, line, "a character beyond ASCII outside a string or comment");
    const bool at_line_start = line_start;
    line_start = false;
    if (c == '#') {
      while (i < n && text[i] != '\n') ++i;
    } else if ((c == '"' || c == '\'') && !in_token) {  // in a token (1"a"), not a string to toml++
      const bool triple = text.compare(i, 3, std::string(3, c)) == 0;
      i += triple ? 3 : 1;
      while (i < n) {
        if (c == '"' && text[i] == '\\') {
          // toml++ 3.3 tests the next character after whitespace for being
          // whitespace too (its unreachable again): keep it ASCII.
          std::size_t next = i + 1;
          std::size_t lines = 0;
          while (triple && next < n &&
                 (text[next] == ' ' || text[next] == '\t' || text[next] == '\r' || text[next] == '\n'))
            lines += text[next++] == '\n' ? 1u : 0u;
          if (triple && next < n && static_cast<unsigned char>(text[next]) >= 0x80)
            throw hp::parse_error(path, line + lines,
                                  "a character beyond ASCII right after a backslash in a multi-line string (write it "
                                  "as \\uXXXX)");
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
      in_token = false;
      if (c == '.' && ++segments + open.size() > max_nesting_depth) toml_too_deep(path, line);
      if (c == '=') in_key = false;
      if (c == '}' && !open.empty()) open.pop_back(), in_key = false;
      ++i;
    } else {
      if (!in_token && bad_date_time(text, i))
        throw hp::parse_error(path, line, "not a date or time as TOML writes them (1979-05-27, 07:32:00, "
                                          "1979-05-27T07:32:00Z)");
      // Numbers, booleans, dates and times are made of these; toml++ 3.3
      // asserts on some others where it expects a digit. Inside a value,
      // '[' and '{' are more of it to toml++, not a new array or table.
      const bool value_char = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              c == '_' || c == '+' || c == '-' || c == '.' || c == ':';
      const bool ends_value = c == ']' || c == '}' || c == ',';
      if (!value_char && !ends_value && (in_token || (c != '[' && c != '{')))
        throw hp::parse_error(path, line, "'" + shown(std::string_view(&text[i], 1)) + "' cannot be part of a value");
      in_token = value_char;
      if (c == '[' || c == '{') {
        open.push_back(c);
        if (open.size() > max_nesting_depth) toml_too_deep(path, line);
        if (c == '{') in_key = true, segments = 1;
      } else if ((c == ']' || c == '}') && !open.empty()) {
        // toml++ asserts on "[1, }": a '}' where an array expects a value.
        if ((c == ']') != (open.back() == '['))
          throw hp::parse_error(path, line,
                                std::string("'") + c + "' cannot close the '" + open.back() + "' before it");
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
    const std::string key = join_key(prefix, name.str());
    if (const toml::table* nested = node.as_table()) flatten_toml(*nested, key, out, depth + 1);
    else out.add(key, toml_to_value(node, key, out, depth + 1), toml_line(name.source()));
  }
}

HP_ADAPTER_COMPILED params toml_table_to_params(const toml::table& table, const std::string& origin) {
  config_builder out(origin);
  flatten_toml(table, std::string(), out, 1);
  return out.take();
}

HP_ADAPTER_COMPILED params parse_toml_config(const std::string& text, const std::string& path) {
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

#else  // the bodies are compiled once, in src/toml.cpp (detail/adapter_mode.hpp)

params toml_table_to_params(const toml::table& table, const std::string& origin);
params parse_toml_config(const std::string& text, const std::string& path);

#endif

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
