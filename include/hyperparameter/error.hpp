// hyperparameter: error types.
//
// Every error derives from hp::error and starts its message with a stable
// prefix ("hp::conversion_error: ...") so users can grep logs and tests can
// match. Each message names the key, the offending text, the wanted type and
// where the value came from, whenever those are known.
#pragma once

#include "version.hpp"
#include "detail/state.hpp"
#include "detail/utf8.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

HP_NAMESPACE_BEGIN

class HP_STATE_API error : public std::runtime_error {
 public:
  explicit error(const std::string& message) : std::runtime_error(message) {}
};

namespace detail {

// How many bytes of one input a message quotes; longer ones are cut.
inline constexpr std::size_t max_shown_bytes = 200;

// `text` as a message shows it: control bytes and bytes that are not valid
// UTF-8 escaped (\n, \t, \xHH), so a NUL cannot end the message and the
// message is valid UTF-8 (Python, JSON and terminals can take it), and cut
// after max_shown_bytes (never inside a character) with its length.
HP_COMPILED std::string shown(std::string_view text, std::size_t max = max_shown_bytes) HP_BODY({
  static const char hex[] = "0123456789abcdef";
  std::string out;
  std::size_t i = 0;
  while (i < text.size() && i < max) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_character_length(text, i);
    if (n > 1 && i + n > max) break;
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7f || n == 0) out += {'\\', 'x', hex[c >> 4], hex[c & 15]};
    else out.append(text.substr(i, n));
    i += n == 0 ? 1 : n;
  }
  if (i < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
})

// " (from SOURCE)" or nothing when the source is unknown.
HP_COMPILED std::string from_clause(std::string_view source) HP_BODY({
  return source.empty() ? std::string() : " (from " + shown(source) + ")";
})

}  // namespace detail

namespace detail {
// Every message starts with its type's stable prefix: "hp::<type>: <body>".
HP_COMPILED std::string prefixed(const char* type, std::string_view body) HP_BODY({
  std::string out = "hp::";
  out += type;
  out += ": ";
  out += body;
  return out;
})
}  // namespace detail

// Constructors and destructors below stay inline and call compiled functions:
// a compiler may emit only one of a constructor's variants for HP_COMPILED.

// A key that is not a valid dotted name.
class HP_STATE_API invalid_key : public error {
 public:
  invalid_key(std::string key, std::size_t position, std::string_view reason, std::string_view source = {})
      : error(message(key, position, reason, source)), key_(std::move(key)), position_(position) {}

  [[nodiscard]] const std::string& key() const noexcept { return key_; }
  // 0-based byte index of the offending character.
  [[nodiscard]] std::size_t position() const noexcept { return position_; }

 private:
  HP_COMPILED static std::string message(const std::string& key, std::size_t position, std::string_view reason,
                                         std::string_view source) HP_BODY({
    return detail::prefixed("invalid_key", "key '" + detail::shown(key) + "' is invalid at position " +
                                               std::to_string(position) + ": " + std::string(reason) +
                                               detail::from_clause(source));
  })

  std::string key_;
  std::size_t position_;
};

// A parameter read with hp::get<T>(key) (no fallback) that nobody set.
class HP_STATE_API missing_parameter : public error {
 public:
  explicit missing_parameter(std::string key) : error(not_set(key)), key_(std::move(key)) {}
  // A custom explanation, e.g. for a ${reference} that points nowhere.
  missing_parameter(std::string key, std::string_view explanation)
      : error(detail::prefixed("missing_parameter", explanation)), key_(std::move(key)) {}

  [[nodiscard]] const std::string& key() const noexcept { return key_; }

 private:
  HP_COMPILED static std::string not_set(const std::string& key) HP_BODY({
    return detail::prefixed("missing_parameter", "key '" + detail::shown(key) + "' is not set");
  })

  std::string key_;
};

// A value that cannot be converted to the wanted type.
class HP_STATE_API conversion_error : public error {
 public:
  // `text` is the value as shown to the user (text is quoted by the caller).
  conversion_error(std::string text, std::string wanted_type, std::string detail = {}, std::string key = {},
                   std::string source = {})
      : error(compose(key, text, wanted_type, detail, source)),
        key_(std::move(key)),
        text_(std::move(text)),
        wanted_type_(std::move(wanted_type)),
        detail_(std::move(detail)),
        source_(std::move(source)) {}

  // The same error, told about the key it was read under and its source;
  // `expanded_from`: the key's own text when the value is what its ${}
  // references expanded to (else empty).
  [[nodiscard]] conversion_error with_context(std::string key, std::string source,
                                              std::string_view expanded_from = {}) const {
    std::string why = detail_;
    if (!expanded_from.empty())
      why += (why.empty() ? "" : "; ") + std::string("expanded from \"") + detail::shown(expanded_from) + "\"";
    return conversion_error(text_, wanted_type_, std::move(why), std::move(key), std::move(source));
  }

