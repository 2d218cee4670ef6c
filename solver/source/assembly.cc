// Cell assembly of residual and tangent (total Lagrangian): R_i = int P : grad phi_i dV
// - external loads; K_ij = int grad phi_i : A : grad phi_j dV with A = dP/dF.
#include <spine/solver/mechanics_problem.h>
#include <spine/solver/kinematics.h>

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

namespace spine::solver
{
  using namespace dealii;

  bool
  MechanicsProblem::with_load_stiffness() const
  {
    bool follower_loads = false;
    for (const auto &bc : settings_.boundary_conditions)
      follower_loads = follower_loads || bc.kind == BoundaryKind::pressure ||
                       bc.kind == BoundaryKind::moment || bc.kind == BoundaryKind::follower_force;
    return settings_.nonlinear.follower_load_tangent && follower_loads && !geometrically_linear;
  }

  bool
  MechanicsProblem::assemble(const Vector &current, const double lambda, const bool with_matrix)
  {
    TimerOutput::Scope scope(*timer, with_matrix ? "assembly (tangent+residual)" : "assembly (residual)");
    if (with_matrix)
      {
        system_matrix = 0.;
        preconditioner_is_current = false;
      }
    system_rhs           = 0.;
    internal_force_owned = 0.;

    compute_load_surfaces(current);
    current_load_factor = lambda;
    if (with_matrix && with_load_stiffness())
      {
        moment_face_integrals.resize(settings_.boundary_conditions.size());
        for (unsigned int b = 0; b < settings_.boundary_conditions.size(); ++b)
          if (settings_.boundary_conditions[b].kind == BoundaryKind::moment)
            for (auto &v : moment_face_integrals[b])
              {
                if (v.size() != dofs.n_dofs())
                  v.reinit(owned, comm);
                v = 0.;
              }
      }
    for (auto &r : resultants)
      r = LoadResultant();

    // Reduced: exact for the small-strain stiffness, degree 2(p-1) (P2: 4 points, P1: 1).
    const Quadrature<3> quadrature =
      !settings_.reduced_quadrature ? Quadrature<3>(QGaussSimplex<3>(settings_.fe_degree + 1)) :
      settings_.fe_degree == 1      ? Quadrature<3>(QGaussSimplex<3>(1)) :
                                      Quadrature<3>(QWitherdenVincentSimplex<3>(1, false));
    FEValues<3>            fe_values(*mapping_,
                          *fe_,
                          quadrature,
                          update_values | update_gradients | update_JxW_values |
                            update_quadrature_points);
    const unsigned int     n_dofs = fe_->n_dofs_per_cell();
    const unsigned int     n_q    = quadrature.size();

    FullMatrix<double>                   cell_matrix(n_dofs, n_dofs);
    dealii::Vector<double>               cell_rhs(n_dofs), cell_internal(n_dofs);
    dealii::Vector<double>               volumetric_coupling(n_dofs);
    std::vector<types::global_dof_index> dof_indices(n_dofs);
    std::vector<std::vector<Tensor<1, 3>>> displacement_gradients(n_q,
                                                                 std::vector<Tensor<1, 3>>(3));
    std::vector<unsigned int> component(n_dofs);
    for (unsigned int i = 0; i < n_dofs; ++i)
      component[i] = fe_->system_to_component_index(i).first;
    // A : grad phi_j for every j, stored as [j][k][L] for the row component k.
    std::vector<Tensor<2, 3>> A_grad_phi(n_dofs);

    bool         inverted = false;
    Tensor<2, 3> P;
    Tensor<4, 3> A;

    unsigned int n_owned_cells = 0;
    for (const auto &cell : dofs.active_cell_iterators())
      {
        if (!cell->is_locally_owned())
          continue;
        const unsigned int owned_cell = n_owned_cells++;
        fe_values.reinit(cell);
        cell->get_dof_indices(dof_indices);
        fe_values.get_function_gradients(current, displacement_gradients);
        cell_matrix   = 0.;
        cell_rhs      = 0.;
        cell_internal = 0.;
        const MaterialLaw &law = *laws.at(cell->material_id());

        // Mean dilatation: theta = (1/V0) int J dV per element, pressure U'(theta) constant
        // in the element; K gains U''(theta)/V0 (int cof F : grad phi_i)(int cof F : grad phi_j).
        const bool mixed = settings_.mean_dilatation && law.has_volumetric_split();
        double     theta = 1., element_pressure = 0., reference_volume = 0.;
        if (mixed)
          {
            double volume = 0.;
            for (unsigned int q = 0; q < n_q; ++q)
              {
                const Tensor<2, 3> F = deformation_gradient(displacement_gradients[q]);
                volume += determinant(F) * fe_values.JxW(q);
                reference_volume += fe_values.JxW(q);
              }
            theta            = volume / reference_volume;
            element_pressure = law.volumetric_pressure(theta);
            volumetric_coupling = 0.;
            if (!(theta > 0.))
              inverted = true;
          }

        for (unsigned int q = 0; q < n_q; ++q)
          {
            Tensor<2, 3> F = deformation_gradient(displacement_gradients[q]);
            if (!law.is_small_strain() && !(determinant(F) > 0.))
              {
                inverted = true;
                F        = unit_symmetric_tensor<3>(); // keep going so that all ranks meet
              }
            const Point<3> &X = fe_values.quadrature_point(q);
            if (mixed)
              {
                if (with_matrix)
                  law.isochoric_stress_and_tangent(F, X, P, A);
                else
                  P = law.isochoric_stress(F, X);
                const double       J      = determinant(F);
                const Tensor<2, 3> F_invT = transpose(invert(F));
                P += element_pressure * J * F_invT; // p cof(F)
                for (unsigned int i = 0; i < 3; ++i)
                  {
                    for (unsigned int j = 0; j < 3; ++j)
                      for (unsigned int k = 0; k < 3; ++k)
                        for (unsigned int l = 0; l < 3; ++l)
                          A[i][j][k][l] += with_matrix ?
                                             element_pressure * J *
                                               (F_invT[i][j] * F_invT[k][l] - F_invT[i][l] * F_invT[k][j]) :
                                             0.;
                  }
                if (with_matrix)
                  for (unsigned int i = 0; i < n_dofs; ++i)
                    volumetric_coupling(i) +=
                      J * (F_invT[component[i]] * fe_values.shape_grad(i, q)) * fe_values.JxW(q);
              }
            else if (with_matrix)
              law.stress_and_tangent(F, X, P, A);
            else
              P = law.stress(F, X);

            const double JxW = fe_values.JxW(q);
            Tensor<1, 3> body_force;
            if (settings_.body_force)
              body_force = lambda * settings_.body_force(fe_values.quadrature_point(q));

            for (unsigned int i = 0; i < n_dofs; ++i)
              {
                const unsigned int  ci    = component[i];
                const Tensor<1, 3> &gradi = fe_values.shape_grad(i, q);
                const double        internal_i  = (P[ci] * gradi) * JxW;
                cell_internal(i) += internal_i;
                cell_rhs(i) -= internal_i;
                if (settings_.body_force)
                  cell_rhs(i) += body_force[ci] * fe_values.shape_value(i, q) * JxW;
              }

            if (with_matrix)
              {
                for (unsigned int j = 0; j < n_dofs; ++j)
                  {
                    const unsigned int  cj    = component[j];
                    const Tensor<1, 3> &gradj = fe_values.shape_grad(j, q);
                    for (unsigned int k = 0; k < 3; ++k)
                      for (unsigned int L = 0; L < 3; ++L)
                        A_grad_phi[j][k][L] = A[k][L][cj] * gradj;
                  }
                for (unsigned int i = 0; i < n_dofs; ++i)
                  {
                    const unsigned int  ci    = component[i];
                    const Tensor<1, 3> &gradi = fe_values.shape_grad(i, q);
                    for (unsigned int j = 0; j <= i; ++j)
                      cell_matrix(i, j) += (A_grad_phi[j][ci] * gradi) * JxW;
                  }
              }
          }
        if (with_matrix)
          for (unsigned int i = 0; i < n_dofs; ++i)
            for (unsigned int j = i + 1; j < n_dofs; ++j)
              cell_matrix(i, j) = cell_matrix(j, i);
        if (with_matrix && mixed)
          {
            const double factor = law.volumetric_stiffness(theta) / reference_volume;
            for (unsigned int i = 0; i < n_dofs; ++i)
              for (unsigned int j = 0; j < n_dofs; ++j)
                cell_matrix(i, j) += factor * volumetric_coupling(i) * volumetric_coupling(j);
          }

        if (!assembly_part.includes_cells(cell->material_id()))
          {
            cell_matrix   = 0.;
            cell_rhs      = 0.;
            cell_internal = 0.;
          }
        if (cell->at_boundary() && assembly_part.includes_loads())
          assemble_boundary_loads(cell, current, lambda, cell_rhs,
                                  with_matrix && with_load_stiffness() ? &cell_matrix : nullptr);

        if (with_matrix && matrix_scatter.direct(owned_cell))
          {
            matrix_scatter.add(owned_cell, cell_matrix, dof_indices, system_matrix);
            newton_constraints.distribute_local_to_global(cell_rhs, dof_indices, system_rhs);
          }
        else if (with_matrix)
          newton_constraints.distribute_local_to_global(
            cell_matrix, cell_rhs, dof_indices, system_matrix, system_rhs);
        else
          newton_constraints.distribute_local_to_global(cell_rhs, dof_indices, system_rhs);
        internal_force_owned.add(dof_indices, cell_internal);
      }

    {
      // Also counted in the assembly section it is part of.
      TimerOutput::Scope     interaction_scope(*timer, "assembly, of which interactions");
      FullMatrix<double>     local_matrix;
      dealii::Vector<double> local_rhs;
      const Interaction::Sink sink = [&](const std::vector<types::global_dof_index> &indices,
                                         const dealii::Vector<double> &               force,
                                         const FullMatrix<double> *                   tangent) {
        local_rhs = force;
        local_rhs *= -1.;
        if (with_matrix && tangent)
          newton_constraints.distribute_local_to_global(*tangent, local_rhs, indices, system_matrix, system_rhs);
        else
          newton_constraints.distribute_local_to_global(local_rhs, indices, system_rhs);
        internal_force_owned.add(indices, force);
      };
      for (unsigned int i = 0; i < interactions.size(); ++i)
        if (assembly_part.includes_interaction(i))
          interactions[i]->assemble(current, with_matrix, sink);
    }

    if (with_matrix)
      system_matrix.compress(VectorOperation::add);
    if (with_matrix && with_load_stiffness())
      for (unsigned int b = 0; b < moment_face_integrals.size(); ++b)
        if (settings_.boundary_conditions[b].kind == BoundaryKind::moment)
          for (auto &v : moment_face_integrals[b])
            v.compress(VectorOperation::add);
    system_rhs.compress(VectorOperation::add);
    internal_force_owned.compress(VectorOperation::add);
    ghosted_internal_force = internal_force_owned;

    for (unsigned int b = 0; b < resultants.size(); ++b)
      {
        resultants[b].force    = Utilities::MPI::sum(resultants[b].force, comm);
        resultants[b].moment   = Utilities::MPI::sum(resultants[b].moment, comm);
        resultants[b].centroid = load_surfaces[b].centroid;
        resultants[b].area     = load_surfaces[b].area;
      }
    return Utilities::MPI::max(inverted ? 1 : 0, comm) == 0;
  }
} // namespace spine::solver
