// Linear solver: CG/GMRES preconditioned by ML smoothed-aggregation AMG with a near-null
// space of all six rigid-body modes (on the full matrix, or on the vertex space of a
// p-multigrid, p_multigrid.h), or a direct Amesos solver.
//
// deal.II 9.4 passes only boolean component masks (the three translations) to ML; the
// rotations matter for elasticity because they are the other near-zero-energy modes of the
// operator, and without them the coarse levels cannot represent bending. We therefore set
// "null space: type = pre-computed" ourselves with six vectors built from the current
// nodal positions.
#include <spine/solver/mechanics_problem.h>

#include <deal.II/base/quadrature.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/trilinos_solver.h>

#include <Teuchos_ParameterList.hpp>

#include <functional>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    /// ML reads each option with its own type: pass integers, reals and booleans as such.
    void
    set_typed(Teuchos::ParameterList &list, const std::string &name, const std::string &text)
    {
      if (text == "true" || text == "false")
        {
          list.set(name, text == "true");
          return;
        }
      std::size_t end = 0;
      try
        {
          const int i = std::stoi(text, &end);
          if (end == text.size())
            {
              list.set(name, i);
              return;
            }
          const double d = std::stod(text, &end);
          if (end == text.size())
            {
              list.set(name, d);
              return;
            }
        }
      catch (const std::exception &)
        {}
      list.set(name, text);
    }
  } // namespace

  std::unique_ptr<Epetra_MultiVector>
  MechanicsProblem::rigid_body_modes(const Epetra_Map &rows, const unsigned int n_modes) const
  {
    auto modes = std::make_unique<Epetra_MultiVector>(rows, static_cast<int>(n_modes));
    const Quadrature<3> support(fe_->get_unit_support_points());
    FEValues<3>         fe_values(*mapping_, *fe_, support, update_quadrature_points);
    std::vector<types::global_dof_index> dof_indices(fe_->n_dofs_per_cell());
    // Rotations about a point inside the body keep the six vectors well conditioned.
    Point<3> centre;
    {
      Tensor<1, 3> sum;
      double       count = 0.;
      for (const auto &cell : dofs.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            sum += cell->center();
            count += 1.;
          }
      centre = Point<3>(Utilities::MPI::sum(sum, comm) / Utilities::MPI::sum(count, comm));
    }
    for (const auto &cell : dofs.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dof_indices);
          for (unsigned int i = 0; i < dof_indices.size(); ++i)
            {
              const int local_row = rows.LID(static_cast<int>(dof_indices[i]));
              if (local_row < 0)
                continue;
              const unsigned int c = fe_->system_to_component_index(i).first;
              // Current position of this node: reference point + its displacement.
              Point<3> x = fe_values.quadrature_point(i);
              for (unsigned int j = 0; j < dof_indices.size(); ++j)
                if (fe_->system_to_component_index(j).second ==
                    fe_->system_to_component_index(i).second)
                  x[fe_->system_to_component_index(j).first] += ghosted_solution(dof_indices[j]);
              const Tensor<1, 3> r = x - centre;
              for (unsigned int mode = 0; mode < 3; ++mode)
                (*modes)[mode][local_row] = (mode == c) ? 1. : 0.;
              // Rotation about axis e_a: (e_a x r)_c
              for (unsigned int a = 0; 3 + a < n_modes; ++a)
                {
                  Tensor<1, 3> axis;
                  axis[a]                       = 1.;
                  (*modes)[3 + a][local_row] = cross_product_3d(axis, r)[c];
                }
            }
        }
    return modes;
  }

  void
  MechanicsProblem::reset_preconditioner()
  {
    amg.reset();
    pmg.reset();
    preconditioner_is_current = false;
  }

  void
  MechanicsProblem::apply_preconditioner(Vector &dst, const Vector &src) const
  {
    if (pmg)
      pmg->vmult(dst, src);
    else
      amg->vmult(dst, src);
  }

  void
  MechanicsProblem::build_preconditioner()
  {
    const auto &linear = settings_.linear;
    const bool  p_multigrid = linear.preconditioner == "p-multigrid" && settings_.fe_degree > 1;
    TrilinosWrappers::PreconditionAMG::AdditionalData data;
    data.elliptic              = true;
    data.higher_order_elements = settings_.fe_degree > 1 && !p_multigrid;
    data.smoother_sweeps       = 3; // 3 Chebyshev sweeps: ~10 % fewer CG iterations than 2
    // On the vertex operator of the spine (bone E ~1e4 MPa beside soft tissue ~1 MPa) a
    // threshold of 5e-3 keeps aggregates from straddling the stiffness jumps: 22 % fewer
    // Krylov iterations than 1e-4 (docs/benchmarks.md); 5e-2 doubled them.
    data.aggregation_threshold = p_multigrid ? 5e-3 : 1e-4;
    DoFTools::extract_constant_modes(dofs, ComponentMask(3, true), data.constant_modes);

    Teuchos::ParameterList              parameters;
    std::unique_ptr<Epetra_MultiVector> translation_modes;
    data.set_parameters(parameters, translation_modes, system_matrix);
    if (!linear.smoothed_aggregation)
      parameters.set("aggregation: damping factor", 0.);
    for (const auto &[name, text] : linear.ml_parameters)
      set_typed(parameters, name, text);

    if (p_multigrid)
      {
        amg.reset();
        if (!pmg)
          pmg = std::make_unique<PMultigridPreconditioner>();
        PMultigridPreconditioner::Data smoothing;
        smoothing.smoother_degree = linear.smoother_degree;
        pmg->initialize(
          system_matrix, dofs, newton_constraints,
          [&](const Epetra_Map &rows) { return rigid_body_modes(rows, linear.rigid_body_modes); },
          parameters, smoothing);
        preconditioner_is_current = true;
        return;
      }

    if (linear.rigid_body_modes == 6)
      {
        near_null_space = rigid_body_modes(system_matrix.trilinos_matrix().RowMap(), 6);
        parameters.set("null space: type", "pre-computed");
        parameters.set("null space: dimension", 6);
        parameters.set("null space: vectors", near_null_space->Values());
        parameters.set("PDE equations", 3);
        parameters.set("null space: add default vectors", false);
      }
    pmg.reset();
    amg = std::make_unique<TrilinosWrappers::PreconditionAMG>();
    amg->initialize(system_matrix, parameters);
    preconditioner_is_current = true;
  }

  namespace
  {
    /// The problem's Krylov preconditioner (ML AMG or p-multigrid) as one type.
    struct ProblemPreconditioner
    {
      const std::function<void(Vector &, const Vector &)> apply;
      void
      vmult(Vector &dst, const Vector &src) const
      {
        apply(dst, src);
      }
    };

    /// A factorised direct solver used as (exact) preconditioner of GMRES.
    struct DirectPreconditioner
    {
      TrilinosWrappers::SolverDirect &solver;
      void
      vmult(Vector &dst, const Vector &src) const
      {
        solver.solve(dst, src);
      }
    };
  } // namespace

  TangentOperator
  MechanicsProblem::tangent_operator() const
  {
    TangentOperator tangent{system_matrix, {}, {}};
    if (with_load_stiffness() && assembly_part.includes_loads())
      for (unsigned int b = 0; b < settings_.boundary_conditions.size(); ++b)
        if (settings_.boundary_conditions[b].kind == BoundaryKind::moment &&
            load_surfaces[b].area > 0. && b < moment_face_integrals.size())
          tangent.moment_terms.push_back({&moment_face_integrals[b],
                                          current_load_factor * load_surfaces[b].omega,
                                          load_surfaces[b].area});
    std::vector<Interaction::RankOneTerm> rank_one;
    for (unsigned int i = 0; i < interactions.size(); ++i)
      if (assembly_part.includes_interaction(i))
        interactions[i]->add_rank_one_terms(rank_one);
    for (const auto &term : rank_one)
      {
        Vector v = *term.vector;
        newton_constraints.set_zero(v);
        tangent.rank_one.emplace_back(term.coefficient, std::move(v));
      }
    return tangent;
  }

  LinearSolveReport
  MechanicsProblem::solve_linear_system(Vector &du, const double relative_tolerance)
  {
    const auto &linear = settings_.linear;
    // The hierarchy is rebuilt after every new tangent unless reuse is requested (then it
    // is kept for the Newton iterations of one load step).
    const auto ensure_preconditioner = [&]() {
      TimerOutput::Scope scope(*timer, "AMG setup");
      if ((!amg && !pmg) || (!preconditioner_is_current && !linear.reuse_preconditioner))
        build_preconditioner();
    };
    const ProblemPreconditioner preconditioner{
      [this](Vector &dst, const Vector &src) { apply_preconditioner(dst, src); }};
    const double target = std::max(relative_tolerance * system_rhs.l2_norm(), 1e-300);
    // Right preconditioning: GMRES then stops on the true residual |K du - rhs|, which the
    // tolerance (and the inexact-Newton forcing term) is about. Left preconditioning would
    // stop on |P^-1 (K du - rhs)|, whose scale is the preconditioner's (the bone's stiffness
    // makes it far smaller than the true residual on the spine).
    const SolverGMRES<Vector>::AdditionalData gmres_data(100, /*right_preconditioning=*/true);

    // Moment loads with a linearised tangent and rank-one terms need matrix-free terms,
    // hence a non-symmetric Krylov method around the matrix (CG is replaced by GMRES then).
    const TangentOperator tangent = tangent_operator();
    bool nonsymmetric = with_load_stiffness();
    for (const auto &interaction : interactions)
      nonsymmetric = nonsymmetric || !interaction->symmetric_tangent();
    if (!tangent.matrix_only())
      {
        LinearSolveReport report;
        Timer             clock;
        du = 0.;
        SolverControl control(linear.max_iterations, target);
        SolverGMRES<Vector> solver(control, gmres_data);
        if (linear.type == "Direct")
          {
            TimerOutput::Scope scope(*timer, "linear solve (direct + GMRES)");
            SolverControl                  direct_control(1, 0.);
            TrilinosWrappers::SolverDirect direct(
              direct_control, TrilinosWrappers::SolverDirect::AdditionalData(false, linear.direct_package));
            direct.initialize(system_matrix);
            solver.solve(tangent, du, system_rhs, DirectPreconditioner{direct});
          }
        else
          {
            ensure_preconditioner();
            report.setup_seconds = clock.wall_time();
            TimerOutput::Scope scope(*timer, "linear solve (Krylov)");
            solver.solve(tangent, du, system_rhs, preconditioner);
          }
        report.iterations    = control.last_step();
        report.solve_seconds = clock.wall_time() - report.setup_seconds;
        newton_constraints.distribute(du);
        linear_report = report;
        return report;
      }

    LinearSolveReport report;
    Timer             clock;
    du = 0.;
    if (linear.type == "Direct")
      {
        TimerOutput::Scope scope(*timer, "linear solve (direct)");
        SolverControl      control(1, 0.);
        TrilinosWrappers::SolverDirect::AdditionalData data(false, linear.direct_package);
        TrilinosWrappers::SolverDirect solver(control, data);
        solver.solve(system_matrix, du, system_rhs);
        report.iterations    = 1;
        report.solve_seconds = clock.wall_time();
      }
    else
      {
        ensure_preconditioner();
        report.setup_seconds = clock.wall_time();
        TimerOutput::Scope scope(*timer, "linear solve (Krylov)");
        SolverControl      control(linear.max_iterations, target);
        if (linear.type == "GMRES" || nonsymmetric)
          {
            SolverGMRES<Vector> solver(control, gmres_data);
            solver.solve(system_matrix, du, system_rhs, preconditioner);
          }
        else
          {
            SolverCG<Vector> solver(control);
            solver.solve(system_matrix, du, system_rhs, preconditioner);
          }
        report.iterations    = control.last_step();
        report.solve_seconds = clock.wall_time() - report.setup_seconds;
      }
    newton_constraints.distribute(du);
    linear_report = report;
    return report;
  }
} // namespace spine::solver
