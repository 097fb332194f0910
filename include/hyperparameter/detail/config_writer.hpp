// hyperparameter: writing hp::params as a JSON or YAML config file.
//
// For --dump-config and the operative configuration: the output must load
// back with --config to the same values. Dotted keys nest again; when a key
// is both a value and a parent (`a` and `a.b`), the children stay dotted
// beside it. Text is always quoted and doubles always look like doubles, so
// reloading never changes a value's kind. YAML gets each source as a comment
// (and any note for the key after it).
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../params.hpp"
#include "../value.hpp"
#include "frame_node.hpp"

namespace hp::detail {

enum class writer_format { json, yaml };

inline void append_quoted(std::string& out, std::string_view text) {
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
}

inline void append_value(std::string& out, const value& v, writer_format format) {
  switch (v.type()) {
    case value::kind::none: out += "null"; return;
    case value::kind::boolean: out += *v.if_bool() ? "true" : "false"; return;
    case value::kind::integer: out += std::to_string(*v.if_integer()); return;
    case value::kind::floating: {
      const double d = *v.if_double();
      if (std::isnan(d) || std::isinf(d)) {
        const char* name = std::isnan(d) ? "nan" : d > 0 ? "inf" : "-inf";
        if (format == writer_format::json) append_quoted(out, name);  // JSON has no literal for them
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
        append_value(out, item, format);
      }
      out += ']';
      return;
    }
  }
}

// A YAML key needs quotes unless it is a plain word that YAML reads as text.
inline void append_yaml_key(std::string& out, std::string_view key) {
  bool plain = !key.empty() && key != "null" && key != "Null" && key != "NULL" &&
               ((key[0] >= 'a' && key[0] <= 'z') || (key[0] >= 'A' && key[0] <= 'Z') || key[0] == '_');
  for (char c : key)
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '-' || c == '.');
  if (plain) out += key;
  else append_quoted(out, key);
}

// The dotted keys of a params, nested again by segment.
struct key_tree {
  std::string name;
  const entry* leaf = nullptr;
  std::vector<key_tree> children;

  void insert(const entry& e) {
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
  }

  // Every leaf below this node, with its key relative to this node's parent.
  void leaves(const std::string& prefix, std::vector<std::pair<std::string, const entry*>>& out) const {
    const std::string here = prefix.empty() ? name : prefix + "." + name;
    if (leaf != nullptr) out.emplace_back(here, leaf);
    for (const key_tree& c : children) c.leaves(here, out);
  }
};

// Extra comments by key (YAML only), after the source: what else was read.
using key_notes = std::unordered_map<std::string, std::string>;

// Members of one object: a node with children nests, unless it is also a
// value itself; then its descendants follow it as dotted keys.
inline void write_members(std::string& out, const key_tree& node, writer_format format, int indent,
                          const key_notes* notes) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  bool first = true;
  const auto write_leaf = [&](const std::string& name, const entry& e) {
    if (format == writer_format::json) {
      out += first ? "" : ",\n";
      out += pad;
      append_quoted(out, name);
      out += ": ";
      append_value(out, e.val(), format);
    } else {
      out += pad;
      append_yaml_key(out, name);
      out += ": ";
      append_value(out, e.val(), format);
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
}

// The whole file. `title` becomes a leading comment in YAML.
inline std::string write_config(const params& p, writer_format format, std::string_view title = {},
                                const key_notes* notes = nullptr) {
  key_tree root;
  for (const entry& e : p.entries()) root.insert(e);
  std::string out;
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
}

}  // namespace hp::detail
