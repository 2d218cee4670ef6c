// Error estimate of the Newton increment test (solver/include/spine/solver/newton_error_estimate.h).
#include <spine/solver/newton_error_estimate.h>

#include <gtest/gtest.h>

using spine::solver::newton_error_estimate;

TEST(NewtonErrorEstimate, FirstIterationUsesTheIncrement)
{
  EXPECT_DOUBLE_EQ(newton_error_estimate(1e-3, 0.), 1e-3);
}

TEST(NewtonErrorEstimate, LinearRateGivesTheGeometricTail)
{
  // rho = 0.1: the remaining updates sum to 0.1 + 0.01 + ... = 1/9 of |du_k|.
  EXPECT_DOUBLE_EQ(newton_error_estimate(1e-4, 1e-3), 1e-4 / 9.);
}

TEST(NewtonErrorEstimate, IsExactForALinearlyConvergingSequence)
{
  // u_k = u* + c rho^k: after update k the error is c rho^k, |du_k| = c rho^(k-1) (1 - rho).
  const double rho = 0.2, c = 3.;
  const double du_prev = c * rho * (1. - rho), du = c * rho * rho * (1. - rho);
  EXPECT_NEAR(newton_error_estimate(du, du_prev), c * rho * rho * rho, 1e-15);
}

TEST(NewtonErrorEstimate, SlowContractionIsNotTrusted)
{
  EXPECT_DOUBLE_EQ(newton_error_estimate(0.6, 1.), 0.6);
  EXPECT_DOUBLE_EQ(newton_error_estimate(2., 1.), 2.);
}
