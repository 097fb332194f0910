// hyperparameter: YAML config files, through yaml-cpp.
//
// The only header that names yaml-cpp. Including it anywhere in a program
// lets hp::load_config read .yaml and .yml files (and makes --dump-config
// write YAML). Plain scalars are typed by the YAML 1.2 core schema; quoted
// ones stay text. yaml-cpp keeps a key given twice, so we reject it here.
#pragma once

#include <cstddef>
#include <string>

#include <yaml-cpp/yaml.h>

#include "version.hpp"
#include "config.hpp"
#include "detail/limits.hpp"
#include "detail/state.hpp"
#include "params.hpp"

#if defined(HP_ADAPTER_YAML)
#define HP_ADAPTER_LINKED 1
#else
#define HP_ADAPTER_LINKED 0
#endif
#include "detail/adapter_mode.hpp"

#if HP_ADAPTER_HAS_BODIES
#include <charconv>
#include <cstdint>
#include <limits>
#include <string_view>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

#include "value.hpp"
#endif

HP_NAMESPACE_BEGIN

namespace detail {

#if HP_ADAPTER_HAS_BODIES

inline std::size_t yaml_line(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : static_cast<std::size_t>(mark.line) + 1;
}

inline bool all_of_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool digit = base == 16 ? ((c >= '0' && c <= '9') || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f'))
                                  : (c >= '0' && c < static_cast<char>('0' + base));
    if (!digit) return false;
  }
  return true;
}

// A plain scalar's value by the YAML 1.2 core schema: bool, int (also 0x and
// 0o), float (also .inf and .nan), else text. An int too large stays text.
inline value yaml_plain_scalar(const std::string& s) {
  if (s == "true" || s == "True" || s == "TRUE") return value(true);
  if (s == "false" || s == "False" || s == "FALSE") return value(false);
  std::string_view body = s;
  const bool negative = !body.empty() && body.front() == '-';
  if (!body.empty() && (body.front() == '-' || body.front() == '+')) body.remove_prefix(1);
  int base = 10;
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'o') && body.size() == s.size()) {
    base = body[1] == 'x' ? 16 : 8;
    body.remove_prefix(2);
  }
  if (all_of_digits(body, base)) {
    std::int64_t i = 0;
    std::string_view digits = base == 10 ? std::string_view(s) : body;
    if (base == 10 && !digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), i, base);
    return result.ec == std::errc() ? value(i) : value(s);
  }
  if (body == ".inf" || body == ".Inf" || body == ".INF")
    return value(negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity());
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return value(std::numeric_limits<double>::quiet_NaN());
  // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
  std::size_t i = 0, mantissa_digits = 0;
  while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i, ++mantissa_digits;
  if (i < body.size() && body[i] == '.')
    for (++i; i < body.size() && body[i] >= '0' && body[i] <= '9'; ++i) ++mantissa_digits;
  bool matches = mantissa_digits > 0;
  if (matches && i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    matches = all_of_digits(body.substr(i), 10);
    i = body.size();
  }
  double d = 0;
  if (matches && i == body.size() && parse_double(s, d)) return value(d);
  return value(s);
}

// What a document may still expand to, and the maps and lists the walk is
// inside: aliases share nodes, so a small document can name a huge tree, or
// a map or list that holds itself.
struct yaml_budget {
  std::size_t left;
  std::vector<YAML::Node> open;

  void spend(const YAML::Node& node, const config_builder& out) {
    const std::size_t cost = 1 + (node.IsScalar() ? node.Scalar().size() : 0);
    if (cost > left)
      throw hp::parse_error(out.origin(), yaml_line(node),
                            "the document expands to more than its size plus " +
                                std::to_string(max_yaml_expansion) + " values and bytes (through aliases)");
    left -= cost;
  }
  struct level {
    explicit level(yaml_budget& b, const YAML::Node& node, const config_builder& out) : budget(b) {
      for (const YAML::Node& outer : budget.open)
        if (outer.is(node))
          throw hp::parse_error(out.origin(), yaml_line(node),
                                std::string(node.IsMap() ? "a map" : "a list") +
                                    " holds itself through an alias (a cycle)");
      if (budget.open.size() >= max_nesting_depth)
        throw hp::parse_error(out.origin(), yaml_line(node),
                              "maps and sequences nested deeper than " + std::to_string(max_nesting_depth));
      budget.open.push_back(node);
    }
    ~level() { budget.open.pop_back(); }
    level(const level&) = delete;
    level& operator=(const level&) = delete;
    yaml_budget& budget;
  };
};

