// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Dictionary values exchanged with Python (status dicts, device parameters).
// The binding converts Python objects to and from these; the core checks types
// with the as_* helpers, which throw TypeMismatch naming the key.

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace roost {

using Value = std::variant<bool, std::int64_t, double, std::string, std::vector<double>, std::vector<std::int64_t>,
                           std::vector<std::string>>;
using Dict = std::map<std::string, Value>;

double as_double(const Value& v, const std::string& key);
std::int64_t as_int(const Value& v, const std::string& key);
bool as_bool(const Value& v, const std::string& key);
const std::string& as_string(const Value& v, const std::string& key);
std::vector<double> as_doubles(const Value& v, const std::string& key);
std::vector<std::int64_t> as_ints(const Value& v, const std::string& key);
std::vector<std::string> as_strings(const Value& v, const std::string& key);

// Converts v to the alternative that `like` holds (double <- int, bool <- 0/1,
// list of double <- list of int ...); throws TypeMismatch otherwise.
Value coerce_like(const Value& like, const Value& v, const std::string& key);

}  // namespace roost
