// hyperparameter: what hp::run prints for --help, --list-params, --explain
// and --dump-config, and the check that given values fit declared types.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../version.hpp"
#include "../config.hpp"
#include "../error.hpp"
#include "../key.hpp"
#include "../param_scope.hpp"
#include "../params.hpp"
#include "../registry.hpp"
#include "parse.hpp"
#include "../config/writer.hpp"
#include "../detail/state.hpp"
#include "../detail/utf8.hpp"
#include "suggest.hpp"

#if HP_HAS_BODIES
#include <algorithm>
#include <ostream>
#endif

HP_NAMESPACE_BEGIN
namespace detail {

// `e` read through the current scopes (${refs} resolved), typed as its
// declared parameter when it is one: "4" for an int parameter gives 4.
HP_COMPILED value effective_value(const entry& e) HP_BODY({
  value v = read_entry<value>(e, current_view{});
  if (const declared_type_check check = registry_store::instance().check_for(e.name())) {
    try {
      return check(v);
    } catch (const conversion_error& x) {
      throw x.with_context(e.name(), e.source);
    }
  }
  return v;
})

HP_COMPILED const entry* visible_entry(std::string_view key) HP_BODY({
  return lookup_current(table_hash(xxh64(key, key_seed)));
})

// Every value the command line gave a declared parameter must read as its
// type (${refs} resolved), now rather than deep inside the program. Other
// keys may refer to values the program sets later, so they wait for their read.
HP_COMPILED void check_declared_types(const loaded_command_line& loaded) HP_BODY({
  for (const params* layer : {&loaded.config, &loaded.defines})
    for (const entry& given : access::entries(*layer))
      if (registry_store::instance().check_for(given.name()) != nullptr)
        if (const entry* e = visible_entry(given.name())) (void)effective_value(*e);
})

HP_COMPILED std::string available_config_extensions() HP_BODY({
  std::string out;
  for (config_format f : {config_format::json, config_format::yaml, config_format::toml})
    if (has_parser(f)) out += (out.empty() ? "" : " ") + std::string(info_of(f).extensions);
  return out.empty() ? "none compiled in" : out;
})

// Rows of cells printed as left-aligned columns, two spaces apart, aligned
// by the columns a terminal gives each cell (wide characters take two).
HP_COMPILED void print_columns(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                               std::string_view indent) HP_BODY({
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], terminal_width(row[c]));
    }
  for (const auto& row : rows) {
    std::string line(indent);
    for (std::size_t c = 0; c < row.size(); ++c)
      line += c + 1 == row.size() ? row[c] : row[c] + std::string(widths[c] - terminal_width(row[c]) + 2, ' ');
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
})

HP_COMPILED std::string shown_default(const declared_param& p) HP_BODY({
  return p.default_value.is_none() ? "(cannot be shown: hp::converter<" + p.type + "> has no to_value)"
                                   : p.default_value.describe();
})

// `takes_args`: the program takes words of its own (its function takes hp::cli_args).
HP_COMPILED void print_help(std::ostream& out, std::string_view program, std::string_view description = {},
                            bool has_version = false, bool takes_args = true) HP_BODY({
  out << "usage: " << program << " [--config FILE]... [-D key=value]... [OPTION]..."
      << (takes_args ? " [ARGS...]" : "") << "\n\n";
  if (!description.empty()) out << description << "\n\n";
  out << "Parameters come from three layers, later wins:\n"
      << "  defaults < --config FILE (" << available_config_extensions() << ") < -D key=value\n\n"
      << "Parameters:\n";
  const std::vector<declared_param> declared = registry();
  std::vector<std::vector<std::string>> rows{{"KEY", "TYPE", "DEFAULT", "DECLARED AT", "HELP"}};
  for (const declared_param& p : declared) rows.push_back({p.key, p.type, shown_default(p), p.declared_at, p.help});
  if (declared.empty()) out << "  (none declared)\n";
  else print_columns(out, rows, "  ");
  out << "\nOptions:\n";
  std::vector<std::vector<std::string>> options;
  for (const cli_option& o : cli_options()) {
    if (o.needs_version && !has_version) continue;
    std::string spelled = o.alias.empty() ? std::string(o.name) : std::string(o.alias) + ", " + std::string(o.name);
    if (!o.value_name.empty()) spelled += " " + std::string(o.value_name);
    options.push_back({spelled, std::string(o.help)});
  }
  if (takes_args) options.push_back({"--", "pass every later argument to the program untouched"});
  print_columns(out, options, "  ");
})

HP_COMPILED void print_param_list(std::ostream& out) HP_BODY({
  for (const declared_param& p : registry()) out << p.key << '\n';
})

