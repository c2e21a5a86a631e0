// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/value.hpp"

#include <cmath>

#include "roost/error.hpp"

namespace roost {
namespace {

[[noreturn]] void mismatch(const std::string& key, const char* expected) {
  throw Error(ErrorKind::TypeMismatch, "Parameter '" + key + "' expects " + expected + ".");
}

}  // namespace

double as_double(const Value& v, const std::string& key) {
  if (auto d = std::get_if<double>(&v)) return *d;
  if (auto i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  mismatch(key, "a number");
}

std::int64_t as_int(const Value& v, const std::string& key) {
  if (auto i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto d = std::get_if<double>(&v)) {
    if (std::floor(*d) == *d) return static_cast<std::int64_t>(*d);
  }
  mismatch(key, "an integer");
}

bool as_bool(const Value& v, const std::string& key) {
  if (auto b = std::get_if<bool>(&v)) return *b;
  if (auto i = std::get_if<std::int64_t>(&v)) {
    if (*i == 0 || *i == 1) return *i == 1;
  }
  mismatch(key, "a boolean");
}

const std::string& as_string(const Value& v, const std::string& key) {
  if (auto s = std::get_if<std::string>(&v)) return *s;
  mismatch(key, "a string");
}

std::vector<double> as_doubles(const Value& v, const std::string& key) {
  if (auto d = std::get_if<std::vector<double>>(&v)) return *d;
  if (auto i = std::get_if<std::vector<std::int64_t>>(&v)) return {i->begin(), i->end()};
  if (auto s = std::get_if<std::vector<std::string>>(&v); s && s->empty()) return {};
  mismatch(key, "a list of numbers");
}

std::vector<std::int64_t> as_ints(const Value& v, const std::string& key) {
  if (auto i = std::get_if<std::vector<std::int64_t>>(&v)) return *i;
  if (auto d = std::get_if<std::vector<double>>(&v)) {
    std::vector<std::int64_t> out;
    for (double x : *d) {
      if (std::floor(x) != x) mismatch(key, "a list of integers");
      out.push_back(static_cast<std::int64_t>(x));
    }
    return out;
  }
  if (auto s = std::get_if<std::vector<std::string>>(&v); s && s->empty()) return {};
  mismatch(key, "a list of integers");
}

std::vector<std::string> as_strings(const Value& v, const std::string& key) {
  if (auto s = std::get_if<std::vector<std::string>>(&v)) return *s;
  if (auto d = std::get_if<std::vector<double>>(&v); d && d->empty()) return {};
  if (auto i = std::get_if<std::vector<std::int64_t>>(&v); i && i->empty()) return {};
  mismatch(key, "a list of strings");
}

Value coerce_like(const Value& like, const Value& v, const std::string& key) {
  return std::visit(
      [&](const auto& l) -> Value {
        using T = std::decay_t<decltype(l)>;
        if constexpr (std::is_same_v<T, double>) return as_double(v, key);
        if constexpr (std::is_same_v<T, std::int64_t>) return as_int(v, key);
        if constexpr (std::is_same_v<T, bool>) return as_bool(v, key);
        if constexpr (std::is_same_v<T, std::string>) return as_string(v, key);
        if constexpr (std::is_same_v<T, std::vector<double>>) return as_doubles(v, key);
        if constexpr (std::is_same_v<T, std::vector<std::int64_t>>) return as_ints(v, key);
        if constexpr (std::is_same_v<T, std::vector<std::string>>) return as_strings(v, key);
      },
      like);
}

}  // namespace roost
