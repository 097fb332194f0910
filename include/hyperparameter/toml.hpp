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

#include "config.hpp"
#include "params.hpp"
#include "value.hpp"

namespace hp {

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

// Dates and times have no hp::value kind: they become their TOML text.
inline value toml_to_value(const toml::node& node, const std::string& key, const config_builder& out) {
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
      items.push_back(toml_to_value(item, key, out));
    }
    return value(std::move(items));
  }
  throw hp::parse_error(out.origin(), toml_line(node.source()), "key '" + key + "' has an unsupported value");
}

inline void flatten_toml(const toml::table& table, const std::string& prefix, config_builder& out) {
  for (const auto& [name, node] : table) {
    const std::string key = config_builder::join(prefix, name.str());
    if (const toml::table* nested = node.as_table()) flatten_toml(*nested, key, out);
    else out.add(key, toml_to_value(node, key, out), toml_line(name.source()));
  }
}

inline params toml_table_to_params(const toml::table& table, const std::string& origin) {
  config_builder out(origin);
  flatten_toml(table, std::string(), out);
  return out.take();
}

inline params parse_toml_config(const std::string& text, const std::string& path) {
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

}  // namespace hp
