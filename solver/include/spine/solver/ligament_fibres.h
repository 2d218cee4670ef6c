// Ligaments as tension-only, nonlinear 1D fibres between two attachment nodes (spring
// elements): each end snaps to the nearest mesh vertex of its bone (set of material ids).
#pragma once

#include <spine/solver/interaction.h>

#include <deal.II/base/point.h>
#include <deal.II/base/types.h>

#include <array>
#include <set>
#include <string>
#include <vector>

namespace spine::solver
{
  /// Bilinear force-strain law of a fibre: modulus E_toe up to the transition strain, then
  /// E_linear; no force at or below zero strain (a ligament is slack in compression).
  struct LigamentLaw
  {
    double E_toe = 0., E_linear = 0.; ///< MPa
    double transition_strain = 0.;    ///< e.g. 0.12
    double area = 0.;                 ///< cross-section of one fibre, mm²
    double prestrain = 0.;            ///< strain in the reference configuration

    double force(double strain) const;     ///< N
    double stiffness(double strain) const; ///< dN/dstrain, N
  };

  struct FibreSpec
  {
    std::string                          ligament, name;
    dealii::Point<3>                     end_a, end_b;
    std::set<dealii::types::material_id> materials_a, materials_b; ///< where each end may snap
    LigamentLaw                          law;
  };

  class LigamentFibres : public Interaction
  {
  public:
    /// @p snap_tolerance: largest allowed distance (mm) from an attachment point to the
    /// node it snaps to; a farther node means the attachment is missing from the mesh.
    LigamentFibres(std::vector<FibreSpec> fibres, double snap_tolerance = 3.);

    std::string name() const override { return "ligament fibres"; }
    dealii::IndexSet setup(const dealii::DoFHandler<3> &dofs, const dealii::Mapping<3> &, MPI_Comm comm) override;
    void add_couplings(dealii::DynamicSparsityPattern &pattern) const override;
    void assemble(const dealii::TrilinosWrappers::MPI::Vector &current, bool with_matrix, const Sink &sink) override;
    /// Columns lig_<ligament>_N [N] (sum over its fibres) and lig_<ligament>_strain (largest).
    void add_statistics(StatisticsTable &table) const override;

    struct FibreState
    {
      double length = 0., strain = 0., force = 0.;
    };
    const std::vector<FibreSpec> & fibres() const { return specs; }
    const std::vector<FibreState> &states() const { return state; }
    /// Snapped node positions (reference configuration).
    const std::vector<std::array<dealii::Point<3>, 2>> &nodes() const { return node_positions; }
    /// Whether the last setup placed the two ends of some fibre on different ranks.
    bool spans_ranks() const { return fibre_spans_ranks; }

  private:
    std::vector<FibreSpec>                                  specs;
    double                                                  tolerance;
    std::vector<std::array<dealii::Point<3>, 2>>            node_positions;
    std::vector<std::array<dealii::types::global_dof_index, 6>> node_dofs;
    std::vector<FibreState>                                 state;
    MPI_Comm                                                communicator = MPI_COMM_SELF;
    bool                                                    fibre_spans_ranks = false;
  };
} // namespace spine::solver
