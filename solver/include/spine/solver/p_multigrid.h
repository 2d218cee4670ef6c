// Two-level p-multigrid preconditioner for quadratic (or higher) vector elements on
// tetrahedra: Chebyshev-Jacobi smoothing on the high-order matrix and a coarse correction by
// ML AMG on the Galerkin operator of the linear (vertex) space.
//
// Why: ML's smoothed aggregation built directly on the P2 matrix spends most of its set-up in
// matrix-matrix products over the wide P2 stencil (docs/benchmarks.md). The vertex space has
// about 1/7 of the unknowns and a third of the stencil, so its AMG hierarchy is several times
// cheaper, while the smoother removes the high-order error that the vertex space cannot see.
// The transfer is exact linear interpolation, so the coarse operator P^T A P is built from the
// assembled tangent without re-assembling any physics (contact, ligaments, fibres included).
#pragma once

#include <deal.II/dofs/dof_handler.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/precondition.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include <Epetra_CrsMatrix.h>
#include <Epetra_Map.h>
#include <Epetra_MultiVector.h>
#include <Teuchos_ParameterList.hpp>

#include <functional>
#include <memory>

namespace ML_Epetra
{
  class MultiLevelPreconditioner;
}

namespace spine::solver
{
  class PMultigridPreconditioner
  {
  public:
    using Vector = dealii::TrilinosWrappers::MPI::Vector;
    /// Near-null space (rigid-body modes) for the rows of a given map.
    using NullSpaceBuilder = std::function<std::unique_ptr<Epetra_MultiVector>(const Epetra_Map &)>;

    struct Data
    {
      unsigned int smoother_degree = 3;   ///< Chebyshev degree on the fine level (pre and post)
      double       smoothing_range = 15.; ///< fraction of the spectrum the smoother targets
    };

    PMultigridPreconditioner();
    ~PMultigridPreconditioner();

    /// Builds the transfer, the Galerkin vertex operator, its AMG hierarchy (ML options
    /// @p coarse_ml; its null space is set here) and the fine-level smoother. Rows of
    /// @p constraints' constrained DoFs must be diagonal in @p matrix (as deal.II assembles).
    void initialize(const dealii::TrilinosWrappers::SparseMatrix &matrix,
                    const dealii::DoFHandler<3> &                 dofs,
                    const dealii::AffineConstraints<double> &     constraints,
                    const NullSpaceBuilder &                      null_space,
                    Teuchos::ParameterList                        coarse_ml,
                    const Data &                                  data);

    /// One symmetric two-level cycle: pre-smooth, coarse correction, post-smooth.
    void vmult(Vector &dst, const Vector &src) const;

    dealii::types::global_dof_index n_coarse_dofs() const;

  private:
    /// Jacobi: deal.II's DiagonalMatrix cannot be sized from a Trilinos matrix in 9.4.
    struct InverseDiagonal
    {
      Vector values;
      void
      vmult(Vector &dst, const Vector &src) const
      {
        dst = src;
        dst.scale(values);
      }
    };
    using Smoother = dealii::PreconditionChebyshev<dealii::TrilinosWrappers::SparseMatrix,
                                                   Vector,
                                                   InverseDiagonal>;

    const dealii::TrilinosWrappers::SparseMatrix *matrix = nullptr;
    std::unique_ptr<Epetra_Map>                   coarse_map;
    std::unique_ptr<Epetra_CrsMatrix>             prolongation; ///< vertex -> fine DoFs
    std::unique_ptr<Epetra_CrsMatrix>             coarse_matrix;
    std::unique_ptr<Epetra_MultiVector>           coarse_null_space;
    std::unique_ptr<ML_Epetra::MultiLevelPreconditioner> coarse_amg;
    std::unique_ptr<Epetra_MultiVector>           coarse_rhs, coarse_solution; ///< work vectors
    Smoother                                      smoother;
    mutable Vector                                residual, correction;
  };
} // namespace spine::solver
