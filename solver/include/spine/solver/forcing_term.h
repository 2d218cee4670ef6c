// Forcing term of an inexact Newton method: the relative tolerance of each linear solve.
// Solving every Newton system to a fixed tight tolerance wastes Krylov iterations far from
// the solution, where the linearisation itself is poor, and near it, once the residual is
// already below what the Newton test asks for.
#pragma once

#include <algorithm>
#include <cmath>

namespace spine::solver
{
  /// Eisenstat & Walker (1996, SIAM J Sci Comput 17:16), "choice 2" with gamma 0.9 and
  /// alpha 2: eta_k = gamma (|R_k| / |R_k-1|)^alpha, so the linear tolerance tightens as
  /// fast as Newton converges; capped at 0.1 (their safeguard against a sudden drop,
  /// gamma eta_k-1^alpha > 0.1, cannot act below that cap), with Kelley's floor against
  /// over-solving (1995, "Iterative methods for linear and nonlinear equations", §6.3):
  /// no tighter than half of what takes the residual to the Newton target, and never
  /// tighter than @p minimum (the fixed tolerance).
  /// @p previous_residual <= 0 marks the first iteration of a load step: eta = 0.1.
  struct ForcingTerm
  {
    static constexpr double maximum = 0.1;
    double                  minimum = 1e-8;

    double
    next(const double residual, const double previous_residual, const double target_residual) const
    {
      constexpr double gamma = 0.9, alpha = 2.;
      double           eta   = maximum;
      if (previous_residual > 0.)
        eta = gamma * std::pow(residual / previous_residual, alpha);
      if (residual > 0.)
        eta = std::max(eta, 0.5 * target_residual / residual);
      return std::clamp(eta, std::min(minimum, maximum), maximum);
    }
  };
} // namespace spine::solver
