// Construction, DoF distribution, constraints and sparsity of MechanicsProblem.
#include <spine/solver/mechanics_problem.h>

#include <deal.II/base/function.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_simplex_p.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/numerics/vector_tools.h>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    /// Prescribed displacement of one condition at load factor 1.
    class PrescribedDisplacement : public Function<3>
    {
    public:
      explicit PrescribedDisplacement(const BoundaryConditionSpec &bc)
        : Function<3>(3)
        , bc(bc)
      {}
      double
      value(const Point<3> &p, const unsigned int component) const override
      {
        if (bc.kind == BoundaryKind::fixed)
          return 0.;
        if (bc.displacement_function)
          return bc.displacement_function(p)[component];
        return bc.vector[component];
      }

    private:
      const BoundaryConditionSpec &bc;
    };
  } // namespace

  MechanicsProblem::MechanicsProblem(MPI_Comm comm, ProblemSettings settings)
    : comm(comm)
    , settings_(std::move(settings))
    , pcout(std::cout,
            settings_.output.verbose && Utilities::MPI::this_mpi_process(comm) == 0)
  {
    if (settings_.fe_degree < 1 || settings_.fe_degree > 2)
      throw InputError("finite element degree " + std::to_string(settings_.fe_degree) +
                       " is not supported (allowed: 1 or 2)");
    for (const auto &[id, spec] : settings_.materials)
      {
        try
          {
            laws[id] = create_material_law(spec);
          }
        catch (const InputError &e)
          {
            throw InputError("material id " + std::to_string(id) + ": " + e.what());
          }
      }
    fe_      = std::make_unique<FESystem<3>>(FE_SimplexP<3>(settings_.fe_degree), 3);
    mapping_ = std::make_unique<MappingFE<3>>(FE_SimplexP<3>(1));
  }

  MechanicsProblem::~MechanicsProblem()
  {
    dofs.clear();
  }

  void
  MechanicsProblem::add_postprocessor(Postprocessor postprocessor, const When when)
  {
    postprocessors.emplace_back(std::move(postprocessor), when);
  }

  void
  MechanicsProblem::add_interaction(std::shared_ptr<Interaction> interaction)
  {
    AssertThrow(!mesh, ExcMessage("add_interaction() must come before set_mesh()"));
    interactions.push_back(std::move(interaction));
  }

  void
  MechanicsProblem::set_mesh(std::shared_ptr<DistributedMesh> new_mesh)
  {
    mesh = std::move(new_mesh);
    check_material_coverage(settings_.materials, global_material_ids(*mesh));
    check_boundary_ids_exist(settings_.boundary_conditions, global_boundary_ids(*mesh));
    for (const auto &bc : settings_.boundary_conditions)
      if (bc.preload && bc.is_dirichlet())
        throw InputError("boundary id " + std::to_string(bc.boundary_id) + ": " + to_string(bc.kind) +
                         " cannot be a preload (only loads can: traction, pressure, moment, follower_force)");

    // Geometrically linear analysis when every law in use is a small-strain law.
    geometrically_linear = true;
    for (const auto id : global_material_ids(*mesh))
      geometrically_linear = geometrically_linear && laws.at(id)->is_small_strain();

    timer = std::make_unique<TimerOutput>(comm, pcout, TimerOutput::never, TimerOutput::wall_times);
    setup_system();
  }

  void
  MechanicsProblem::setup_system()
  {
    dofs.reinit(*mesh);
    dofs.distribute_dofs(*fe_);
    owned = dofs.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dofs, relevant);
    IndexSet interaction_dofs(dofs.n_dofs());
    for (const auto &interaction : interactions)
      interaction_dofs.add_indices(interaction->setup(dofs, *mapping_, comm));
    relevant.add_indices(interaction_dofs);

    // Dirichlet values at load factor 1, and homogeneous constraints for Newton updates.
    // Only the owner of a DoF is trusted: a ghost cell's faces towards cells this rank does
    // not hold look like boundary faces, and interactions reach DoFs beyond the ghost layer.
    // The owners share what they found and every rank takes the DoFs it touches.
    std::map<types::global_dof_index, double> found;
    for (const auto &bc : settings_.boundary_conditions)
      if (bc.is_dirichlet())
        {
          const ComponentMask mask(std::vector<bool>(bc.components.begin(), bc.components.end()));
          const PrescribedDisplacement function(bc);
          VectorTools::interpolate_boundary_values(*mapping_, dofs, bc.boundary_id, function, found, mask);
        }
    std::vector<std::pair<types::global_dof_index, double>> owned_values;
    for (const auto &[dof, value] : found)
      if (owned.is_element(dof))
        owned_values.emplace_back(dof, value);
    dirichlet_at_unit_load.clear();
    newton_constraints.clear();
    newton_constraints.reinit(relevant);
    for (const auto &list : Utilities::MPI::all_gather(comm, owned_values))
      for (const auto &[dof, value] : list)
        if (relevant.is_element(dof))
          {
            newton_constraints.add_line(dof);
            dirichlet_at_unit_load[dof] = value;
          }
    newton_constraints.close();
    build_matrix();

    system_rhs.reinit(owned, comm);
    internal_force_owned.reinit(owned, comm);
    solution_owned.reinit(owned, comm);
    ghosted_solution.reinit(owned, relevant, comm);
    ghosted_internal_force.reinit(owned, relevant, comm);
    reset_preconditioner();

    unsigned int n_load_conditions = 0;
    for (const auto &bc : settings_.boundary_conditions)
      n_load_conditions += bc.is_dirichlet() ? 0 : 1;
    load_surfaces.assign(settings_.boundary_conditions.size(), LoadSurface());
    resultants.assign(settings_.boundary_conditions.size(), LoadResultant());

    pcout << "mesh: " << mesh->n_global_active_cells() << " tetrahedra, " << dofs.n_dofs()
          << " DoFs (P" << settings_.fe_degree << "), " << Utilities::MPI::n_mpi_processes(comm)
          << " MPI rank(s), " << settings_.materials.size() << " material law(s), "
          << n_load_conditions << " surface load(s)"
          << (geometrically_linear ? ", geometrically linear" : ", finite strain") << std::endl;
  }

  void
  MechanicsProblem::build_matrix()
  {
    DynamicSparsityPattern pattern(relevant);
    DoFTools::make_sparsity_pattern(dofs, pattern, newton_constraints, false);
    for (const auto &interaction : interactions)
      interaction->add_couplings(pattern);
    SparsityTools::distribute_sparsity_pattern(pattern, owned, comm, relevant);
    system_matrix.reinit(owned, owned, pattern, comm);
    matrix_scatter.build(dofs, newton_constraints, system_matrix);
  }

  bool
  MechanicsProblem::update_interaction_couplings(const Vector &predicted)
  {
    Vector ghosted(owned, relevant, comm);
    ghosted = predicted;
    bool grew = false;
    for (const auto &interaction : interactions)
      grew = interaction->update_couplings(ghosted) || grew; // every call: they are collective
    if (!grew)
      return false;
    TimerOutput::Scope scope(*timer, "sparsity rebuild");
    build_matrix();
    reset_preconditioner();
    return true;
  }

  void
  MechanicsProblem::apply_dirichlet_values(Vector &u, const double lambda) const
  {
    for (const auto &[dof, value] : dirichlet_at_unit_load)
      if (owned.is_element(dof))
        u[dof] = lambda * value;
    u.compress(VectorOperation::insert);
  }
} // namespace spine::solver
