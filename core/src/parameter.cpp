// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/parameter.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "roost/error.hpp"

namespace roost {

namespace {

enum class Op {
  constant,
  uniform,
  normal,
  lognormal,
  exponential,
  uniform_int,
  redraw,
  add,
  sub,
  mul,
  div,
  pow,
  min,
  max,
  compare,
  conditional,
  neg,
  exp,
  sin,
  cos,
  abs,
};

constexpr int kMaxRedraws = 1000;  // NEST's RedrawParameter::max_redraws_

std::string format_number(double x) {
  std::ostringstream out;
  out.precision(17);
  out << x;
  return out.str();
}

[[noreturn]] void bad_argument(const char* distribution, const std::string& requirement,
                               const char* argument, double got) {
  throw Error(ErrorKind::BadProperty, std::string(distribution) + ": " + requirement +
                                          " required, got " + argument + "=" +
                                          format_number(got));
}

}  // namespace

// One immutable tree node. a, b: numeric arguments; x, y, z: children.
struct Parameter::Node {
  Op op = Op::constant;
  double a = 0.0;
  double b = 0.0;
  Comparator comparator = Comparator::equal;
  std::shared_ptr<const Node> x, y, z;
  bool constant = true;  // no random node in this subtree
};

namespace {

using NodePtr = std::shared_ptr<const Parameter::Node>;

NodePtr make_leaf(Op op, double a, double b, bool constant) {
  auto node = std::make_shared<Parameter::Node>();
  node->op = op;
  node->a = a;
  node->b = b;
  node->constant = constant;
  return node;
}

bool compare_values(double a, double b, Parameter::Comparator c) {
  switch (c) {
    case Parameter::Comparator::less: return a < b;
    case Parameter::Comparator::less_equal: return a <= b;
    case Parameter::Comparator::equal: return a == b;
    case Parameter::Comparator::not_equal: return a != b;
    case Parameter::Comparator::greater_equal: return a >= b;
    case Parameter::Comparator::greater: return a > b;
  }
  throw Error(ErrorKind::BadProperty, "compare: comparator must be in the range 0-5");
}

// rng is null only for constant trees (random nodes are never reached then).
double eval(const Parameter::Node& n, RandomStream* rng) {
  switch (n.op) {
    case Op::constant: return n.a;
    case Op::uniform: return n.a + rng->uniform() * (n.b - n.a);
    case Op::normal: return n.a + n.b * rng->normal();
    case Op::lognormal: return std::exp(n.a + n.b * rng->normal());
    case Op::exponential: return n.a * rng->exponential();
    case Op::uniform_int:
      return static_cast<double>(rng->uniform_int(static_cast<std::uint64_t>(n.a)));
    case Op::redraw:
      for (int i = 0; i < kMaxRedraws; ++i) {
        const double v = eval(*n.x, rng);
        if (v >= n.a && v <= n.b) return v;
      }
      throw Error(ErrorKind::KernelException,
                  "redraw: number of redraws exceeded limit of " + std::to_string(kMaxRedraws) +
                      " (no value in [" + format_number(n.a) + ", " + format_number(n.b) + "])");
    case Op::add: {
      const double l = eval(*n.x, rng);
      return l + eval(*n.y, rng);
    }
    case Op::sub: {
      const double l = eval(*n.x, rng);
      return l - eval(*n.y, rng);
    }
    case Op::mul: {
      const double l = eval(*n.x, rng);
      return l * eval(*n.y, rng);
    }
    case Op::div: {
      const double l = eval(*n.x, rng);
      return l / eval(*n.y, rng);
    }
    case Op::pow: {
      const double l = eval(*n.x, rng);
      return std::pow(l, eval(*n.y, rng));
    }
    case Op::min: {
      const double l = eval(*n.x, rng);
      return std::fmin(l, eval(*n.y, rng));
    }
    case Op::max: {
      const double l = eval(*n.x, rng);
      return std::fmax(l, eval(*n.y, rng));
    }
    case Op::compare: {
      const double l = eval(*n.x, rng);
      return compare_values(l, eval(*n.y, rng), n.comparator) ? 1.0 : 0.0;
    }
    case Op::conditional:
      return eval(*n.x, rng) != 0.0 ? eval(*n.y, rng) : eval(*n.z, rng);
    case Op::neg: return -eval(*n.x, rng);
    case Op::exp: return std::exp(eval(*n.x, rng));
    case Op::sin: return std::sin(eval(*n.x, rng));
    case Op::cos: return std::cos(eval(*n.x, rng));
    case Op::abs: return std::fabs(eval(*n.x, rng));
  }
  throw Error(ErrorKind::KernelException, "Parameter: corrupt expression node");
}

}  // namespace

Parameter::Parameter(double value) : node_(make_leaf(Op::constant, value, 0.0, true)) {}

Parameter Parameter::constant(double value) { return Parameter(value); }

Parameter Parameter::uniform(double min, double max) {
  if (!(min < max)) {
    throw Error(ErrorKind::BadProperty, "uniform: min < max required, got min=" +
                                            format_number(min) + ", max=" + format_number(max));
  }
  return Parameter(make_leaf(Op::uniform, min, max, false));
}

Parameter Parameter::normal(double mean, double std) {
  if (!(std > 0.0)) bad_argument("normal", "std > 0", "std", std);
  return Parameter(make_leaf(Op::normal, mean, std, false));
}

Parameter Parameter::lognormal(double mean, double std) {
  if (!(std > 0.0)) bad_argument("lognormal", "std > 0", "std", std);
  return Parameter(make_leaf(Op::lognormal, mean, std, false));
}

Parameter Parameter::exponential(double beta) {
  if (!(beta > 0.0)) bad_argument("exponential", "beta > 0", "beta", beta);
  return Parameter(make_leaf(Op::exponential, beta, 0.0, false));
}

Parameter Parameter::uniform_int(std::int64_t max) {
  if (max < 1) bad_argument("uniform_int", "max >= 1", "max", static_cast<double>(max));
  return Parameter(make_leaf(Op::uniform_int, static_cast<double>(max), 0.0, false));
}

Parameter Parameter::redraw(const Parameter& p, double min, double max) {
  if (!(min <= max)) {
    throw Error(ErrorKind::BadProperty, "redraw: min <= max required, got min=" +
                                            format_number(min) + ", max=" + format_number(max));
  }
  auto node = std::make_shared<Node>();
  node->op = Op::redraw;
  node->a = min;
  node->b = max;
  node->x = p.node_;
  node->constant = p.node_->constant;
  return Parameter(std::move(node));
}

namespace {

NodePtr make_binary(Op op, const NodePtr& x, const NodePtr& y) {
  auto node = std::make_shared<Parameter::Node>();
  node->op = op;
  node->x = x;
  node->y = y;
  node->constant = x->constant && y->constant;
  return node;
}

NodePtr make_unary(Op op, const NodePtr& x) {
  auto node = std::make_shared<Parameter::Node>();
  node->op = op;
  node->x = x;
  node->constant = x->constant;
  return node;
}

}  // namespace

Parameter Parameter::add(const Parameter& a, const Parameter& b) {
  return Parameter(make_binary(Op::add, a.node_, b.node_));
}
Parameter Parameter::sub(const Parameter& a, const Parameter& b) {
  return Parameter(make_binary(Op::sub, a.node_, b.node_));
}
Parameter Parameter::mul(const Parameter& a, const Parameter& b) {
  return Parameter(make_binary(Op::mul, a.node_, b.node_));
}
Parameter Parameter::div(const Parameter& a, const Parameter& b) {
  return Parameter(make_binary(Op::div, a.node_, b.node_));
}
Parameter Parameter::pow(const Parameter& base, const Parameter& exponent) {
  return Parameter(make_binary(Op::pow, base.node_, exponent.node_));
}
Parameter Parameter::min(const Parameter& a, const Parameter& b) {
  return Parameter(make_binary(Op::min, a.node_, b.node_));
}
Parameter Parameter::max(const Parameter& a, const Parameter& b) {
  return Parameter(make_binary(Op::max, a.node_, b.node_));
}

Parameter Parameter::compare(const Parameter& a, const Parameter& b, Comparator c) {
  const int code = static_cast<int>(c);
  if (code < 0 || code > 5) {
    throw Error(ErrorKind::BadProperty, "compare: comparator must be in the range 0-5, got " +
                                            std::to_string(code));
  }
  auto node = std::make_shared<Node>();
  node->op = Op::compare;
  node->comparator = c;
  node->x = a.node_;
  node->y = b.node_;
  node->constant = a.node_->constant && b.node_->constant;
  return Parameter(std::move(node));
}

Parameter Parameter::conditional(const Parameter& condition, const Parameter& if_true,
                                 const Parameter& if_false) {
  auto node = std::make_shared<Node>();
  node->op = Op::conditional;
  node->x = condition.node_;
  node->y = if_true.node_;
  node->z = if_false.node_;
  node->constant =
      condition.node_->constant && if_true.node_->constant && if_false.node_->constant;
  return Parameter(std::move(node));
}

Parameter Parameter::neg(const Parameter& p) { return Parameter(make_unary(Op::neg, p.node_)); }
Parameter Parameter::exp(const Parameter& p) { return Parameter(make_unary(Op::exp, p.node_)); }
Parameter Parameter::sin(const Parameter& p) { return Parameter(make_unary(Op::sin, p.node_)); }
Parameter Parameter::cos(const Parameter& p) { return Parameter(make_unary(Op::cos, p.node_)); }
Parameter Parameter::abs(const Parameter& p) { return Parameter(make_unary(Op::abs, p.node_)); }

double Parameter::value(RandomStream& rng) const { return eval(*node_, &rng); }

bool Parameter::is_constant() const { return node_->constant; }

double Parameter::constant_value() const {
  if (!node_->constant) {
    throw Error(ErrorKind::KernelException,
                "Parameter::constant_value: the parameter contains a random distribution");
  }
  return eval(*node_, nullptr);
}

}  // namespace roost
