// hyperparameter: writing hp::params as a JSON, YAML or TOML config file.
//
// Behind hp::save_config, --dump-config and the operative configuration: the
// output must load back to the same keys, values and kinds. Dotted keys nest
// again; when a key is both a value and a parent (`a` and `a.b`), the
// children stay dotted beside it (quoted whole in TOML). Text is always
// quoted and doubles always look like doubles (3.0), so reloading never
// changes a value's kind; what a format cannot hold throws hp::error naming
// the key. YAML and TOML get each source as a comment (and any note for
// the key after it).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../version.hpp"
#include "../error.hpp"
#include "../params.hpp"
#include "../value.hpp"
#include "../detail/frame_node.hpp"
#include "../detail/state.hpp"

#if HP_HAS_BODIES
#include <cmath>
#include <cstdio>
#endif

HP_NAMESPACE_BEGIN
namespace detail {

enum class writer_format { json, yaml, toml };

HP_COMPILED const char* format_name(writer_format f) HP_BODY({
  return f == writer_format::json ? "JSON" : f == writer_format::yaml ? "YAML" : "TOML";
})

[[noreturn]] HP_COMPILED void cannot_write(std::string_view key, writer_format format, std::string_view why) HP_BODY({
  throw error(prefixed("error", "cannot write key '" + std::string(key) + "' as " + format_name(format) + ": " +
                                  std::string(why)));
})

HP_COMPILED void append_quoted(std::string& out, std::string_view text) HP_BODY({
  out += '"';
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04X", static_cast<unsigned>(byte));
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
})

HP_COMPILED void append_value(std::string& out, const value& v, writer_format format, std::string_view key) HP_BODY({
  switch (v.type()) {
    case value::kind::none:
      if (format == writer_format::toml) cannot_write(key, format, "it has no value, and TOML has no null");
      out += "null";
      return;
    case value::kind::boolean: out += *v.if_bool() ? "true" : "false"; return;
    case value::kind::integer: out += std::to_string(*v.if_integer()); return;
    case value::kind::floating: {
      const double d = *v.if_double();
      if (std::isnan(d) || std::isinf(d)) {
        if (format == writer_format::json) cannot_write(key, format, "JSON has no nan or infinity");
        if (format == writer_format::toml) out += std::isnan(d) ? "nan" : d > 0 ? "inf" : "-inf";
        else out += std::isnan(d) ? ".nan" : d > 0 ? ".inf" : "-.inf";
        return;
      }
      std::string text = double_to_text(d);
      if (text.find_first_of(".eE") == std::string::npos) text += ".0";  // 3.0 must not reload as an integer
      out += text;
      return;
    }
    case value::kind::text: append_quoted(out, *v.if_text()); return;
    case value::kind::list: {
      out += '[';
      bool first = true;
      for (const value& item : *v.if_list()) {
        if (!first) out += ", ";
        first = false;
        append_value(out, item, format, key);
      }
      out += ']';
      return;
    }
  }
})

// A YAML key needs quotes unless it is a plain word that YAML reads as text.
HP_COMPILED void append_yaml_key(std::string& out, std::string_view key) HP_BODY({
  bool plain = !key.empty() && key != "null" && key != "Null" && key != "NULL" &&
               ((key[0] >= 'a' && key[0] <= 'z') || (key[0] >= 'A' && key[0] <= 'Z') || key[0] == '_');
  for (char c : key)
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '-' || c == '.');
  if (plain) out += key;
  else append_quoted(out, key);
})

// The dotted keys of a params, nested again by segment.
struct key_tree {
  std::string name;
  const entry* leaf = nullptr;
  std::vector<key_tree> children;

