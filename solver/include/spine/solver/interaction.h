// Forces that are not cell integrals of a material law: discrete ligament fibres between
// attachment nodes, penalty contact between surfaces. MechanicsProblem adds what they
// assemble to the global residual and tangent, and their couplings to the sparsity
// pattern and ghost set (they may couple DoFs owned by different ranks).
#pragma once

#include <spine/solver/statistics_table.h>

#include <deal.II/base/index_set.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/lac/vector.h>

#include <functional>
#include <string>
#include <vector>

namespace spine::solver
{
  class Interaction
  {
  public:
    virtual ~Interaction() = default;

    /// What the interaction is, for logs and diagnostics ("ligament fibres", ...).
    virtual std::string
    name() const
    {
      return "interaction";
    }

    /// Receives the local contribution: global DoF indices, internal force f (the residual
    /// gains +f) and, when the tangent is assembled, df/du.
    using Sink = std::function<void(const std::vector<dealii::types::global_dof_index> &,
                                    const dealii::Vector<double> &,
                                    const dealii::FullMatrix<double> *)>;

    /// Called after DoF distribution (collective). Returns the DoFs this rank must read
    /// beyond its locally relevant ones; throws InputError when the interaction cannot be
    /// placed on the mesh (e.g. an attachment or contact surface not found).
    virtual dealii::IndexSet
    setup(const dealii::DoFHandler<3> &dofs, const dealii::Mapping<3> &mapping, MPI_Comm comm) = 0;

    /// Couplings beyond those of a cell (rows may belong to other ranks).
    virtual void
    add_couplings(dealii::DynamicSparsityPattern &) const
    {}

    /// Called before a load step with its predicted displacement @p current (ghosted,
    /// collective): returns true (on every rank) when the interaction now needs couplings
    /// that add_couplings() did not give, so the matrix must be rebuilt.
    virtual bool
    update_couplings(const dealii::TrilinosWrappers::MPI::Vector & /*current*/)
    {
      return false;
    }

    /// Internal forces (and tangent) at the ghosted displacement @p current (collective).
    virtual void
    assemble(const dealii::TrilinosWrappers::MPI::Vector &current, bool with_matrix, const Sink &sink) = 0;

    /// Whether the assembled tangent is symmetric (else the Krylov solver is GMRES).
    virtual bool
    symmetric_tangent() const
    {
      return true;
    }

    /// A symmetric rank-one part c v v^T of the last assembled tangent, too dense for the
    /// sparse matrix (a fluid cavity couples every DoF of its region); the linear solver
    /// applies it matrix-free. @p vector is owned-layout; constrained rows are zeroed later.
    struct RankOneTerm
    {
      double                                        coefficient = 0.;
      const dealii::TrilinosWrappers::MPI::Vector *vector      = nullptr;
    };
    virtual void
    add_rank_one_terms(std::vector<RankOneTerm> &) const
    {}

    /// Called at a converged load step, right after the assembly at the converged state
    /// (collective): an interaction with Lagrange-multiplier estimates (augmented Lagrangian)
    /// updates them and returns false while they still move, and the step is solved again at
    /// the same load. Without multipliers: nothing to do, true.
    virtual bool
    augment()
    {
      return true;
    }

    /// The load step ends: accepted (its multipliers become the starting point of the next)
    /// or rejected (they return to those of the last accepted step).
    virtual void
    finish_step(bool /*accepted*/)
    {}

    /// Columns describing the state of the last assembly (collective; rank 0 writes).
    virtual void
    add_statistics(StatisticsTable &) const
    {}
  };
} // namespace spine::solver
