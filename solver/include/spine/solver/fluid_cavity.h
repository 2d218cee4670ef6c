// An incompressible fluid filling a region (the nucleus pulposus): one hydrostatic pressure
// for the whole region, set by its total volume,
//   P = -K (V / V0 - 1)  (compression positive),   V = integral of J over the region's cells,
// with the energy K V0 / 2 (V / V0 - 1)^2. Spine models commonly treat the nucleus
// this way (a fluid-filled cavity) because it is a single volume constraint: an element-wise
// incompressibility constraint would lock linear tetrahedra, while one global constraint
// cannot. The solid law of the region still carries shear (and a compressible bulk).
// Internal force -P dV/du; tangent -P d²V/du² (per cell, sparse) plus (K/V0) g g^T with
// g = dV/du, a dense rank-one term applied matrix-free (add_rank_one_terms()).
#pragma once

#include <spine/solver/interaction.h>

#include <deal.II/base/types.h>

#include <set>

namespace spine::solver
{
  class FluidCavity : public Interaction
  {
  public:
    /// @p bulk_modulus K (MPa, > 0).
    FluidCavity(std::set<dealii::types::material_id> region, double bulk_modulus);

    std::string name() const override { return "fluid cavity"; }
    dealii::IndexSet setup(const dealii::DoFHandler<3> &dofs, const dealii::Mapping<3> &mapping, MPI_Comm comm) override;
    void assemble(const dealii::TrilinosWrappers::MPI::Vector &current, bool with_matrix, const Sink &sink) override;
    void add_rank_one_terms(std::vector<RankOneTerm> &terms) const override;
    /// Columns cavity_pressure [MPa] and cavity_volume_change [%].
    void add_statistics(StatisticsTable &table) const override;

    double pressure() const { return pressure_; }               ///< P of the last assembly, MPa
    double volume() const { return volume_; }                   ///< V, mm³
    double reference_volume() const { return reference_volume_; } ///< V0, mm³

  private:
    std::set<dealii::types::material_id>       region;
    double                                     bulk_modulus;
    const dealii::DoFHandler<3> *              dofs_    = nullptr;
    const dealii::Mapping<3> *                 mapping_ = nullptr;
    MPI_Comm                                   communicator = MPI_COMM_SELF;
    double                                     reference_volume_ = 0., volume_ = 0., pressure_ = 0.;
    dealii::TrilinosWrappers::MPI::Vector      volume_gradient; ///< g = dV/du at the last tangent
  };
} // namespace spine::solver