  HP_COMPILED void insert(const entry& e) HP_BODY({
    key_tree* node = this;
    std::string_view rest = e.name();
    while (true) {
      const std::size_t dot = rest.find('.');
      const std::string_view segment = rest.substr(0, dot);
      key_tree* child = nullptr;
      for (key_tree& c : node->children)
        if (c.name == segment) child = &c;
      if (child == nullptr) {
        node->children.push_back({std::string(segment), nullptr, {}});
        child = &node->children.back();
      }
      node = child;
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
    node->leaf = &e;
  })

  // Every leaf below this node, with its key relative to this node's parent.
  HP_COMPILED void leaves(const std::string& prefix,
                          std::vector<std::pair<std::string, const entry*>>& out) const HP_BODY({
    const std::string here = join_key(prefix, name);
    if (leaf != nullptr) out.emplace_back(here, leaf);
    for (const key_tree& c : children) c.leaves(here, out);
  })
};

// Extra comments by key (YAML only), after the source: what else was read.
using key_notes = std::unordered_map<std::string, std::string>;

// Members of one object: a node with children nests, unless it is also a
// value itself; then its descendants follow it as dotted keys.
HP_COMPILED void write_members(std::string& out, const key_tree& node, writer_format format, int indent,
                               const key_notes* notes) HP_BODY({
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  bool first = true;
  const auto write_leaf = [&](const std::string& name, const entry& e) {
    if (format == writer_format::json) {
      out += first ? "" : ",\n";
      out += pad;
      append_quoted(out, name);
      out += ": ";
      append_value(out, e.val(), format, e.name());
    } else {
      out += pad;
      append_yaml_key(out, name);
      out += ": ";
      append_value(out, e.val(), format, e.name());
      std::string comment = e.source;
      if (notes != nullptr)
        if (const auto note = notes->find(e.name()); note != notes->end())
          comment += (comment.empty() ? "" : "; ") + note->second;
      if (!comment.empty()) out += "  # " + comment;
      out += '\n';
    }
    first = false;
  };
  for (const key_tree& child : node.children) {
    if (child.leaf != nullptr) {
      std::vector<std::pair<std::string, const entry*>> all;
      child.leaves(std::string(), all);
      for (const auto& [name, e] : all) write_leaf(name, *e);
      continue;
    }
    if (format == writer_format::json) {
      out += first ? "" : ",\n";
      out += pad;
      append_quoted(out, child.name);
      out += ": {\n";
      write_members(out, child, format, indent + 2, notes);
      out += "\n" + pad + "}";
    } else {
      out += pad;
      append_yaml_key(out, child.name);
      out += ":\n";
      write_members(out, child, format, indent + 2, notes);
    }
    first = false;
  }
})

// A TOML key segment: bare when it may be, else a quoted string.
HP_COMPILED void append_toml_segment(std::string& out, std::string_view segment) HP_BODY({
  bool bare = !segment.empty();
  for (char c : segment)
    bare = bare && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
  if (bare) out += segment;
  else append_quoted(out, segment);
})

// TOML: one `dotted.key = value` line per entry, grouped by prefix. A key
// below another key's value is written as one quoted key ("a.b" = 2 beside
// a = 1), since TOML cannot make `a` both a value and a table.
HP_COMPILED void write_toml(std::string& out, const key_tree& root, const key_notes* notes) HP_BODY({
  std::vector<std::pair<std::string, const entry*>> all;
  root.leaves(std::string(), all);
  const auto is_value = [&](std::string_view key) {
    for (const auto& [name, e] : all)
      if (name == key) return true;
    return false;
  };
  for (const auto& [name, e] : all) {
    bool below_value = false;
    for (std::size_t dot = name.find('.'); dot != std::string::npos && !below_value; dot = name.find('.', dot + 1))
      below_value = is_value(std::string_view(name).substr(0, dot));
    if (below_value) {
      append_quoted(out, name);
    } else {
      std::size_t start = 0;
      for (std::size_t dot = name.find('.');; dot = name.find('.', start)) {
        if (start > 0) out += '.';
        append_toml_segment(out, std::string_view(name).substr(start, dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
    }
    out += " = ";
    append_value(out, e->val(), writer_format::toml, name);
    std::string comment = e->source;
    if (notes != nullptr)
      if (const auto note = notes->find(e->name()); note != notes->end())
        comment += (comment.empty() ? "" : "; ") + note->second;
    if (!comment.empty()) out += "  # " + comment;
    out += '\n';
  }
})

// The whole file. `title` becomes a leading comment in YAML and TOML.
HP_COMPILED std::string write_config(const params& p, writer_format format, std::string_view title = {},
                                     const key_notes* notes = nullptr) HP_BODY({
  key_tree root;
  for (const entry& e : access::entries(p)) root.insert(e);
  std::string out;
  if (format == writer_format::toml) {
    if (!title.empty()) out += "# " + std::string(title) + "\n";
    write_toml(out, root, notes);
    return out;
  }
  if (format == writer_format::json) {
    if (p.empty()) return "{}\n";
    out += "{\n";
    write_members(out, root, format, 2, notes);
    return out + "\n}\n";
  }
  if (!title.empty()) out += "# " + std::string(title) + "\n";
  if (p.empty()) return out + "{}\n";
  write_members(out, root, format, 0, notes);
  return out;
})

}  // namespace detail
HP_NAMESPACE_END
