// Surface loads: dead traction, follower pressure, follower force and the pure-moment load.
//
// Moment load. A couple M on a surface Γ is applied as the traction field of a rigid
// rotation rate, t(x) = ω × (x − c), with c the area centroid of Γ and ω = J⁻¹ M, where
// J = ∫_Γ (|r|² I − r ⊗ r) da, r = x − c, is the area inertia tensor of Γ. Then
// ∫ t da = ω × ∫ r da = 0 and ∫ r × t da = J ω = M hold exactly (to quadrature) for any
// surface shape and any direction of M: in-plane moments give the linear normal-stress
// distribution of beam theory, a moment along the normal gives torsional shear. c, J and ω
// are recomputed on the current (deformed) surface at every residual evaluation, so the
// couple follows the rotating section and remains a pure couple at large rotation.
// Linearisation (when follower tangents are on): the local part ω × δx plus the centroid
// part −ω × δc, δc = (1/A) ∫ δu da. The latter couples all DoFs of the surface (rank 3), so
// it is applied matrix-free around the sparse tangent and solved with GMRES (see
// linear_solver.cc). The dependence of ω on the inertia tensor and the area change are
// neglected; both vanish for rigid motions of the surface. Without the linearisation Newton
// stagnates beyond ~60° for a slender bar; with it, convergence is quadratic up to 90°.
// A rigid coupling by Lagrange multipliers was not chosen: it stiffens the loaded section
// and adds non-displacement unknowns that smoothed-aggregation AMG handles poorly; the
// distributed couple leaves the section free to warp, as an endplate does.
#include <spine/solver/mechanics_problem.h>
#include <spine/solver/kinematics.h>

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/lac/vector.h>