inline value yaml_to_value(const YAML::Node& node, const std::string& key, const config_builder& out,
                           yaml_budget& budget) {
  budget.spend(node, out);
  switch (node.Type()) {
    case YAML::NodeType::Null: return value();
    case YAML::NodeType::Scalar:
      // "?" marks a plain scalar; quoted and block scalars ("!") stay text.
      return node.Tag() == "?" ? yaml_plain_scalar(node.Scalar()) : value(node.Scalar());
    case YAML::NodeType::Sequence: {
      const yaml_budget::level nested(budget, node, out);
      value::list items;
      for (const YAML::Node& item : node) {
        if (item.IsMap())
          throw hp::parse_error(out.origin(), yaml_line(item),
                                "a map inside a list is not supported (key '" + key + "')");
        items.push_back(yaml_to_value(item, key, out, budget));
      }
      return value(std::move(items));
    }
    default: throw hp::parse_error(out.origin(), yaml_line(node), "key '" + key + "' has no value");
  }
}

using yaml_pair = std::pair<YAML::Node, YAML::Node>;

inline bool is_merge_key(const YAML::Node& name) {
  return name.IsScalar() && name.Scalar() == "<<" && (name.Tag() == "?" || name.Tag() == "tag:yaml.org,2002:merge");
}

// The pairs `map` holds, with its merge keys ("<<: *base", "<<: [*a, *b]")
// resolved as YAML 1.1 defines them: a key the map gives itself wins over a
// merged one, and a map earlier in a merge list over a later one; a merged
// map's own merge keys count as its pairs. A merge is shallow: a key's whole
// value comes from one map. `taken`: the keys already given at this level;
// `merged`: `map` is merged into it, so its keys yield to those. The caller
// holds `map`'s nesting level; each merged map takes one more.
inline void yaml_pairs(const YAML::Node& map, bool merged, std::vector<yaml_pair>& pairs,
                       std::unordered_set<std::string>& taken, const std::string& prefix, const config_builder& out,
                       yaml_budget& budget) {
  std::vector<YAML::Node> sources;
  std::vector<yaml_pair> own;
  for (const auto& pair : map) {
    budget.spend(pair.first, out);  // yaml-cpp's `it->first` would refer into a temporary
    if (!is_merge_key(pair.first)) {
      own.emplace_back(pair.first, pair.second);
      continue;
    }
    const YAML::Node& from = pair.second;
    const auto not_a_map = [&](const YAML::Node& node) {
      return hp::parse_error(out.origin(), yaml_line(node),
                             "the merge key '<<'" + std::string(prefix.empty() ? "" : " under '" + prefix + "'") +
                                 " must name a map or a list of maps");
    };
    if (from.IsMap()) {
      sources.push_back(from);
    } else if (from.IsSequence()) {
      for (const YAML::Node& item : from) {
        if (!item.IsMap()) throw not_a_map(item);
        sources.push_back(item);
      }
    } else {
      throw not_a_map(from);
    }
  }
  for (const yaml_pair& pair : own) {
    const bool first = !pair.first.IsScalar() || taken.insert(pair.first.Scalar()).second;
    if (merged && !first) continue;
    pairs.push_back(pair);  // a key given twice in one map is the builder's to report
  }
  for (const YAML::Node& from : sources) {
    const yaml_budget::level nested(budget, from, out);
    yaml_pairs(from, true, pairs, taken, prefix, out, budget);
  }
}

