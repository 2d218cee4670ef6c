// The error left after a Newton update, for the increment test: |du_k| measures the error
// *before* the update, so testing it costs one iteration more than needed.
#pragma once

namespace spine::solver
{
  /// Estimated |u* - u_k| after the update @p increment = |du_k|, from the contraction
  /// rho = |du_k| / |du_k-1| of the last two updates: rho / (1 - rho) |du_k|, the bound for a
  /// linear rate rho (quadratic convergence only makes it more conservative). Never looser
  /// than |du_k| itself: |du_k| when rho >= 1/2 or when there is no previous update
  /// (@p previous_increment <= 0, the first iteration of a load step).
  inline double
  newton_error_estimate(const double increment, const double previous_increment)
  {
    if (previous_increment <= 0.)
      return increment;
    const double rho = increment / previous_increment;
    return rho < 0.5 ? rho / (1. - rho) * increment : increment;
  }
} // namespace spine::solver