  [[nodiscard]] const std::string& key() const noexcept { return key_; }
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  [[nodiscard]] const std::string& wanted_type() const noexcept { return wanted_type_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  HP_COMPILED static std::string compose(const std::string& key, const std::string& text,
                                         const std::string& wanted, const std::string& detail,
                                         const std::string& source) HP_BODY({
    std::string message;
    if (!key.empty()) message += "key '" + detail::shown(key) + "' = ";
    message += detail::shown(text) + " is not a valid " + wanted + detail::from_clause(source);
    return detail::prefixed("conversion_error", detail.empty() ? message : message + ": " + detail);
  })

  std::string key_, text_, wanted_type_, detail_, source_;
};

// Malformed input: a define, a config file, a command line, an interpolation.
class HP_STATE_API parse_error : public error {
 public:
  // `source` is a file name or a description such as "define '=3'"; `line`
  // is 1-based, 0 when unknown.
  parse_error(std::string source, std::size_t line, std::string_view message)
      : error(compose(source, line, message)), source_(std::move(source)), line_(line) {}

  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }

 private:
  HP_COMPILED static std::string compose(const std::string& source, std::size_t line, std::string_view message)
      HP_BODY({
    const std::string where = line == 0 ? detail::shown(source) : detail::shown(source) + ":" + std::to_string(line);
    return detail::prefixed("parse_error", where + ": " + detail::shown(message, 4096));
  })

  std::string source_;
  std::size_t line_;
};

// A key given on the command line or in a config file that no program part declared.
class HP_STATE_API unknown_parameter : public error {
 public:
  // `note`, when given, ends the message (what the user may have missed).
  unknown_parameter(std::string key, std::string_view source, std::string suggestion, std::string_view note = {})
      : error(compose(key, source, suggestion, note)), key_(std::move(key)), suggestion_(std::move(suggestion)) {}

  [[nodiscard]] const std::string& key() const noexcept { return key_; }
  // The closest declared key, or empty when none is close.
  [[nodiscard]] const std::string& suggestion() const noexcept { return suggestion_; }

 private:
  HP_COMPILED static std::string compose(const std::string& key, std::string_view source,
                                         const std::string& suggestion, std::string_view note) HP_BODY({
    return detail::prefixed("unknown_parameter",
                            "key '" + detail::shown(key) + "'" + detail::from_clause(source) +
                                " is not a declared parameter" +
                                (suggestion.empty() ? std::string() : "; did you mean '" + suggestion + "'?") +
                                (note.empty() ? std::string() : "; " + std::string(note)));
  })

  std::string key_;
  std::string suggestion_;
};

// A file that cannot be read or written: a config file to load (missing,
// unreadable, or with an extension that names no format the program reads),
// an output file (save_config, --operative-config, a sweep's records, a
// tracking store).
class HP_STATE_API io_error : public error {
 public:
  io_error(std::string path, std::string_view message)
      : error(detail::prefixed("io_error", message)), path_(std::move(path)) {}

  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// A key declared twice (by auto_param or hp::declare) with another type or
// default; the message names both declaration sites.
class HP_STATE_API declaration_conflict : public error {
 public:
  declaration_conflict(std::string key, std::string_view message)
      : error(detail::prefixed("declaration_conflict", message)), key_(std::move(key)) {}

  [[nodiscard]] const std::string& key() const noexcept { return key_; }

 private:
  std::string key_;
};

// Two different keys with the same 64-bit hash in one view or one params.
class HP_STATE_API hash_collision : public error {
 public:
  hash_collision(std::string key, std::string other_key)
      : error(compose(key, other_key)), key_(std::move(key)), other_key_(std::move(other_key)) {}

  [[nodiscard]] const std::string& key() const noexcept { return key_; }
  [[nodiscard]] const std::string& other_key() const noexcept { return other_key_; }

 private:
  HP_COMPILED static std::string compose(const std::string& key, const std::string& other_key) HP_BODY({
    return detail::prefixed("hash_collision", "keys '" + detail::shown(key) + "' and '" + detail::shown(other_key) +
                                                  "' have the same hash");
  })

  std::string key_;
  std::string other_key_;
};

// The library used in a way it does not support: command-line options that
// do not go together, a sweep axis given twice, a trial out of range, a
// scope guard read on another thread.
class HP_STATE_API usage_error : public error {
 public:
  explicit usage_error(std::string_view message) : error(detail::prefixed("usage_error", message)) {}
};

HP_NAMESPACE_END