#include <map>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    struct SurfacePoint
    {
      Point<3>     x;      ///< position (current unless geometrically linear)
      Tensor<1, 3> n_da;   ///< oriented area element n da
    };

    SurfacePoint
    surface_point(const FEFaceValues<3> &face_values,
                  const unsigned int     q,
                  const Tensor<1, 3> &   u,
                  const Tensor<2, 3> &   grad_u,
                  const bool             reference_configuration)
    {
      SurfacePoint  p;
      const auto   &N  = face_values.normal_vector(q);
      const double  dA = face_values.JxW(q);
      if (reference_configuration)
        {
          p.x    = face_values.quadrature_point(q);
          p.n_da = N * dA;
          return p;
        }
      const Tensor<2, 3> F = deformation_gradient(grad_u);
      p.x    = face_values.quadrature_point(q) + u;
      p.n_da = (determinant(F) * transpose(invert(F))) * N * dA; // Nanson
      return p;
    }
  } // namespace

  void
  MechanicsProblem::compute_load_surfaces(const Vector &current)
  {
    const auto &conditions = settings_.boundary_conditions;
    if (!face_values)
      face_values = std::make_unique<FEFaceValues<3>>(
        *mapping_,
        *fe_,
        QGaussSimplex<2>(settings_.fe_degree + 1),
        update_values | update_gradients | update_normal_vectors | update_JxW_values |
          update_quadrature_points);
    const FEValuesExtractors::Vector displacement(0);
    const unsigned int               n_q = face_values->n_quadrature_points;
    std::vector<Tensor<1, 3>>        u(n_q);
    std::vector<Tensor<2, 3>>        grad_u(n_q);

    // Per condition: area, first moment (3), second moment (9).
    std::vector<double> sums(13 * conditions.size(), 0.);
    bool                any_load = false;
    for (const auto &bc : conditions)
      any_load = any_load || !bc.is_dirichlet();
    if (!any_load)
      return;

    for (const auto &cell : dofs.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            for (unsigned int b = 0; b < conditions.size(); ++b)
              if (!conditions[b].is_dirichlet() &&
                  cell->face(f)->boundary_id() == conditions[b].boundary_id)
                {
                  face_values->reinit(cell, f);
                  (*face_values)[displacement].get_function_values(current, u);
                  (*face_values)[displacement].get_function_gradients(current, grad_u);
                  double *s = &sums[13 * b];
                  for (unsigned int q = 0; q < n_q; ++q)
                    {
                      const SurfacePoint p =
                        surface_point(*face_values, q, u[q], grad_u[q], geometrically_linear);
                      const double da = p.n_da.norm();
                      s[0] += da;
                      for (unsigned int i = 0; i < 3; ++i)
                        {
                          s[1 + i] += p.x[i] * da;
                          for (unsigned int j = 0; j < 3; ++j)
                            s[4 + 3 * i + j] += p.x[i] * p.x[j] * da;
                        }
                    }
                }
    Utilities::MPI::sum(sums, comm, sums);

    for (unsigned int b = 0; b < conditions.size(); ++b)
      {
        if (conditions[b].is_dirichlet())
          continue;
        const double *s       = &sums[13 * b];
        LoadSurface & surface = load_surfaces[b];
        surface.area          = s[0];
        if (!(surface.area > 0.))
          continue;
        for (unsigned int i = 0; i < 3; ++i)
          surface.centroid[i] = s[1 + i] / surface.area;
        if (conditions[b].kind == BoundaryKind::moment)
          {
            // Second moment about the centroid, then the area inertia tensor.
            Tensor<2, 3> second;
            for (unsigned int i = 0; i < 3; ++i)
              for (unsigned int j = 0; j < 3; ++j)
                second[i][j] =
                  s[4 + 3 * i + j] - surface.area * surface.centroid[i] * surface.centroid[j];
            const Tensor<2, 3> inertia = trace(second) * unit_symmetric_tensor<3>() - second;
            surface.omega              = invert(inertia) * conditions[b].vector; // at unit load
          }
      }
  }

  void
  MechanicsProblem::assemble_boundary_loads(const DoFHandler<3>::active_cell_iterator &cell,
                                            const Vector &                            current,
                                            const double                              lambda,
                                            dealii::Vector<double> &                  cell_rhs,
                                            FullMatrix<double> *                      cell_matrix)
  {
    const auto &                     conditions = settings_.boundary_conditions;
    const FEValuesExtractors::Vector displacement(0);
    const unsigned int               n_q = face_values->n_quadrature_points;
    std::vector<Tensor<1, 3>>        u(n_q);
    std::vector<Tensor<2, 3>>        grad_u(n_q);

    std::map<unsigned int, dealii::Vector<double>> face_integral_local;
    if (cell_matrix)
      for (unsigned int b = 0; b < conditions.size(); ++b)
        if (conditions[b].kind == BoundaryKind::moment)
          face_integral_local[b].reinit(fe_->n_dofs_per_cell());

    for (const auto f : cell->face_indices())
      if (cell->face(f)->at_boundary())
        for (unsigned int b = 0; b < conditions.size(); ++b)
          {
            const BoundaryConditionSpec &bc = conditions[b];
            if (bc.is_dirichlet() || cell->face(f)->boundary_id() != bc.boundary_id)
              continue;
            face_values->reinit(cell, f);
            (*face_values)[displacement].get_function_values(current, u);
            (*face_values)[displacement].get_function_gradients(current, grad_u);
            const LoadSurface &surface = load_surfaces[b];
            const double       factor  = bc.preload ? preload_factor : lambda;
            // A follower force is a pressure F / A on the current area (A frozen in the
            // linearisation, like the inertia tensor of the moment).
            const double pressure = bc.kind == BoundaryKind::follower_force ? bc.force / surface.area : bc.pressure;
            // Local linearisation of the follower loads (omega and c frozen):
            //   pressure: d(-p cof(F) N)/du_j with d cof(F)[H] = J (tr(F^-1 H) F^-T - F^-T H^T F^-T)
            //   moment:   d(omega x (x - c))/du_j = omega x phi_j (area change neglected)
            const auto add_load_stiffness = [&](const BoundaryConditionSpec &condition,
                                                const LoadSurface &          load_surface,
                                                const double                 factor,
                                                const double                 pressure_value,
                                                const unsigned int           q_point,
                                                const Tensor<2, 3> &         displacement_gradient,
                                                const SurfacePoint &         point,
                                                FullMatrix<double> &         matrix) {
              const unsigned int n = fe_->n_dofs_per_cell();
              const Tensor<2, 3> F      = deformation_gradient(displacement_gradient);
              const Tensor<2, 3> F_inv  = invert(F);
              const Tensor<2, 3> F_invT = transpose(F_inv);
              const double       J      = determinant(F);
              const Tensor<1, 3> FinvT_N = F_invT * face_values->normal_vector(q_point);
              const double       dA      = face_values->JxW(q_point);
              const double       da      = point.n_da.norm();
              for (unsigned int j = 0; j < n; ++j)
                {
                  const unsigned int cj = fe_->system_to_component_index(j).first;
                  Tensor<1, 3>       d_force; // derivative of the point force w.r.t. u_j
                  if (condition.kind == BoundaryKind::pressure || condition.kind == BoundaryKind::follower_force)
                    {
                      const Tensor<1, 3> g = face_values->shape_grad(j, q_point);
                      double             trace_term = 0.;
                      for (unsigned int k = 0; k < 3; ++k)
                        trace_term += F_inv[k][cj] * g[k];
                      const Tensor<1, 3> d_cof_N =
                        J * (trace_term * FinvT_N - (F_invT * g) * FinvT_N[cj]);
                      d_force = -factor * pressure_value * d_cof_N * dA;
                    }
                  else
                    {
                      Tensor<1, 3> e;
                      e[cj]   = face_values->shape_value(j, q_point);
                      d_force = factor * cross_product_3d(load_surface.omega, e) * da;
                    }
                  for (unsigned int i = 0; i < n; ++i)
                    {
                      const unsigned int ci = fe_->system_to_component_index(i).first;
                      // K = dR/du = -d f_ext/du
                      matrix(i, j) -= d_force[ci] * face_values->shape_value(i, q_point);
                    }
                }
            };
            for (unsigned int q = 0; q < n_q; ++q)
              {
                const SurfacePoint p =
                  surface_point(*face_values, q, u[q], grad_u[q], geometrically_linear);
                Tensor<1, 3> force; // force on this quadrature point's area
                switch (bc.kind)
                  {
                    case BoundaryKind::traction: // dead, per reference area
                      force = factor * bc.vector * face_values->JxW(q);
                      break;
                    case BoundaryKind::pressure:
                    case BoundaryKind::follower_force:
                      force = -factor * pressure * p.n_da;
                      break;
                    case BoundaryKind::moment:
                      force = factor * cross_product_3d(surface.omega, p.x - surface.centroid) *
                              p.n_da.norm();
                      break;
                    default:
                      break;
                  }
                // Moment: the local part (omega x dx) alone is not translation invariant;
                // the centroid term -omega x dc restores that and is added matrix-free
                // (see moment_face_integrals). omega's dependence on the inertia tensor and
                // the area change are neglected (they vanish for rigid motions of the face).
                if (cell_matrix && (bc.kind == BoundaryKind::pressure || bc.kind == BoundaryKind::moment ||
                                    bc.kind == BoundaryKind::follower_force))
                  add_load_stiffness(bc, surface, factor, pressure, q, grad_u[q], p, *cell_matrix);
                if (cell_matrix && bc.kind == BoundaryKind::moment)
                  for (unsigned int i = 0; i < fe_->n_dofs_per_cell(); ++i)
                    face_integral_local[b][i] += face_values->shape_value(i, q) * p.n_da.norm();
                resultants[b].force += force;
                resultants[b].moment += cross_product_3d(p.x - surface.centroid, force);
                for (unsigned int i = 0; i < fe_->n_dofs_per_cell(); ++i)
                  {
                    const unsigned int c = fe_->system_to_component_index(i).first;
                    cell_rhs(i) += force[c] * face_values->shape_value(i, q);
                  }
              }
            resultants[b].centroid = surface.centroid;
            resultants[b].area     = surface.area;
          }

    if (!face_integral_local.empty())
      {
        std::vector<types::global_dof_index> dof_indices(fe_->n_dofs_per_cell());
        cell->get_dof_indices(dof_indices);
        for (const auto &[b, local] : face_integral_local)
          if (local.l1_norm() > 0.)
            for (unsigned int d = 0; d < 3; ++d)
              {
                dealii::Vector<double> component_part(local.size());
                for (unsigned int i = 0; i < local.size(); ++i)
                  if (fe_->system_to_component_index(i).first == d)
                    component_part(i) = local(i);
                newton_constraints.distribute_local_to_global(component_part,
                                                              dof_indices,
                                                              moment_face_integrals[b][d]);
              }
      }
  }
} // namespace spine::solver
