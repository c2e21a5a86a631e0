// SPDX-License-Identifier: GPL-2.0-or-later
// nest.random / nest.math Parameter trees: arithmetic, distributions, redraw,
// evaluation order and argument validation; the compiled program
// (parameter_program.hpp) against draws made by hand, its size limits and
// error reporting.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "roost/error.hpp"
#include "roost/parameter.hpp"
#include "roost/parameter_program.hpp"
#include "../test_utils.hpp"

namespace roost {
namespace {

RandomStream stream(std::uint64_t id = 0) { return RandomStream(2024, RngPurpose::Misc, id, 0); }

using roost::testing::expect_error;

TEST(Parameter, ConstantsAndArithmetic) {
  RandomStream s = stream();
  const Parameter two = Parameter::constant(2.0);
  EXPECT_TRUE(two.is_constant());
  EXPECT_EQ(two.constant_value(), 2.0);
  EXPECT_EQ(two.value(s), 2.0);

  const Parameter expr = (two + 3.0) * 4.0 / 2.0 - 1.0;  // ((2+3)*4)/2 - 1
  EXPECT_TRUE(expr.is_constant());
  EXPECT_DOUBLE_EQ(expr.constant_value(), 9.0);
  EXPECT_DOUBLE_EQ((-expr).constant_value(), -9.0);
  EXPECT_DOUBLE_EQ(Parameter::sub(1.0, 4.0).constant_value(), -3.0);
  EXPECT_DOUBLE_EQ(Parameter::pow(2.0, 10.0).constant_value(), 1024.0);
  EXPECT_DOUBLE_EQ(Parameter::min(2.0, -1.0).constant_value(), -1.0);
  EXPECT_DOUBLE_EQ(Parameter::max(2.0, -1.0).constant_value(), 2.0);
  EXPECT_DOUBLE_EQ(Parameter::neg(5.0).constant_value(), -5.0);
  EXPECT_DOUBLE_EQ(Parameter::exp(0.0).constant_value(), 1.0);
  EXPECT_DOUBLE_EQ(Parameter::exp(1.0).constant_value(), std::exp(1.0));
  EXPECT_DOUBLE_EQ(Parameter::sin(0.5).constant_value(), std::sin(0.5));
  EXPECT_DOUBLE_EQ(Parameter::cos(0.5).constant_value(), std::cos(0.5));
  EXPECT_DOUBLE_EQ(Parameter::abs(-3.0).constant_value(), 3.0);
  EXPECT_TRUE(std::isinf(Parameter::div(1.0, 0.0).constant_value()));
  EXPECT_EQ(Parameter().constant_value(), 0.0);
}

TEST(Parameter, CompareUsesNestComparatorCodes) {
  using C = Parameter::Comparator;
  EXPECT_EQ(static_cast<int>(C::less), 0);
  EXPECT_EQ(static_cast<int>(C::less_equal), 1);
  EXPECT_EQ(static_cast<int>(C::equal), 2);
  EXPECT_EQ(static_cast<int>(C::not_equal), 3);
  EXPECT_EQ(static_cast<int>(C::greater_equal), 4);
  EXPECT_EQ(static_cast<int>(C::greater), 5);
  struct Case {
    double a, b;
    C c;
    double expected;
  };
  const Case cases[] = {
      {1, 2, C::less, 1},          {2, 2, C::less, 0},          {2, 2, C::less_equal, 1},
      {3, 2, C::less_equal, 0},    {2, 2, C::equal, 1},         {2, 3, C::equal, 0},
      {2, 3, C::not_equal, 1},     {2, 2, C::not_equal, 0},     {2, 2, C::greater_equal, 1},
      {1, 2, C::greater_equal, 0}, {3, 2, C::greater, 1},       {2, 2, C::greater, 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Parameter::compare(c.a, c.b, c.c).constant_value(), c.expected)
        << c.a << " op" << static_cast<int>(c.c) << " " << c.b;
  }
  EXPECT_EQ(Parameter::compare(4.0, 4.0).constant_value(), 1.0);  // default: ==
  expect_error([] { Parameter::compare(1.0, 2.0, static_cast<C>(6)); }, ErrorKind::BadProperty,
               {"compare", "comparator"});
}

TEST(Parameter, ConditionalEvaluatesOnlyTheChosenBranch) {
  const Parameter u = Parameter::uniform(0.0, 1.0);
  const Parameter n = Parameter::normal(10.0, 1.0);
  RandomStream s = stream(1), ref = stream(1);
  EXPECT_EQ(Parameter::conditional(1.0, u, n).value(s), ref.uniform());
  EXPECT_EQ(Parameter::conditional(0.0, u, n).value(s), 10.0 + ref.normal());
  EXPECT_EQ(Parameter::conditional(Parameter::compare(1.0, 2.0, Parameter::Comparator::less),
                                   7.0, 8.0)
                .constant_value(),
            7.0);
}

TEST(Parameter, EvaluationOrderIsLeftToRightDepthFirst) {
  const Parameter p = Parameter::uniform(0.0, 1.0) +
                      Parameter::normal(0.0, 1.0) * Parameter::exponential(2.0);
  EXPECT_FALSE(p.is_constant());
  RandomStream s = stream(2), ref = stream(2);
  for (int i = 0; i < 100; ++i) {
    const double u = ref.uniform();
    const double z = ref.normal();
    const double e = 2.0 * ref.exponential();
    ASSERT_EQ(p.value(s), u + z * e);
  }
}

TEST(Parameter, SameStreamSameValuesAndCopiesShareTheTree) {
  const Parameter p = Parameter::lognormal(0.5, 0.25) - Parameter::uniform_int(7);
  const Parameter copy = p;  // NOLINT(performance-unnecessary-copy-initialization)
  RandomStream a = stream(3), b = stream(3);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(p.value(a), copy.value(b));
}

TEST(Parameter, ConcurrentEvaluationWithOwnStreams) {
  const Parameter p = Parameter::redraw(Parameter::normal(0.0, 1.0), -1.0, 1.0) * 3.0;
  std::vector<double> expected(2000);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    RandomStream s = stream(100 + i);
    expected[i] = p.value(s);
  }
  std::vector<double> got(expected.size());
  auto work = [&](std::size_t begin, std::size_t step) {
    for (std::size_t i = begin; i < got.size(); i += step) {
      RandomStream s = stream(100 + i);
      got[i] = p.value(s);
    }
  };
  std::thread t0(work, 0, 2), t1(work, 1, 2);
  t0.join();
  t1.join();
  EXPECT_EQ(got, expected);
}

// Mean and variance of n draws within 5 standard errors (variance: normal-theory
// standard error times 2, enough for the lognormal's heavier tail at std 0.25).
void expect_distribution(const Parameter& p, double mean, double var, const char* what) {
  RandomStream s = stream(7);
  const int n = 100000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double v = p.value(s);
    sum += v;
    sum2 += v * v;
  }
  const double m = sum / n;
  const double v = (sum2 - n * m * m) / (n - 1);
  EXPECT_NEAR(m, mean, 5 * std::sqrt(var / n)) << what;
  EXPECT_NEAR(v, var, 10 * var * std::sqrt(2.0 / n)) << what;
}

