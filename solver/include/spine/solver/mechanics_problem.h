// Quasi-static finite-strain mechanics (total Lagrangian, displacement-only) on a
// distributed tetrahedral mesh, with load stepping and Newton–Raphson.
#pragma once

#include <spine/solver/cell_matrix_scatter.h>
#include <spine/solver/interaction.h>
#include <spine/solver/material_laws.h>
#include <spine/solver/mesh_setup.h>
#include <spine/solver/p_multigrid.h>
#include <spine/solver/settings.h>
#include <spine/solver/statistics_table.h>
#include <spine/solver/tangent_operator.h>

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/index_set.h>
#include <deal.II/base/timer.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_fe.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include <Epetra_MultiVector.h>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace spine::solver
{
  using Vector = dealii::TrilinosWrappers::MPI::Vector;

  class MechanicsProblem;

  /// What a postprocessor sees after a converged load step.
  struct StepContext
  {
    const MechanicsProblem &          problem;
    const dealii::DoFHandler<3> &     dof_handler;
    const dealii::Mapping<3> &        mapping;
    const dealii::FiniteElement<3> &  fe;
    const Vector &                    solution;       ///< ghosted displacement
    const Vector &                    internal_force; ///< ghosted, unconstrained f_int
    double                            load_factor;
    unsigned int                      step;           ///< 1, 2, ... converged steps
    bool                              is_must_point;
    MPI_Comm                          comm;
    StatisticsTable &                 statistics;     ///< the row of this step is open
    const std::string &               output_directory;
  };

  using Postprocessor = std::function<void(const StepContext &)>;

  struct LinearSolveReport
  {
    unsigned int iterations = 0;
    double       setup_seconds = 0., solve_seconds = 0.;
  };

  struct RunSummary
  {
    bool         completed           = false;
    double       last_converged_load = 0.;
    unsigned int steps               = 0;
    unsigned int newton_iterations   = 0;
    unsigned int linear_iterations   = 0;
    unsigned int cutbacks            = 0;
    double       wall_seconds        = 0.;
    std::string  message;
  };

  /// Net force and moment (about the current area centroid) of one surface load, as
  /// integrated in the last assembly.
  struct LoadResultant
  {
    dealii::Tensor<1, 3> force, moment;
    dealii::Point<3>     centroid;
    double               area = 0.;
  };

  class MechanicsProblem
  {
  public:
    MechanicsProblem(MPI_Comm comm, ProblemSettings settings);
    ~MechanicsProblem();

    /// Distributes DoFs and checks that every material id has a law and every boundary
    /// condition id exists (throws InputError before any solve).
    void set_mesh(std::shared_ptr<DistributedMesh> mesh);

    enum class When
    {
      every_step,
      must_points
    };
    void add_postprocessor(Postprocessor postprocessor, When when = When::must_points);

    /// Adds ligament fibres, contact, ... (before set_mesh()).
    void add_interaction(std::shared_ptr<Interaction> interaction);

    /// Load stepping 0 -> 1. Writes output per must point; never throws for a failed
    /// convergence (see RunSummary::completed and message).
    RunSummary run();

    /// An equilibrated neutral state (step 0: pre-stress, preloads): the owned displacement.
    using NeutralState = Vector;
    /// The neutral state of the last run; of size 0 if it had no step 0.
    const NeutralState &neutral_state() const { return neutral_state_; }
    /// Starts the next run from this neutral state instead of solving step 0: for another
    /// load case of the same model (same mesh, ranks, materials and preloads), e.g. extension
    /// after flexion. Ignored (step 0 is solved) if it does not fit this rank's DoFs.
    void start_from_neutral_state(NeutralState state) { given_neutral_state_ = std::move(state); }

    const dealii::DoFHandler<3> &dof_handler() const { return dofs; }
    const dealii::Mapping<3> &   mapping() const { return *mapping_; }
    const dealii::FESystem<3> &  fe() const { return *fe_; }
    const Vector &               solution() const { return ghosted_solution; }
    const Vector &               internal_force() const { return ghosted_internal_force; }
    StatisticsTable &            statistics() { return statistics_; }
    const ProblemSettings &      settings() const { return settings_; }
    MPI_Comm                     communicator() const { return comm; }
    const MaterialLaw &          law(dealii::types::material_id id) const { return *laws.at(id); }
    bool                         is_geometrically_linear() const { return geometrically_linear; }
    const std::vector<LoadResultant> &load_resultants() const { return resultants; }
    const LinearSolveReport &    last_linear_solve() const { return linear_report; }
    dealii::ConditionalOStream & out() { return pcout; }

    // Lower-level steps, public for tests.
    /// Sets Dirichlet values for load factor @p lambda on the given (owned) vector.
    void apply_dirichlet_values(Vector &u, double lambda) const;
    /// Assembles -R (constrained rows zeroed) and, if requested, the tangent at
    /// @p current (ghosted) and load factor @p lambda. Returns false if any rank met an
    /// inverted element (J <= 0).
    bool assemble(const Vector &current, double lambda, bool with_matrix);
    /// Solves K du = rhs with the configured linear solver; throws on failure. Krylov
    /// solvers stop at @p relative_tolerance |rhs| (the Newton loop passes its forcing term).
    LinearSolveReport solve_linear_system(Vector &du, double relative_tolerance);
    const Vector &residual_rhs() const { return system_rhs; }
    const dealii::TrilinosWrappers::SparseMatrix &tangent_matrix() const { return system_matrix; }
    /// The last assembled tangent with its matrix-free terms (what the Krylov solver sees).
    TangentOperator tangent_operator() const;

    /// One part of the model in a tangent check: |K v| of the part and |K v - D v| with D v
    /// the central difference of its residual along the direction v.
    struct TangentCheckRow
    {
      std::string part;
      double      tangent_norm = 0., error = 0.;
    };
    /// Checks the consistency of the tangent along @p direction (owned layout, the size of
    /// the difference step; constrained rows are zeroed) at the state @p u (owned layout) and
    /// load factor @p lambda: the whole model first, then each part alone (the cells of one material id,
    /// the surface loads, each interaction). Costs two residual and one tangent assembly per
    /// part; leaves the assembled state as it found it. Collective.
    std::vector<TangentCheckRow> check_tangent(const Vector &u, double lambda, const Vector &direction);

  private:
    struct NewtonOutcome
    {
      bool         converged = false;
      unsigned int iterations = 0, linear_iterations = 0;
      double       residual = 0.;
      std::string  failure;
    };

    void setup_system();
    /// Sparsity pattern (cells and interactions) and the matrix with its direct scatter.
    void build_matrix();
    /// Asks the interactions whether the @p predicted state of a load step needs couplings
    /// the matrix lacks (contact coming closer); if so rebuilds the matrix. True if rebuilt.
    bool update_interaction_couplings(const Vector &predicted);
    void compute_load_surfaces(const Vector &current);
    void assemble_boundary_loads(const typename dealii::DoFHandler<3>::active_cell_iterator &cell,
                                 const Vector &                  current,
                                 double                          lambda,
                                 dealii::Vector<double> &        cell_rhs,
                                 dealii::FullMatrix<double> *    cell_matrix);
    /// Whether the tangent includes the (non-symmetric) linearisation of follower loads.
    bool with_load_stiffness() const;
    /// Builds the configured preconditioner (ML AMG or p-multigrid) for the current tangent.
    void build_preconditioner();
    /// Drops the preconditioner; the next Krylov solve builds one for its tangent.
    void reset_preconditioner();
    /// Applies whichever preconditioner build_preconditioner() made.
    void apply_preconditioner(Vector &dst, const Vector &src) const;
    /// Rigid-body modes (3 translations, then 3 rotations if @p n_modes is 6) at the current
    /// nodal positions, for the DoFs of @p rows that this rank owns.
    std::unique_ptr<Epetra_MultiVector> rigid_body_modes(const Epetra_Map &rows,
                                                         unsigned int      n_modes) const;
    NewtonOutcome solve_step(Vector &u, double lambda, unsigned int step);
    void          write_output(unsigned int step, double lambda);
    void          write_summary(const RunSummary &summary) const;
    void          record_step_statistics(unsigned int step, double lambda, const NewtonOutcome &);

    /// Which part of the model assemble() adds: all but in tangent checks.
    struct AssemblyPart
    {
      enum class Kind
      {
        all,
        material,
        loads,
        interaction
      };
      Kind         kind  = Kind::all;
      unsigned int index = 0; ///< material id or interaction number

      bool includes_cells(dealii::types::material_id id) const
      {
        return kind == Kind::all || (kind == Kind::material && index == id);
      }
      bool includes_loads() const { return kind == Kind::all || kind == Kind::loads; }
      bool includes_interaction(unsigned int i) const
      {
        return kind == Kind::all || (kind == Kind::interaction && index == i);
      }
    };
    /// Prints check_tangent() along the step's increment and a random direction
    /// (Nonlinear solver/Tangent check).
    void print_tangent_check(double lambda, const Vector &step_increment);

    MPI_Comm                   comm;
    ProblemSettings            settings_;
    AssemblyPart               assembly_part;
    dealii::ConditionalOStream pcout;
    std::unique_ptr<dealii::TimerOutput> timer; ///< created once the mesh is accepted
    dealii::Timer              run_clock;

    std::shared_ptr<DistributedMesh>                                      mesh;
    std::unique_ptr<dealii::FESystem<3>>                                  fe_;
    std::unique_ptr<dealii::MappingFE<3>>                                 mapping_;
    dealii::DoFHandler<3>                                                 dofs;
    std::map<dealii::types::material_id, std::unique_ptr<MaterialLaw>> laws;
    bool geometrically_linear = false;

    dealii::IndexSet                  owned, relevant;
    dealii::AffineConstraints<double> newton_constraints; ///< zero on Dirichlet components
    std::map<dealii::types::global_dof_index, double> dirichlet_at_unit_load;

    dealii::TrilinosWrappers::SparseMatrix     system_matrix;
    CellMatrixScatter                          matrix_scatter; ///< direct insertion, see its header
    Vector                                     system_rhs, internal_force_owned;
    Vector                                     solution_owned, ghosted_solution, ghosted_internal_force;
    std::unique_ptr<dealii::TrilinosWrappers::PreconditionAMG> amg;
    std::unique_ptr<PMultigridPreconditioner>                  pmg; ///< instead of amg
    std::unique_ptr<Epetra_MultiVector>                        near_null_space;
    bool                                                       preconditioner_is_current = false;
    LinearSolveReport                                          linear_report;
    NeutralState                                               neutral_state_, given_neutral_state_;

    /// Per surface-load condition: current area, centroid, and for moments the rotation
    /// rate omega with t = omega x (x - c).
    struct LoadSurface
    {
      double               area = 0.;
      dealii::Point<3>     centroid;
      dealii::Tensor<1, 3> omega;
    };
    std::vector<LoadSurface>   load_surfaces;
    /// Per moment condition: s_d = int phi_i da over the face for the DoFs i of component
    /// d (constrained rows zeroed). The centroid shift of an update du is
    /// dc_d = (s_d . du) / area, which gives the non-local, rank-3 part of the moment-load
    /// linearisation, applied matrix-free in solve_linear_system().
    std::vector<std::array<Vector, 3>> moment_face_integrals;
    double                             current_load_factor = 0.;
    /// Scale of the preloads (BoundaryConditionSpec::preload): ramped to 1 in step 0.
    double                             preload_factor = 1.;
    std::unique_ptr<dealii::FEFaceValues<3>> face_values;
    std::vector<LoadResultant> resultants;

    std::vector<std::shared_ptr<Interaction>>   interactions;
    std::vector<std::pair<Postprocessor, When>> postprocessors;
    StatisticsTable                             statistics_;
    std::vector<std::pair<unsigned int, double>> written_outputs; ///< (step, load) for .pvd
  };
} // namespace spine::solver
