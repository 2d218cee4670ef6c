// Forcing term of the inexact Newton method (solver/include/spine/solver/forcing_term.h).
#include <spine/solver/forcing_term.h>

#include <gtest/gtest.h>

using spine::solver::ForcingTerm;

TEST(ForcingTerm, FirstIterationOfAStepIsLoose)
{
  EXPECT_DOUBLE_EQ(ForcingTerm{1e-8}.next(1., 0., 1e-12), 0.1);
}

TEST(ForcingTerm, FollowsTheSquaredResidualRatio)
{
  // |R| fell by 100: eta = 0.9 * (1e-2)^2.
  EXPECT_DOUBLE_EQ(ForcingTerm{1e-12}.next(1e-2, 1., 1e-14), 0.9e-4);
}

TEST(ForcingTerm, SlowConvergenceKeepsTheCap)
{
  EXPECT_DOUBLE_EQ(ForcingTerm{1e-8}.next(0.9, 1., 1e-12), 0.1);
}

TEST(ForcingTerm, NeverTighterThanTheFixedTolerance)
{
  EXPECT_DOUBLE_EQ(ForcingTerm{1e-6}.next(1e-6, 1., 1e-20), 1e-6);
}

TEST(ForcingTerm, NoOversolvingNearTheNewtonTarget)
{
  // The residual 1e-7 is 10x the target 1e-8: half of the needed reduction (0.05) is
  // enough, although the residual ratio alone would ask for 0.9e-8.
  EXPECT_DOUBLE_EQ(ForcingTerm{1e-10}.next(1e-7, 1e-3, 1e-8), 0.05);
}