TEST(Parameter, Distributions) {
  expect_distribution(Parameter::uniform(-2.0, 6.0), 2.0, 64.0 / 12.0, "uniform");
  expect_distribution(Parameter::normal(-70.0, 5.0), -70.0, 25.0, "normal");
  const double mu = 0.5, sigma = 0.25;
  expect_distribution(Parameter::lognormal(mu, sigma), std::exp(mu + sigma * sigma / 2),
                      (std::exp(sigma * sigma) - 1) * std::exp(2 * mu + sigma * sigma),
                      "lognormal");
  expect_distribution(Parameter::exponential(3.0), 3.0, 9.0, "exponential");
  expect_distribution(Parameter::uniform_int(10), 4.5, 99.0 / 12.0, "uniform_int");

  RandomStream s = stream(8);
  std::set<double> seen;
  for (int i = 0; i < 10000; ++i) {
    const double v = Parameter::uniform_int(5).value(s);
    ASSERT_EQ(v, std::floor(v));
    ASSERT_GE(v, 0.0);
    ASSERT_LT(v, 5.0);
    seen.insert(v);
    const double u = Parameter::uniform(1.0, 1.5).value(s);
    ASSERT_GE(u, 1.0);
    ASSERT_LT(u, 1.5);
    ASSERT_GT(Parameter::lognormal(0.0, 1.0).value(s), 0.0);
    ASSERT_GT(Parameter::exponential(0.5).value(s), 0.0);
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(Parameter::uniform_int(1).value(s), 0.0);
}

TEST(Parameter, Redraw) {
  const Parameter p = Parameter::redraw(Parameter::normal(0.0, 1.0), -0.5, 0.25);
  EXPECT_FALSE(p.is_constant());
  RandomStream s = stream(9);
  double lo = 1, hi = -1;
  for (int i = 0; i < 20000; ++i) {
    const double v = p.value(s);
    ASSERT_GE(v, -0.5);
    ASSERT_LE(v, 0.25);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_LT(lo, -0.49);
  EXPECT_GT(hi, 0.24);

  // Closed bounds: a constant on the bound is accepted.
  EXPECT_EQ(Parameter::redraw(2.0, 2.0, 2.0).constant_value(), 2.0);
  EXPECT_TRUE(Parameter::redraw(2.0, 0.0, 3.0).is_constant());

  // The same value in the same stream as drawing by hand.
  RandomStream a = stream(10), ref = stream(10);
  const Parameter q = Parameter::redraw(Parameter::uniform(0.0, 1.0), 0.9, 1.0);
  for (int i = 0; i < 50; ++i) {
    double v;
    do {
      v = ref.uniform();
    } while (v < 0.9);
    ASSERT_EQ(q.value(a), v);
  }

  // NEST gives up after 1000 draws with a KernelException.
  expect_error([] { (void)Parameter::redraw(5.0, 0.0, 1.0).constant_value(); },
               ErrorKind::KernelException, {"redraw", "1000"});
  expect_error(
      [] {
        RandomStream r = stream(11);
        (void)Parameter::redraw(Parameter::uniform(0.0, 1.0), 2.0, 3.0).value(r);
      },
      ErrorKind::KernelException, {"redraw", "1000"});
}

TEST(Parameter, ValidationErrorsNameDistributionAndArgument) {
  const ErrorKind bad = ErrorKind::BadProperty;
  expect_error([] { Parameter::uniform(1.0, 1.0); }, bad, {"uniform", "min", "max"});
  expect_error([] { Parameter::uniform(2.0, 1.0); }, bad, {"uniform", "min", "max"});
  expect_error([] { Parameter::uniform(0.0, std::nan("")); }, bad, {"uniform"});
  expect_error([] { Parameter::normal(0.0, -1.0); }, bad, {"normal", "std"});
  expect_error([] { Parameter::normal(0.0, 0.0); }, bad, {"normal", "std"});
  expect_error([] { Parameter::lognormal(0.0, -0.1); }, bad, {"lognormal", "std"});
  expect_error([] { Parameter::exponential(0.0); }, bad, {"exponential", "beta"});
  expect_error([] { Parameter::exponential(-2.0); }, bad, {"exponential", "beta"});
  expect_error([] { Parameter::uniform_int(0); }, bad, {"uniform_int", "max"});
  expect_error([] { Parameter::uniform_int(-5); }, bad, {"uniform_int", "max"});
  expect_error([] { Parameter::redraw(Parameter::normal(), 1.0, -1.0); }, bad,
               {"redraw", "min", "max"});
}

TEST(Parameter, ConstantValueOfRandomTreeThrows) {
  const Parameter p = Parameter::constant(1.0) + Parameter::uniform();
  EXPECT_FALSE(p.is_constant());
  expect_error([&] { (void)p.constant_value(); }, ErrorKind::KernelException, {"random"});
}

// ---- The compiled program against draws made by hand ----------------------

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// Evaluates `p` `n` times on one stream and `reference` as many times on a copy
// of it: every value must be bit-identical, and afterwards both streams must
// stand at the same position (same number of words drawn).
void expect_matches_hand(const Parameter& p, const std::function<double(RandomStream&)>& reference,
                         const char* what, std::uint64_t id, int n = 300) {
  RandomStream s = stream(id), ref = stream(id);
  for (int i = 0; i < n; ++i) {
    const double got = p.value(s);
    const double want = reference(ref);
    ASSERT_EQ(bits(got), bits(want)) << what << " draw " << i << ": " << got << " vs " << want;
  }
  // Same position: the next words agree (an odd count checks word, not pair, alignment).
  for (int k = 0; k < 5; ++k) ASSERT_EQ(s.next_u32(), ref.next_u32()) << what << " word " << k;
}

// Hand redraw: NEST's loop, drawing `draw` until the value lies in [lo, hi].
double redraw_by_hand(RandomStream& r, double lo, double hi,
                      const std::function<double(RandomStream&)>& draw) {
  for (int i = 0; i < 1000; ++i) {
    const double v = draw(r);
    if (v >= lo && v <= hi) return v;
  }
  ADD_FAILURE() << "reference redraw exhausted";
  return 0.0;
}

TEST(ParameterProgram, LeavesMatchHandDraws) {
  expect_matches_hand(Parameter::uniform(-2.0, 6.0),
                      [](RandomStream& r) { return -2.0 + r.uniform() * (6.0 - -2.0); }, "uniform",
                      20);
  expect_matches_hand(Parameter::normal(1.5, 0.5),
                      [](RandomStream& r) { return 1.5 + 0.5 * r.normal(); }, "normal", 21);
  expect_matches_hand(Parameter::lognormal(0.5, 0.25),
                      [](RandomStream& r) { return std::exp(0.5 + 0.25 * r.normal()); },
                      "lognormal", 22);
  expect_matches_hand(Parameter::exponential(3.0),
                      [](RandomStream& r) { return 3.0 * r.exponential(); }, "exponential", 23);
  expect_matches_hand(Parameter::uniform_int(7),
                      [](RandomStream& r) { return static_cast<double>(r.uniform_int(7)); },
                      "uniform_int(7)", 24);
  // Above 2^32 uniform_int draws 64-bit words: the stream position shows it.
  const std::int64_t big = (std::int64_t{1} << 40) + 3;
  expect_matches_hand(Parameter::uniform_int(big),
                      [big](RandomStream& r) {
                        return static_cast<double>(r.uniform_int(static_cast<std::uint64_t>(big)));
                      },
                      "uniform_int(2^40+3)", 25);
  expect_matches_hand(Parameter::constant(-0.0), [](RandomStream&) { return -0.0; }, "constant",
                      26);
}

TEST(ParameterProgram, ArithmeticMatchesHandDraws) {
  const Parameter u12 = Parameter::uniform(1.0, 2.0);
  const Parameter z = Parameter::normal(0.0, 1.0);
  const Parameter e = Parameter::exponential(2.0);
  auto hu12 = [](RandomStream& r) { return 1.0 + r.uniform() * (2.0 - 1.0); };
  auto hz = [](RandomStream& r) { return 0.0 + 1.0 * r.normal(); };
  auto he = [](RandomStream& r) { return 2.0 * r.exponential(); };
  // Each binary reference draws the left operand first.
  expect_matches_hand(u12 + z, [&](RandomStream& r) { const double l = hu12(r); return l + hz(r); },
                      "add", 30);
  expect_matches_hand(z - e, [&](RandomStream& r) { const double l = hz(r); return l - he(r); },
                      "sub", 31);
  expect_matches_hand(e * u12, [&](RandomStream& r) { const double l = he(r); return l * hu12(r); },
                      "mul", 32);
  expect_matches_hand(z / e, [&](RandomStream& r) { const double l = hz(r); return l / he(r); },
                      "div", 33);
  expect_matches_hand(Parameter::pow(u12, z),
                      [&](RandomStream& r) { const double l = hu12(r); return std::pow(l, hz(r)); },
                      "pow", 34);
  expect_matches_hand(Parameter::min(z, e),
                      [&](RandomStream& r) { const double l = hz(r); return std::fmin(l, he(r)); },
                      "min", 35);
  expect_matches_hand(Parameter::max(e, z),
                      [&](RandomStream& r) { const double l = he(r); return std::fmax(l, hz(r)); },
                      "max", 36);
  expect_matches_hand(-z, [&](RandomStream& r) { return -hz(r); }, "neg", 37);
  expect_matches_hand(Parameter::exp(z), [&](RandomStream& r) { return std::exp(hz(r)); }, "exp",
                      38);
  expect_matches_hand(Parameter::sin(e), [&](RandomStream& r) { return std::sin(he(r)); }, "sin",
                      39);
  expect_matches_hand(Parameter::cos(e), [&](RandomStream& r) { return std::cos(he(r)); }, "cos",
                      40);
  expect_matches_hand(Parameter::abs(z), [&](RandomStream& r) { return std::fabs(hz(r)); }, "abs",
                      41);
  // A deeper mix: exp(-|z|) * (u12 - e) + z.
  expect_matches_hand(Parameter::exp(-Parameter::abs(z)) * (u12 - e) + z,
                      [&](RandomStream& r) {
                        const double a = std::exp(-std::fabs(hz(r)));
                        const double l = hu12(r);
                        const double b = l - he(r);
                        const double m = a * b;
                        return m + hz(r);
                      },
                      "mix", 42);
}

TEST(ParameterProgram, CompareEachComparatorMatchesHandDraws) {
  using C = Parameter::Comparator;
  // Small integers make equality common, so every comparator sees both outcomes.
  const Parameter a = Parameter::uniform_int(3);
  const Parameter b = Parameter::uniform_int(3);
  const struct {
    C c;
    bool (*holds)(double, double);
  } comparators[] = {
      {C::less, [](double l, double r) { return l < r; }},
      {C::less_equal, [](double l, double r) { return l <= r; }},
      {C::equal, [](double l, double r) { return l == r; }},
      {C::not_equal, [](double l, double r) { return l != r; }},
      {C::greater_equal, [](double l, double r) { return l >= r; }},
      {C::greater, [](double l, double r) { return l > r; }},
  };
  for (const auto& cmp : comparators) {
    const Parameter p = Parameter::compare(a, b, cmp.c);
    RandomStream s = stream(50), ref = stream(50);
    int ones = 0;
    for (int i = 0; i < 300; ++i) {
      const double l = static_cast<double>(ref.uniform_int(3));
      const double r = static_cast<double>(ref.uniform_int(3));
      const double want = cmp.holds(l, r) ? 1.0 : 0.0;
      const double got = p.value(s);
      ASSERT_EQ(got, want) << "comparator " << static_cast<int>(cmp.c) << " " << l << " " << r;
      ones += got == 1.0;
    }
    EXPECT_GT(ones, 0) << static_cast<int>(cmp.c);
    EXPECT_LT(ones, 300) << static_cast<int>(cmp.c);
    EXPECT_EQ(s.next_u32(), ref.next_u32());
  }
  // NaN compares unequal to everything, as in C++.
  EXPECT_EQ(Parameter::compare(std::nan(""), std::nan(""), C::not_equal).constant_value(), 1.0);
  EXPECT_EQ(Parameter::compare(std::nan(""), 1.0, C::less_equal).constant_value(), 0.0);
}

TEST(ParameterProgram, NestedConditionalsDrawOnlyTheTakenBranches) {
  using C = Parameter::Comparator;
  // if u < 0.5: (if z > 0: 2 exp else uniform_int(10)) else (normal(5, 2) + uniform)
  const Parameter p = Parameter::conditional(
      Parameter::compare(Parameter::uniform(), 0.5, C::less),
      Parameter::conditional(Parameter::compare(Parameter::normal(), 0.0, C::greater),
                             Parameter::exponential(2.0), Parameter::uniform_int(10)),
      Parameter::normal(5.0, 2.0) + Parameter::uniform());
  EXPECT_FALSE(p.is_constant());
  int taken[3] = {0, 0, 0};
  expect_matches_hand(
      p,
      [&](RandomStream& r) {
        if (0.0 + r.uniform() * (1.0 - 0.0) < 0.5) {
          if (0.0 + 1.0 * r.normal() > 0.0) {
            ++taken[0];
            return 2.0 * r.exponential();
          }
          ++taken[1];
          return static_cast<double>(r.uniform_int(10));
        }
        ++taken[2];
        const double l = 5.0 + 2.0 * r.normal();
        return l + (0.0 + r.uniform() * (1.0 - 0.0));
      },
      "nested conditional", 60, 600);
  for (int k = 0; k < 3; ++k) EXPECT_GT(taken[k], 50) << "branch " << k;

  // A conditional as an operand: the condition and branches run between the
  // left and right operands' draws, and a random condition nested in the
  // condition itself.
  const Parameter q =
      Parameter::uniform(0.0, 1.0) -
      Parameter::conditional(
          Parameter::conditional(Parameter::uniform_int(2), Parameter::uniform_int(2), 1.0),
          Parameter::normal(), 10.0) *
          Parameter::exponential(1.0);
  expect_matches_hand(
      q,
      [](RandomStream& r) {
        const double u = 0.0 + r.uniform() * (1.0 - 0.0);
        const double inner = static_cast<double>(r.uniform_int(2)) != 0.0
                                 ? static_cast<double>(r.uniform_int(2))
                                 : 1.0;
        const double c = inner != 0.0 ? 0.0 + 1.0 * r.normal() : 10.0;
        const double m = c * (1.0 * r.exponential());
        return u - m;
      },
      "conditional operand", 61);
}

TEST(ParameterProgram, RedrawMatchesHandDraws) {
  // Redraw inside arithmetic: the operands before and after it keep their order.
  const Parameter p = Parameter::uniform(0.0, 1.0) *
                          Parameter::redraw(Parameter::normal(0.0, 1.0), -0.5, 0.5) +
                      Parameter::exponential(1.0);
  expect_matches_hand(
      p,
      [](RandomStream& r) {
        const double u = 0.0 + r.uniform() * (1.0 - 0.0);
        const double z = redraw_by_hand(r, -0.5, 0.5,
                                        [](RandomStream& q) { return 0.0 + 1.0 * q.normal(); });
        const double m = u * z;
        return m + 1.0 * r.exponential();
      },
      "redraw in arithmetic", 70);

  // Redraw of redraw: each outer attempt re-runs the whole inner loop.
  const Parameter rr = Parameter::redraw(
      Parameter::redraw(Parameter::normal(0.0, 1.0), -1.0, 1.0) * 2.0 + Parameter::uniform(),
      0.0, 1.0);
  expect_matches_hand(
      rr,
      [](RandomStream& r) {
        return redraw_by_hand(r, 0.0, 1.0, [](RandomStream& q) {
          const double inner = redraw_by_hand(
              q, -1.0, 1.0, [](RandomStream& w) { return 0.0 + 1.0 * w.normal(); });
          const double l = inner * 2.0;
          return l + (0.0 + q.uniform() * (1.0 - 0.0));
        });
      },
      "redraw of redraw", 71);

  // A redraw inside a conditional inside a redraw, next to a sibling redraw.
  const Parameter mixed = Parameter::redraw(
      Parameter::conditional(Parameter::uniform_int(2),
                             Parameter::redraw(Parameter::exponential(1.0), 0.0, 2.0),
                             Parameter::uniform(-1.0, 3.0)) +
          Parameter::redraw(Parameter::uniform(-1.0, 1.0), 0.0, 0.5),
      0.5, 2.0);
  expect_matches_hand(
      mixed,
      [](RandomStream& r) {
        return redraw_by_hand(r, 0.5, 2.0, [](RandomStream& q) {
          double c;
          if (static_cast<double>(q.uniform_int(2)) != 0.0) {
            c = redraw_by_hand(q, 0.0, 2.0, [](RandomStream& w) { return 1.0 * w.exponential(); });
          } else {
            c = -1.0 + q.uniform() * (3.0 - -1.0);
          }
          return c + redraw_by_hand(q, 0.0, 0.5, [](RandomStream& w) {
                   return -1.0 + w.uniform() * (1.0 - -1.0);
                 });
        });
      },
      "redraw in conditional in redraw", 72);
}

TEST(ParameterProgram, RedrawLimitCountsEachActivationSeparately) {
  // The inner redraw needs about 50 attempts per activation and the outer one
  // about 10 inner activations per value: hundreds of inner attempts per value in
  // all, but never 1000 in one activation, so nothing fails.
  const Parameter p = Parameter::redraw(
      Parameter::redraw(Parameter::uniform(0.0, 1.0), 0.0, 0.02), 0.0, 0.002);
  RandomStream s = stream(80), ref = stream(80);
  std::uint64_t inner_attempts = 0;
  for (int i = 0; i < 20; ++i) {
    const double want = redraw_by_hand(ref, 0.0, 0.002, [&](RandomStream& q) {
      return redraw_by_hand(q, 0.0, 0.02, [&](RandomStream& w) {
        ++inner_attempts;
        return 0.0 + w.uniform() * (1.0 - 0.0);
      });
    });
    ASSERT_EQ(bits(p.value(s)), bits(want));
  }
  EXPECT_GT(inner_attempts, 2000u);
  EXPECT_EQ(s.next_u32(), ref.next_u32());
}

TEST(ParameterProgram, ProgramLayoutAndFlags) {
  // Operation counts as documented: leaf 1, unary/binary +1, conditional +2, redraw +2.
  EXPECT_EQ(Parameter(1.0).program().size(), 1);
  EXPECT_EQ((Parameter::uniform() + 1.0).program().size(), 3);
  EXPECT_EQ(Parameter::exp(Parameter::normal()).program().size(), 2);
  const Parameter c = Parameter::conditional(Parameter::uniform_int(2), 1.0, Parameter::normal());
  EXPECT_EQ(c.program().size(), 5);
  EXPECT_EQ(Parameter::redraw(c, 0.0, 1.0).program().size(), 7);

  // The conditional's jumps: jump_if_zero to the else branch, jump past it.
  const auto& ops = c.program().ops;
  EXPECT_EQ(ops[1].code, ParameterOpCode::jump_if_zero);
  EXPECT_EQ(ops[1].operand, 4);
  EXPECT_EQ(ops[3].code, ParameterOpCode::jump);
  EXPECT_EQ(ops[3].operand, 5);
  // Spliced into a larger program, the targets move with it.
  const Parameter shifted = Parameter::normal() + c;
  EXPECT_EQ(shifted.program().ops[2].operand, 5);
  EXPECT_EQ(shifted.program().ops[4].operand, 6);
  RandomStream s = stream(90), ref = stream(90);
  for (int i = 0; i < 100; ++i) {
    const double z = 0.0 + 1.0 * ref.normal();
    const double branch = static_cast<double>(ref.uniform_int(2)) != 0.0 ? 1.0
                                                                         : 0.0 + 1.0 * ref.normal();
    ASSERT_EQ(bits(shifted.value(s)), bits(z + branch));
  }

  EXPECT_TRUE((Parameter(2.0) * 3.0).program().constant);
  EXPECT_FALSE(c.program().constant);
  EXPECT_EQ(c.program().redraw_slots, 0);
  EXPECT_EQ(Parameter::redraw(Parameter::redraw(c, 0, 1), 0, 1).program().redraw_slots, 2);
}

TEST(ParameterProgram, EvaluateParameterDirectly) {
  const Parameter p = Parameter::lognormal(0.1, 0.3) * Parameter::uniform_int(5);
  const ParameterProgram& prog = p.program();
  RandomStream s = stream(100), ref = stream(100);
  for (int i = 0; i < 50; ++i) {
    int error = 7;
    const double got = evaluate_parameter(prog.data(), prog.size(), s, &error);
    EXPECT_EQ(error, 0);
    ASSERT_EQ(bits(got), bits(p.value(ref)));
  }

  // Redraw exhaustion: NaN, the failing redraw_check's index + 1, and exactly
  // 1000 attempts drawn (two words per uniform).
  const Parameter bad = Parameter::normal() + Parameter::redraw(Parameter::uniform(), 2.0, 3.0);
  const ParameterProgram& bp = bad.program();
  // normal, redraw_begin, uniform, redraw_check, add
  ASSERT_EQ(bp.ops[3].code, ParameterOpCode::redraw_check);
  RandomStream r = stream(101), rref = stream(101);
  int error = 0;
  EXPECT_TRUE(std::isnan(evaluate_parameter(bp.data(), bp.size(), r, &error)));
  EXPECT_EQ(error, 4);
  (void)rref.normal();
  for (int i = 0; i < 1000; ++i) (void)rref.uniform();
  EXPECT_EQ(r.next_u32(), rref.next_u32());
}

TEST(ParameterProgram, MalformedProgramsFailWithoutCrashing) {
  using Code = ParameterOpCode;
  auto op = [](Code code, std::int32_t operand = 0, double a = 0.0, double b = 0.0) {
    ParameterOp o{};
    o.code = code;
    o.operand = operand;
    o.a = a;
    o.b = b;
    return o;
  };
  RandomStream r = stream(110);
  int error = 0;
  auto run = [&](const std::vector<ParameterOp>& ops) {
    error = 0;
    return evaluate_parameter(ops.data(), static_cast<int>(ops.size()), r, &error);
  };
  EXPECT_TRUE(std::isnan(run({})));
  EXPECT_EQ(error, -1);
  EXPECT_TRUE(std::isnan(run({op(Code::add)})));  // stack underflow at op 0
  EXPECT_EQ(error, 1);
  EXPECT_TRUE(std::isnan(run({op(Code::constant), op(Code::constant)})));  // two values left
  EXPECT_EQ(error, -1);
  EXPECT_TRUE(std::isnan(run({op(Code::constant), op(Code::jump, 0)})));  // backward jump
  EXPECT_EQ(error, 2);
  EXPECT_TRUE(std::isnan(run({op(Code::constant), op(Code::jump_if_zero, 9)})));  // out of range
  EXPECT_EQ(error, 2);
  EXPECT_TRUE(std::isnan(run({op(Code::redraw_begin, kParameterMaxRedraws)})));  // bad slot
  EXPECT_EQ(error, 1);
  // redraw_check whose begin index is not a redraw_begin.
  EXPECT_TRUE(std::isnan(run({op(Code::constant), op(Code::redraw_check, 0, 0.0, 1.0)})));
  EXPECT_EQ(error, 2);
  ParameterOp cmp = op(Code::compare);
  cmp.comparator = 6;
  EXPECT_TRUE(std::isnan(run({op(Code::constant), op(Code::constant), cmp})));
  EXPECT_EQ(error, 3);
  ParameterOp unknown = op(Code::constant);
  unknown.code = static_cast<Code>(200);
  EXPECT_TRUE(std::isnan(run({unknown})));
  EXPECT_EQ(error, 1);
  std::vector<ParameterOp> deep(kParameterMaxStack + 1, op(Code::constant));  // overflow
  EXPECT_TRUE(std::isnan(run(deep)));
  EXPECT_EQ(error, kParameterMaxStack + 1);

  // ParameterProgram::evaluate turns these into KernelExceptions.
  ParameterProgram corrupt;
  corrupt.ops = {op(Code::add)};
  expect_error([&] { (void)corrupt.evaluate(r); }, ErrorKind::KernelException,
               {"corrupt", "operation 0"});
  expect_error([&] { (void)ParameterProgram{}.evaluate(r); }, ErrorKind::KernelException,
               {"corrupt"});
}

// ---- Size limits -------------------------------------------------------------

TEST(ParameterProgram, OversizedTreesAreRefused) {
  // u + u + ... (n terms, left-deep) has 2n - 1 operations: 64 terms fit in 128.
  Parameter sum = Parameter::uniform();
  for (int i = 1; i < 64; ++i) sum = sum + Parameter::uniform();
  EXPECT_EQ(sum.program().size(), 127);
  RandomStream s = stream(120), ref = stream(120);
  double want = ref.uniform();
  for (int i = 1; i < 64; ++i) want = want + (0.0 + ref.uniform() * (1.0 - 0.0));
  EXPECT_EQ(bits(sum.value(s)), bits(want));
  expect_error([&] { (void)(sum + Parameter::uniform()); }, ErrorKind::BadProperty,
               {"Parameter expression too large", "129", "at most 128 operations"});
  expect_error([&] { (void)Parameter::redraw(sum, 0.0, 100.0); }, ErrorKind::BadProperty,
               {"Parameter expression too large", "at most 128 operations"});
  expect_error([&] { (void)Parameter::conditional(sum, 1.0, 2.0); }, ErrorKind::BadProperty,
               {"Parameter expression too large", "at most 128 operations"});
  expect_error([&] { (void)Parameter::exp(Parameter::abs(sum) + 1.0); }, ErrorKind::BadProperty,
               {"at most 128 operations"});

  // u1 + (u2 + (... + u32)) needs a stack of 32; one more level is refused.
  Parameter deep = Parameter::uniform();
  for (int i = 1; i < 32; ++i) deep = Parameter::uniform() + deep;
  EXPECT_EQ(deep.program().max_stack, 32);
  RandomStream d = stream(121), dref = stream(121);
  double u[32];
  for (double& x : u) x = 0.0 + dref.uniform() * (1.0 - 0.0);
  double right = u[31];
  for (int i = 30; i >= 0; --i) right = u[i] + right;
  EXPECT_EQ(bits(deep.value(d)), bits(right));
  expect_error([&] { (void)(Parameter::uniform() + deep); }, ErrorKind::BadProperty,
               {"Parameter expression too large", "stack", "33", "32"});
  EXPECT_NO_THROW((void)(deep + Parameter::uniform()));  // left-deep: no deeper

  // Redraws nested 8 deep are fine (and behave), 9 are refused.
  const double bounds[8] = {0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.3};
  Parameter nested = Parameter::uniform();
  for (double hi : bounds) nested = Parameter::redraw(nested, 0.0, hi);
  EXPECT_EQ(nested.program().redraw_slots, 8);
  std::function<double(RandomStream&, int)> by_hand = [&](RandomStream& r, int level) {
    if (level < 0) return 0.0 + r.uniform() * (1.0 - 0.0);
    return redraw_by_hand(r, 0.0, bounds[level],
                          [&](RandomStream& q) { return by_hand(q, level - 1); });
  };
  expect_matches_hand(nested, [&](RandomStream& r) { return by_hand(r, 7); }, "nested redraw", 122,
                      100);
  expect_error([&] { (void)Parameter::redraw(nested, 0.0, 1.0); }, ErrorKind::BadProperty,
               {"Parameter expression too large", "redraw", "at most 8"});
}

TEST(ParameterProgram, RedrawExhaustionMessage) {
  // NEST's KernelException text, with the bounds of the redraw that gave up
  // (here the inner one), after exactly 1000 attempts.
  const Parameter p = Parameter::redraw(
      Parameter::redraw(Parameter::uniform(0.0, 1.0), 2.0, 3.0) + 1.0, 0.1, 0.5);
  RandomStream s = stream(130), ref = stream(130);
  try {
    (void)p.value(s);
    ADD_FAILURE() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::KernelException);
    EXPECT_STREQ(e.what(), "redraw: number of redraws exceeded limit of 1000 (no value in [2, 3])");
  }
  for (int i = 0; i < 1000; ++i) (void)ref.uniform();
  EXPECT_EQ(s.next_u32(), ref.next_u32());

  try {
    (void)Parameter::redraw(Parameter::normal(), 0.1, 0.1).value(s);
    ADD_FAILURE() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::KernelException);
    EXPECT_STREQ(e.what(),
                 "redraw: number of redraws exceeded limit of 1000 (no value in "
                 "[0.10000000000000001, 0.10000000000000001])");
  }
  // An outer redraw around an inner one that always accepts at once: the inner
  // loop's restart must not reset the outer count, which gives up after 1000
  // outer attempts (one uniform each).
  const Parameter outer =
      Parameter::redraw(Parameter::redraw(Parameter::uniform(0.0, 1.0), 0.0, 1.0), 2.0, 3.0);
  EXPECT_NE(outer.program().ops.front().operand, outer.program().ops[1].operand);  // slots
  RandomStream o = stream(131), oref = stream(131);
  try {
    (void)outer.value(o);
    ADD_FAILURE() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::KernelException);
    EXPECT_STREQ(e.what(), "redraw: number of redraws exceeded limit of 1000 (no value in [2, 3])");
  }
  for (int i = 0; i < 1000; ++i) (void)oref.uniform();
  EXPECT_EQ(o.next_u32(), oref.next_u32());

  try {
    (void)Parameter::redraw(5.0, 0.0, 1.0).constant_value();
    ADD_FAILURE() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::KernelException);
    EXPECT_STREQ(e.what(), "redraw: number of redraws exceeded limit of 1000 (no value in [0, 1])");
  }
}

}  // namespace
}  // namespace roost
