// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/parameter.hpp"

#include <algorithm>
#include <cstddef>
#include <sstream>
#include <string>
#include <utility>

#include "roost/error.hpp"

namespace roost {

namespace {

using Code = ParameterOpCode;
using ProgramPtr = std::shared_ptr<const ParameterProgram>;

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

// Compilation. A node's program is its children's programs (compiled when the
// children were built) spliced together with the node's own operations, so
// building a tree compiles it bottom-up; see parameter_program.hpp for the layout.

ParameterOp make_op(Code code, double a = 0.0, double b = 0.0, std::int32_t operand = 0,
                    std::uint8_t comparator = 0) {
  ParameterOp op;
  op.code = code;
  op.comparator = comparator;
  op.operand = operand;
  op.a = a;
  op.b = b;
  return op;
}

// Appends `part` to `out`, moving its jump targets (and redraw_check begin
// indices) by the position it lands at. Redraw slots need no change: a redraw's
// slot is the number of redraw levels nested inside it, independent of context.
void splice(ParameterProgram& out, const ParameterProgram& part) {
  const auto offset = static_cast<std::int32_t>(out.ops.size());
  for (ParameterOp op : part.ops) {
    if (op.code == Code::jump || op.code == Code::jump_if_zero || op.code == Code::redraw_check) {
      op.operand += offset;
    }
    out.ops.push_back(op);
  }
}

// Refuses programs the fixed-size evaluator could not run.
ProgramPtr checked(ParameterProgram&& program) {
  if (program.ops.size() > static_cast<std::size_t>(kParameterMaxOps)) {
    throw Error(ErrorKind::BadProperty,
                "Parameter expression too large: " + std::to_string(program.ops.size()) +
                    " operations, at most " + std::to_string(kParameterMaxOps) +
                    " operations are supported");
  }
  if (program.max_stack > kParameterMaxStack) {
    throw Error(ErrorKind::BadProperty,
                "Parameter expression too large: nested too deeply (needs a value stack of " +
                    std::to_string(program.max_stack) + ", at most " +
                    std::to_string(kParameterMaxStack) + " is supported)");
  }
  if (program.redraw_slots > kParameterMaxRedraws) {
    throw Error(ErrorKind::BadProperty,
                "Parameter expression too large: redraw nested " +
                    std::to_string(program.redraw_slots) + " deep, at most " +
                    std::to_string(kParameterMaxRedraws) + " nested redraws are supported");
  }
  return std::make_shared<const ParameterProgram>(std::move(program));
}

ProgramPtr compile_leaf(Code code, double a, double b, bool constant) {
  ParameterProgram p;
  p.ops.push_back(make_op(code, a, b));
  p.constant = constant;
  p.max_stack = 1;
  return checked(std::move(p));
}

// l r op: r is evaluated with l already on the stack.
ProgramPtr compile_binary(Code code, const ParameterProgram& l, const ParameterProgram& r,
                          std::uint8_t comparator = 0) {
  ParameterProgram p;
  p.ops.reserve(l.ops.size() + r.ops.size() + 1);
  splice(p, l);
  splice(p, r);
  p.ops.push_back(make_op(code, 0.0, 0.0, 0, comparator));
  p.constant = l.constant && r.constant;
  p.spatial = l.spatial || r.spatial;
  p.max_stack = std::max(l.max_stack, r.max_stack + 1);
  p.redraw_slots = std::max(l.redraw_slots, r.redraw_slots);
  return checked(std::move(p));
}

ProgramPtr compile_unary(Code code, const ParameterProgram& x) {
  ParameterProgram p;
  p.ops.reserve(x.ops.size() + 1);
  splice(p, x);
  p.ops.push_back(make_op(code));
  p.constant = x.constant;
  p.spatial = x.spatial;
  p.max_stack = x.max_stack;
  p.redraw_slots = x.redraw_slots;
  return checked(std::move(p));
}

}  // namespace

[[noreturn]] void throw_parameter_error(const ParameterProgram& program, int error) {
  if (error == kParameterNeedsGeometry) {
    throw Error(ErrorKind::BadProperty,
                "The parameter is a spatial parameter (nest.spatial ...); it needs layers: use it in Connect "
                "between spatial layers, or for nodes created with positions.");
  }
  if (error == kParameterBadDimension) {
    throw Error(ErrorKind::BadProperty,
                "Spatial distance dimension must be within the defined number of dimensions for the nodes.");
  }
  if (error > 0 && error <= program.size()) {
    const ParameterOp& op = program.ops[static_cast<std::size_t>(error - 1)];
    if (op.code == Code::redraw_check) {
      throw Error(ErrorKind::KernelException,
                  "redraw: number of redraws exceeded limit of " +
                      std::to_string(kParameterRedrawAttempts) + " (no value in [" +
                      format_number(op.a) + ", " + format_number(op.b) + "])");
    }
    throw Error(ErrorKind::KernelException,
                "Parameter: corrupt expression program (operation " + std::to_string(error - 1) +
                    " of " + std::to_string(program.size()) + ")");
  }
  throw Error(ErrorKind::KernelException,
              "Parameter: corrupt expression program (" + std::to_string(program.size()) +
                  " operations, error code " + std::to_string(error) + ")");
}

Parameter::Parameter(double value) : program_(compile_leaf(Code::constant, value, 0.0, true)) {}

Parameter Parameter::constant(double value) { return Parameter(value); }

Parameter Parameter::spatial(SpatialLeaf leaf, int dimension) {
  if (dimension < 0 || dimension > 2) {
    throw Error(ErrorKind::BadProperty,
                "spatial parameter: dimension must be 0, 1 or 2, got " + std::to_string(dimension));
  }
  Code code = Code::spatial_distance;
  switch (leaf) {
    case SpatialLeaf::distance: code = Code::spatial_distance; break;
    case SpatialLeaf::distance_component: code = Code::spatial_distance_component; break;
    case SpatialLeaf::source_position: code = Code::spatial_source_position; break;
    case SpatialLeaf::target_position: code = Code::spatial_target_position; break;
    case SpatialLeaf::node_position: code = Code::spatial_node_position; break;
  }
  ParameterProgram p;
  ParameterOp op = make_op(code, 0.0, 0.0, dimension);
  p.ops.push_back(op);
  p.constant = false;
  p.spatial = true;
  p.max_stack = 1;
  return Parameter(checked(std::move(p)));
}

Parameter Parameter::uniform(double min, double max) {
  if (!(min < max)) {
    throw Error(ErrorKind::BadProperty, "uniform: min < max required, got min=" +
                                            format_number(min) + ", max=" + format_number(max));
  }
  return Parameter(compile_leaf(Code::uniform, min, max, false));
}

Parameter Parameter::normal(double mean, double std) {
  if (!(std > 0.0)) bad_argument("normal", "std > 0", "std", std);
  return Parameter(compile_leaf(Code::normal, mean, std, false));
}

Parameter Parameter::lognormal(double mean, double std) {
  if (!(std > 0.0)) bad_argument("lognormal", "std > 0", "std", std);
  return Parameter(compile_leaf(Code::lognormal, mean, std, false));
}

Parameter Parameter::exponential(double beta) {
  if (!(beta > 0.0)) bad_argument("exponential", "beta > 0", "beta", beta);
  return Parameter(compile_leaf(Code::exponential, beta, 0.0, false));
}

Parameter Parameter::uniform_int(std::int64_t max) {
  if (max < 1) bad_argument("uniform_int", "max >= 1", "max", static_cast<double>(max));
  return Parameter(compile_leaf(Code::uniform_int, static_cast<double>(max), 0.0, false));
}

// B: redraw_begin(slot); p; redraw_check(min, max, B). The slot is the number of
// redraw levels inside p, so the loops that can be active at once (a chain of
// nested redraws) always hold distinct slots.
Parameter Parameter::redraw(const Parameter& p, double min, double max) {
  if (!(min <= max)) {
    throw Error(ErrorKind::BadProperty, "redraw: min <= max required, got min=" +
                                            format_number(min) + ", max=" + format_number(max));
  }
  const ParameterProgram& x = *p.program_;
  ParameterProgram out;
  out.ops.reserve(x.ops.size() + 2);
  out.ops.push_back(make_op(Code::redraw_begin, 0.0, 0.0, x.redraw_slots));
  splice(out, x);
  out.ops.push_back(make_op(Code::redraw_check, min, max, 0));
  out.constant = x.constant;
  out.spatial = x.spatial;
  out.max_stack = x.max_stack;
  out.redraw_slots = x.redraw_slots + 1;
  return Parameter(checked(std::move(out)));
}

Parameter Parameter::add(const Parameter& a, const Parameter& b) {
  return Parameter(compile_binary(Code::add, *a.program_, *b.program_));
}
Parameter Parameter::sub(const Parameter& a, const Parameter& b) {
  return Parameter(compile_binary(Code::sub, *a.program_, *b.program_));
}
Parameter Parameter::mul(const Parameter& a, const Parameter& b) {
  return Parameter(compile_binary(Code::mul, *a.program_, *b.program_));
}
Parameter Parameter::div(const Parameter& a, const Parameter& b) {
  return Parameter(compile_binary(Code::div, *a.program_, *b.program_));
}
Parameter Parameter::pow(const Parameter& base, const Parameter& exponent) {
  return Parameter(compile_binary(Code::pow, *base.program_, *exponent.program_));
}
Parameter Parameter::min(const Parameter& a, const Parameter& b) {
  return Parameter(compile_binary(Code::min, *a.program_, *b.program_));
}
Parameter Parameter::max(const Parameter& a, const Parameter& b) {
  return Parameter(compile_binary(Code::max, *a.program_, *b.program_));
}

Parameter Parameter::compare(const Parameter& a, const Parameter& b, Comparator c) {
  const int code = static_cast<int>(c);
  if (code < 0 || code > 5) {
    throw Error(ErrorKind::BadProperty, "compare: comparator must be in the range 0-5, got " +
                                            std::to_string(code));
  }
  static_assert(static_cast<int>(Comparator::less) == parameter_comparator::less &&
                    static_cast<int>(Comparator::less_equal) == parameter_comparator::less_equal &&
                    static_cast<int>(Comparator::equal) == parameter_comparator::equal &&
                    static_cast<int>(Comparator::not_equal) == parameter_comparator::not_equal &&
                    static_cast<int>(Comparator::greater_equal) ==
                        parameter_comparator::greater_equal &&
                    static_cast<int>(Comparator::greater) == parameter_comparator::greater,
                "Parameter::Comparator and the program's comparator codes must agree");
  return Parameter(compile_binary(Code::compare, *a.program_, *b.program_,
                                  static_cast<std::uint8_t>(code)));
}

// c; jump_if_zero ELSE; t; jump END; ELSE: f; END:
Parameter Parameter::conditional(const Parameter& condition, const Parameter& if_true,
                                 const Parameter& if_false) {
  const ParameterProgram& c = *condition.program_;
  const ParameterProgram& t = *if_true.program_;
  const ParameterProgram& f = *if_false.program_;
  ParameterProgram out;
  out.ops.reserve(c.ops.size() + t.ops.size() + f.ops.size() + 2);
  splice(out, c);
  const std::size_t branch = out.ops.size();
  out.ops.push_back(make_op(Code::jump_if_zero));
  splice(out, t);
  const std::size_t skip = out.ops.size();
  out.ops.push_back(make_op(Code::jump));
  out.ops[branch].operand = static_cast<std::int32_t>(out.ops.size());  // ELSE
  splice(out, f);
  out.ops[skip].operand = static_cast<std::int32_t>(out.ops.size());  // END
  out.constant = c.constant && t.constant && f.constant;
  out.spatial = c.spatial || t.spatial || f.spatial;
  out.max_stack = std::max({c.max_stack, t.max_stack, f.max_stack});
  out.redraw_slots = std::max({c.redraw_slots, t.redraw_slots, f.redraw_slots});
  return Parameter(checked(std::move(out)));
}

Parameter Parameter::neg(const Parameter& p) {
  return Parameter(compile_unary(Code::neg, *p.program_));
}
Parameter Parameter::exp(const Parameter& p) {
  return Parameter(compile_unary(Code::exp, *p.program_));
}
Parameter Parameter::sin(const Parameter& p) {
  return Parameter(compile_unary(Code::sin, *p.program_));
}
Parameter Parameter::cos(const Parameter& p) {
  return Parameter(compile_unary(Code::cos, *p.program_));
}
Parameter Parameter::abs(const Parameter& p) {
  return Parameter(compile_unary(Code::abs, *p.program_));
}

double Parameter::value(RandomStream& rng, const ParameterGeometry* geometry) const {
  return program_->evaluate(rng, geometry);
}

bool Parameter::is_constant() const { return program_->constant; }

bool Parameter::is_spatial() const { return program_->spatial; }

double Parameter::constant_value() const {
  if (!program_->constant) {
    throw Error(ErrorKind::KernelException,
                "Parameter::constant_value: the parameter contains a random distribution");
  }
  // A constant program never draws; any stream will do.
  RandomStream unused(0, RngPurpose::Misc, 0, 0);
  return program_->evaluate(unused);
}

const ParameterProgram& Parameter::program() const { return *program_; }

}  // namespace roost
