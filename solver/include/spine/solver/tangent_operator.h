// The full tangent of a Newton step: the sparse matrix plus the terms too dense for it,
// applied matrix-free (the reason why such steps are solved with GMRES).
#pragma once

#include <deal.II/base/tensor.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include <array>
#include <utility>
#include <vector>

namespace spine::solver
{
  /// K du + lambda * sum_d s_d (omega x dc)_d with dc_d = (s_d . du) / area per moment load
  /// (the rank-3 centroid part of its linearisation, boundary_loads.cc), plus the
  /// interactions' rank-one terms c v (v . du).
  struct TangentOperator
  {
    using Vector = dealii::TrilinosWrappers::MPI::Vector;

    const dealii::TrilinosWrappers::SparseMatrix &matrix;
    struct MomentTerm
    {
      const std::array<Vector, 3> *face_integrals;
      dealii::Tensor<1, 3>         omega; ///< already scaled by the load factor
      double                       area;
    };
    std::vector<MomentTerm>                moment_terms;
    std::vector<std::pair<double, Vector>> rank_one; ///< (c, v), constrained rows zeroed

    /// Nothing beyond the matrix.
    bool
    matrix_only() const
    {
      return moment_terms.empty() && rank_one.empty();
    }

    void
    vmult(Vector &dst, const Vector &src) const
    {
      matrix.vmult(dst, src);
      for (const auto &[c, v] : rank_one)
        dst.add(c * (v * src), v);
      for (const auto &term : moment_terms)
        {
          dealii::Tensor<1, 3> centroid_shift;
          for (unsigned int d = 0; d < 3; ++d)
            centroid_shift[d] = ((*term.face_integrals)[d] * src) / term.area;
          const dealii::Tensor<1, 3> force_density = dealii::cross_product_3d(term.omega, centroid_shift);
          for (unsigned int d = 0; d < 3; ++d)
            dst.add(force_density[d], (*term.face_integrals)[d]);
        }
    }
  };
} // namespace spine::solver