// The value in effect, the layer that set it and the value in every layer.
HP_COMPILED void explain(std::ostream& out, std::string_view key_text, const loaded_command_line& loaded,
                         const frame& outer) HP_BODY({
  const key k(key_text);
  const std::vector<declared_param> declared = registry();
  const auto found = std::find_if(declared.begin(), declared.end(),
                                  [&](const declared_param& p) { return p.key == key_text; });
  const declared_param* d = found == declared.end() ? nullptr : &*found;
  const entry* winner = visible_entry(key_text);
  if (d == nullptr && winner == nullptr) {
    std::vector<std::string> names;
    for (const declared_param& p : declared) names.push_back(p.key);
    for (const auto& [name, v] : current()) names.push_back(name);
    throw unknown_parameter(std::string(key_text), "--explain", closest_key(key_text, names));
  }

  std::string header = std::string(key_text) + " = ";
  if (winner == nullptr && !entry::needs_interpolation(d->default_value)) {
    header += shown_default(*d);
  } else if (winner == nullptr) {  // an inline default with ${...}, read like any other value
    try {
      header += effective_value(entry(d->key, d->default_value, "default at " + d->declared_at)).describe();
    } catch (const error& e) {
      header += shown_default(*d) + "  (cannot be read: " + e.what() + ")";
    }
  } else {
    try {
      header += effective_value(*winner).describe();
    } catch (const error& e) {
      header += winner->val().describe() + "  (cannot be read: " + e.what() + ")";
    }
  }
  header += "  (" + (d != nullptr ? d->type + ", " : std::string("not declared, ")) + "set by " +
            (winner != nullptr ? winner->source : std::string("default")) + ")";
  out << header << '\n';
  if (d != nullptr && !d->help.empty()) out << "  " << d->help << '\n';
  if (d != nullptr) out << "  declared at " << d->declared_at << '\n';

  // Lowest layer first; the last row that has the key is the one in effect.
  std::vector<std::vector<std::string>> rows;
  if (d != nullptr) rows.push_back({"default", shown_default(*d), d->declared_at});
  if (const entry* e = access::lookup(outer, table_hash(k.hash())))
    rows.push_back({"scope", e->val().describe(), e->source});
  for (const params& file : loaded.files)
    if (const entry* e = access::lookup(file, table_hash(k.hash())))
      rows.push_back({"config", e->val().describe(), e->source});
  if (const entry* e = access::lookup(loaded.defines, table_hash(k.hash())))
    rows.push_back({"-D", e->val().describe(), e->source});
  rows.back().push_back("<- in effect");
  out << "  layers, later wins:\n";
  print_columns(out, rows, "    ");
})

// The effective configuration: every declared parameter (its value in
// effect, or its default) and every other key in scope, ${refs} resolved.
// `left_out` gets the declared keys whose default cannot be shown. Resolved
// text that still holds "${" (from "$${" or a referenced value) is escaped,
// so that reloading the dump does not interpolate it again.
HP_COMPILED params effective_config(std::vector<std::string>* left_out = nullptr) HP_BODY({
  params out;
  for (const declared_param& d : registry()) {
    if (const entry* e = visible_entry(d.key)) {
      out.set(d.key, escaped_literal(effective_value(*e)), e->source);
    } else if (d.default_value.is_none()) {
      if (left_out != nullptr) left_out->push_back(d.key);
    } else {
      const entry inline_default(d.key, d.default_value, "default at " + d.declared_at);
      out.set(d.key, escaped_literal(effective_value(inline_default)), "default");
    }
  }
  for (const entry* e : access::entries(current())) {
    if (out.has(e->name())) continue;
    value v = e->val();
    try {
      v = escaped_literal(effective_value(*e));
    } catch (const error&) {  // an undeclared key may refer to one set later: keep its text
    }
    out.set(e->name(), std::move(v), e->source);
  }
  return out;
})

// YAML when the YAML adapter is in the program (it reads the file back), else JSON.
HP_COMPILED writer_format dump_format() HP_BODY({
  return has_parser(config_format::yaml) ? writer_format::yaml : writer_format::json;
})


// --dump-config: the effective configuration on `out`; keys it cannot show are named on `notes`.
HP_COMPILED void dump_config(std::ostream& out, std::ostream& notes, std::string_view program) HP_BODY({
  std::vector<std::string> left_out;
  const params effective = effective_config(&left_out);
  out << write_config(effective, dump_format(),
                      "effective configuration of " + std::string(program) + "; reload it with --config FILE");
  for (const std::string& key : left_out)
    notes << program << ": --dump-config left out '" << key
          << "': its default cannot be shown (give its hp::converter a static hp::value to_value(const T&))\n";
})

}  // namespace detail
HP_NAMESPACE_END
