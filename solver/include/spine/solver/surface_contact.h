// Frictionless penalty contact between pairs of deformable surfaces (e.g. the facet
// cartilage of L4 against that of L5), enforced at face quadrature points.
//
// Choices (docs/solver.md): two-half-pass (Sauer & De Lorenzis 2013): each surface is the
// slave once and its quadrature points get the pressure eps * penetration against the
// opposing (master) surface; no reaction is lumped onto master nodes, so a uniform pressure
// is transmitted exactly across non-matching meshes (patch test) and neither side is
// favoured. The tangent is therefore not symmetric (use GMRES or a direct solver). The
// master is flat triangles through the current node positions (P1: the face; P2: its four
// sub-triangles through the edge midpoints), gathered on every rank each assembly (facet
// surfaces are a few hundred faces). The tangent couples slave and master DoFs (normal and
// projection held fixed); the sparsity pattern holds those couplings only for slave points
// near contact (within `coupling margin` of it) and only to the master triangles that could
// be their closest within that margin. Before each load step the predicted state is checked
// (update_couplings); when a point came within half the margin without its couplings, the
// pattern grows and the matrix is rebuilt. An active point without couplings (between two
// checks) only weakens the tangent, never the residual. Couplings to a whole neighbourhood
// of master nodes, needed or not, made every Krylov iteration of the study ~75 % dearer
// (the AMG hierarchy inherits the extra entries). A point sliding
// off the master's rim loses its pressure over a short tangential offset instead of at once:
// an on/off switch there made Newton cycle between two states. Penalty eps in N/mm³
// (pressure per mm of penetration).
#pragma once

#include <spine/solver/interaction.h>

#include <deal.II/base/point.h>
#include <deal.II/base/types.h>

