// SPDX-License-Identifier: GPL-2.0-or-later
// nest.random / nest.math Parameter trees: arithmetic, distributions, redraw,
// evaluation order and argument validation.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "roost/error.hpp"
#include "roost/parameter.hpp"
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

}  // namespace
}  // namespace roost