inline void flatten_yaml(const YAML::Node& map, const std::string& prefix, config_builder& out, yaml_budget& budget) {
  const yaml_budget::level nested(budget, map, out);
  std::vector<yaml_pair> pairs;
  std::unordered_set<std::string> taken;
  yaml_pairs(map, false, pairs, taken, prefix, out, budget);
  for (const yaml_pair& pair : pairs) {
    const YAML::Node& name = pair.first;
    if (!name.IsScalar())
      throw hp::parse_error(out.origin(), yaml_line(name), "a key must be text (quote a key such as null or ~)");
    const std::string key = join_key(prefix, name.Scalar());
    if (pair.second.IsMap()) flatten_yaml(pair.second, key, out, budget);
    else out.add(key, yaml_to_value(pair.second, key, out, budget), yaml_line(name));
  }
}

// `size`: the document's text in bytes, which bounds what it may expand to.
HP_ADAPTER_COMPILED params yaml_document_to_params(const YAML::Node& document, const std::string& origin,
                                                   std::size_t size) {
  config_builder out(origin);
  yaml_budget budget{size + max_yaml_expansion, {}};
  if (document.IsNull()) return out.take();  // an empty file
  if (!document.IsMap())
    throw hp::parse_error(origin, yaml_line(document), "the top level must be a map of parameters");
  flatten_yaml(document, std::string(), out, budget);
  return out.take();
}

// The line (from 1) where a second document starts in a YAML text, or 0:
// the first line with content after a "---" or "..." that ends the first
// document (a "---" before any content opens the first one). A scan of the
// text, not of yaml-cpp's documents: its LoadAll can take unbounded time on
// a few hostile bytes, while Load reads the first document only.
HP_ADAPTER_COMPILED std::size_t second_yaml_document(const std::string& text) {
  enum { before, first, after } state = before;
  std::size_t line = 0;
  for (std::size_t start = 0; start <= text.size(); ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view l(text.data() + start, end - start);
    start = end + 1;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    const bool marker = l.size() >= 3 && (l.compare(0, 3, "---") == 0 || l.compare(0, 3, "...") == 0) &&
                        (l.size() == 3 || l[3] == ' ' || l[3] == '\t');
    const std::string_view rest = marker ? l.substr(3) : l;
    const std::size_t at = rest.find_first_not_of(" \t");
    const bool content = at != std::string_view::npos && rest[at] != '#' && !(state == before && rest[at] == '%');
    if (marker && state == first) state = after;
    else if (marker && l[0] == '-' && state == before) state = first;
    if (content && state == after) return line + 1;
    if (content && state == before) state = first;
  }
  return 0;
}

// A file holds one document: a second one (after "---") is an error, not
// dropped or merged; an empty one at the end adds nothing and is allowed.
HP_ADAPTER_COMPILED params parse_yaml_config(const std::string& text, const std::string& path) {
  YAML::Node document;
  try {
    document = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    const bool located = !e.mark.is_null();
    throw hp::parse_error(path, located ? static_cast<std::size_t>(e.mark.line) + 1 : 0,
                          e.msg + (located ? " (column " + std::to_string(e.mark.column + 1) + ")" : std::string()));
  }
  if (const std::size_t line = second_yaml_document(text))
    throw hp::parse_error(path, line,
                          "a second YAML document starts here; a config file holds one document (load each "
                          "file separately and merge the params)");
  return yaml_document_to_params(document, path, text.size());
}

#else  // the bodies are compiled once, in src/yaml.cpp (detail/adapter_mode.hpp)

params yaml_document_to_params(const YAML::Node& document, const std::string& origin, std::size_t size);
params parse_yaml_config(const std::string& text, const std::string& path);

#endif

inline const bool yaml_config_parser_registered = register_config_parser(config_format::yaml, &parse_yaml_config);

}  // namespace detail

// Flattens a YAML map into params (nested maps become dotted keys, sequences
// become lists); sources are "yaml:LINE". A null document gives no params.
[[nodiscard]] inline params from_yaml(const YAML::Node& document) {
  return detail::yaml_document_to_params(document, "yaml", 16 * detail::max_yaml_expansion);
}

HP_NAMESPACE_END