#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace spine::solver
{
  struct ContactPair
  {
    std::string                name; ///< e.g. "facet_left"
    dealii::types::boundary_id surface_a = 0, surface_b = 0;
  };

  class SurfaceContact : public Interaction
  {
  public:
    /// @p search_distance: a point farther than this from the opposing surface (mm) is not
    /// checked; must exceed the largest penetration and stay below the body thickness.
    /// @p rim_fade: a penetrating point that is not straight below the master surface (beyond
    /// its rim) loses its pressure linearly over this much further tangential offset (mm).
    /// @p smoothed_normals: the master normal at a point is interpolated from node normals
    /// (continuous across facet edges) instead of the facet's own.
    /// @p max_augmentations: augmented Lagrangian (Uzawa) updates per load step, 0 = pure
    /// penalty. Each converged step sets every point's multiplier to its pressure and solves
    /// again until the multipliers change by less than @p augmentation_tolerance (relative,
    /// root mean square over the points): the pressure then no longer depends on the penalty,
    /// which can stay moderate (a stiff penalty makes Newton crawl on quadratic elements).
    /// @p penalty_smoothing: penetration (mm) over which the pressure's slope grows from 0 to
    /// the penalty (quadratic onset, then linear shifted by half of it): the pressure law is
    /// then continuously differentiable, so points entering contact do not make the tangent jump.
    /// 0: the plain kinked law.
    /// @p coupling_margin: a point couples to master DoFs once its effective penetration
    /// exceeds -margin (mm), to the nodes of the master triangles within its distance + margin.
    SurfaceContact(std::vector<ContactPair> pairs, double penalty, double search_distance = 1.,
                   double coupling_margin = 0.3, double rim_fade = 0.25, bool smoothed_normals = true,
                   unsigned int max_augmentations = 0, double augmentation_tolerance = 0.01,
                   double penalty_smoothing = 0.);

    std::string name() const override { return "surface contact"; }
    dealii::IndexSet setup(const dealii::DoFHandler<3> &dofs, const dealii::Mapping<3> &mapping, MPI_Comm comm) override;
    void add_couplings(dealii::DynamicSparsityPattern &pattern) const override;
    bool update_couplings(const dealii::TrilinosWrappers::MPI::Vector &current) override;
    /// Slave-row x master-column couplings in the pattern (this rank; for tests and logs).
    std::size_t n_couplings() const;
    bool symmetric_tangent() const override { return false; }
    void assemble(const dealii::TrilinosWrappers::MPI::Vector &current, bool with_matrix, const Sink &sink) override;
    /// Columns contact_<name>_F [N] (mean of the two passes), _area [mm²], _pmax [MPa] (largest
    /// mean pressure of a slave face).
    void add_statistics(StatisticsTable &table) const override;
    bool augment() override;
    void finish_step(bool accepted) override;

    /// A contact point of the last assembly: current position, penalty pressure, area weight.
    struct PressureSample
    {
      dealii::Point<3> x;
      double           pressure = 0., weight = 0.;
    };
    struct PairResult
    {
      double force = 0., area = 0., peak_pressure = 0.;
      /// This rank's active points of both half-passes (pressure profiles, e.g. against Hertz).
      std::vector<PressureSample> samples;
    };
    const std::vector<PairResult> &results() const { return last; }
    const std::vector<ContactPair> &pairs() const { return contact_pairs; }
    /// Whether the faces of pair @p p are owned by more than one rank (last setup).
    bool spans_ranks(unsigned int p) const { return pair_spans.at(p); }

  private:
    struct Triangle
    {
      std::array<dealii::Point<3>, 3> x; ///< current corner positions
      dealii::Point<3>                lo, hi; ///< bounding box of x (cheap search rejection)
      dealii::Tensor<1, 3>            normal; ///< outward of its body
      std::array<dealii::Tensor<1, 3>, 3> node_normal; ///< at its corners (smoothed or its own)
      std::array<dealii::types::global_dof_index, 9> dofs; ///< corner v, component d at 3 v + d
    };
    /// The master surface @p id as flat triangles at displacement @p current (nullptr: the
    /// reference configuration), on every rank (collective).
    std::vector<Triangle> gather_surface(const dealii::TrilinosWrappers::MPI::Vector *current,
                                         dealii::types::boundary_id                    id) const;
    /// The triangle of @p triangles closest to @p x (nullptr if none), that point and distance.
    struct Closest
    {
      const Triangle * triangle = nullptr;
      dealii::Point<3> point;
      double           distance = 0.;
    };
    static Closest closest_triangle(const dealii::Point<3> &x, const std::vector<Triangle> &triangles);
    /// Unit master normal at @p c on @p t: its node normals interpolated.
    static dealii::Tensor<1, 3> normal_at(const Triangle &t, const dealii::Point<3> &c);
    /// Per pair and pass (slave = a, then b): the master node DoFs each locally owned slave
    /// cell (by active cell index) couples to.
    using CouplingSets =
      std::vector<std::array<std::map<unsigned int, std::set<dealii::types::global_dof_index>>, 2>>;
    /// The couplings of the slave points whose effective penetration exceeds -@p margin at
    /// @p current (nullptr: reference configuration); collective.
    CouplingSets couplings_near_contact(const dealii::TrilinosWrappers::MPI::Vector *current, double margin) const;

    std::vector<ContactPair>        contact_pairs;
    double                          penalty, search, margin, fade, smoothing;
    bool                            smooth_normals;
    unsigned int                    max_augmentations;
    double                          augmentation_tolerance;
    unsigned int                    augmentations_this_step = 0;
    /// A slave quadrature point: pair, pass, active cell index, face, quadrature index.
    using PointKey = std::array<unsigned int, 5>;
    /// Multiplier (pressure, MPa) per slave point of this rank: in use, at the last accepted
    /// step, and the pressures of the last assembly (the next multipliers).
    std::map<PointKey, double> multiplier, accepted_multiplier, last_pressure;
    /// The couplings in the sparsity pattern (they only grow).
    CouplingSets allowed;
    const dealii::DoFHandler<3> *   dof_handler = nullptr;
    const dealii::Mapping<3> *      mapping     = nullptr;
    MPI_Comm                        communicator = MPI_COMM_SELF;
    std::vector<PairResult>         last;
    std::vector<bool>               pair_spans;
  };
} // namespace spine::solver
