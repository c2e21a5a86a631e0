// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// NEST's nest.random / nest.math Parameter objects: an immutable expression tree
// of constants, random distributions and arithmetic, evaluated with a
// caller-supplied RandomStream. The caller picks the stream (for example keyed by
// (seed, SynapseParameter, projection, target gid)), so values are reproducible
// for any thread or rank count.
//
// Every Parameter is compiled when it is built into a flat ParameterProgram
// (parameter_program.hpp). value() runs that program through evaluate_parameter,
// the same ROOST_HD function that CUDA device code calls with program().ops, so
// host and device share one implementation of the semantics.

#include <cstdint>
#include <memory>
#include <utility>

#include "roost/parameter_program.hpp"
#include "roost/rng.hpp"

namespace roost {

// A value-type handle to an immutable, compiled expression; copying is cheap (one
// shared_ptr) and copies may be evaluated concurrently from different threads,
// each with its own RandomStream.
//
// Evaluation order is fixed: children left to right, depth first, and every
// random node draws from the stream at the moment it is reached. So the numbers
// drawn for one value() call depend only on the tree and the stream.
//
// Size limits (so that the device evaluator needs no allocation): a tree of more
// than kParameterMaxOps (128) program operations, one that needs a value stack
// deeper than kParameterMaxStack (32), or one with redraw nodes nested more than
// kParameterMaxRedraws (8) deep is refused with Error(BadProperty) by the factory
// or operator that would build it. A leaf is one operation, a unary or binary
// node one more than its children, a conditional two more, a redraw two more.
class Parameter {
 public:
  // NEST's comparator codes (ComparingParameter): 0 <, 1 <=, 2 ==, 3 !=, 4 >=, 5 >.
  enum class Comparator : int {
    less = 0,
    less_equal = 1,
    equal = 2,
    not_equal = 3,
    greater_equal = 4,
    greater = 5,
  };

  // A constant; implicit so that arithmetic with plain numbers reads naturally.
  Parameter(double value);  // NOLINT(google-explicit-constructor)
  Parameter() : Parameter(0.0) {}

  // The spatial leaves (nest.spatial.*); dimension 0 x, 1 y, 2 z (ignored for distance).
  enum class SpatialLeaf { distance, distance_component, source_position, target_position, node_position };
  static Parameter spatial(SpatialLeaf leaf, int dimension = 0);

  // Factories. Each validates its arguments and throws Error(BadProperty) with a
  // message naming the distribution and the argument.
  static Parameter constant(double value);
  // Uniform on [min, max); requires min < max.
  static Parameter uniform(double min = 0.0, double max = 1.0);
  // Normal(mean, std); requires std > 0 (as NEST).
  static Parameter normal(double mean = 0.0, double std = 1.0);
  // exp(Normal(mean, std)): mean and std are those of the underlying normal, as
  // NEST; requires std > 0.
  static Parameter lognormal(double mean = 0.0, double std = 1.0);
  // Exponential with scale beta (mean beta); requires beta > 0.
  static Parameter exponential(double beta = 1.0);
  // Integers 0, 1, ..., max - 1 (as doubles); requires max >= 1.
  static Parameter uniform_int(std::int64_t max);
  // Draws p until min <= v <= max; requires min <= max. value() throws
  // Error(KernelException) when 1000 draws all fall outside (as NEST).
  static Parameter redraw(const Parameter& p, double min, double max);

  static Parameter add(const Parameter& a, const Parameter& b);
  static Parameter sub(const Parameter& a, const Parameter& b);
  static Parameter mul(const Parameter& a, const Parameter& b);
  static Parameter div(const Parameter& a, const Parameter& b);  // IEEE: x/0 = +-inf
  static Parameter pow(const Parameter& base, const Parameter& exponent);
  static Parameter min(const Parameter& a, const Parameter& b);
  static Parameter max(const Parameter& a, const Parameter& b);
  // 1.0 if (a c b) holds, else 0.0; NEST's ComparingParameter.
  static Parameter compare(const Parameter& a, const Parameter& b,
                           Comparator c = Comparator::equal);
  // if_true's value where condition != 0, else if_false's; only the chosen branch
  // is evaluated (and draws), as NEST's ConditionalParameter.
  static Parameter conditional(const Parameter& condition, const Parameter& if_true,
                               const Parameter& if_false);

  static Parameter neg(const Parameter& p);
  static Parameter exp(const Parameter& p);
  static Parameter sin(const Parameter& p);
  static Parameter cos(const Parameter& p);
  static Parameter abs(const Parameter& p);

  // One value. Draws from `rng` as described above. Thread-safe for distinct streams.
  // `geometry`: the pair or node a spatial tree is evaluated for; a spatial tree
  // without one throws Error(BadProperty) ("... spatial parameter; it needs layers").
  double value(RandomStream& rng, const ParameterGeometry* geometry = nullptr) const;

  // True if the tree holds no random and no spatial node (it has one fixed value).
  bool is_constant() const;
  // True if the tree holds a spatial leaf (its value needs a ParameterGeometry).
  bool is_spatial() const;

  // The value of a constant tree; throws Error(KernelException) if !is_constant().
  double constant_value() const;

  // The compiled program, for evaluation elsewhere (e.g. copied to the device and
  // run with evaluate_parameter). Lives as long as this Parameter or its copies.
  const ParameterProgram& program() const;

 private:
  explicit Parameter(std::shared_ptr<const ParameterProgram> program)
      : program_(std::move(program)) {}
  std::shared_ptr<const ParameterProgram> program_;
};

inline Parameter operator+(const Parameter& a, const Parameter& b) { return Parameter::add(a, b); }
inline Parameter operator-(const Parameter& a, const Parameter& b) { return Parameter::sub(a, b); }
inline Parameter operator*(const Parameter& a, const Parameter& b) { return Parameter::mul(a, b); }
inline Parameter operator/(const Parameter& a, const Parameter& b) { return Parameter::div(a, b); }
inline Parameter operator-(const Parameter& p) { return Parameter::neg(p); }

}  // namespace roost
