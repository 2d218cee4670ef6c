// Built-in postprocessors (see postprocessing.h). Each node is counted once globally: a
// node is taken by the rank that owns its DoFs, looking at owned and ghost cells.
#include <spine/solver/postprocessing.h>

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/lapack_full_matrix.h>

#include <cmath>
#include <set>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    struct Node
    {
      Point<3>     reference;
      Tensor<1, 3> displacement;
      types::global_dof_index dofs[3];
    };

    /// Owned nodes of the cells (and, if @p boundaries is not empty, only the nodes on
    /// faces with those boundary ids) selected by @p cell_selected.
    template <typename CellSelector>
    std::vector<Node>
    collect_nodes(const StepContext &                  context,
                  const CellSelector &                 cell_selected,
                  const std::set<types::boundary_id> * boundaries)
    {
      const auto &        fe = context.fe;
      const Quadrature<3> support(fe.get_unit_support_points());
      FEValues<3>         fe_values(context.mapping, fe, support, update_quadrature_points);
      const IndexSet &    owned = context.dof_handler.locally_owned_dofs();
      const unsigned int  n_nodes_per_cell = fe.base_element(0).n_dofs_per_cell();
      std::vector<types::global_dof_index> dof_indices(fe.n_dofs_per_cell());
      std::set<types::global_dof_index>    seen;
      std::vector<Node>                    nodes;

      for (const auto &cell : context.dof_handler.active_cell_iterators())
        {
          if (!(cell->is_locally_owned() || cell->is_ghost()) || !cell_selected(cell))
            continue;
          // DoFs on the selected boundary faces (has_support_on_face() is not reliable for
          // simplex elements in deal.II 9.4, so compare global indices instead).
          std::set<types::global_dof_index> face_dofs;
          if (boundaries)
            {
              std::vector<types::global_dof_index> indices(fe.n_dofs_per_face());
              for (const auto f : cell->face_indices())
                if (cell->face(f)->at_boundary() && boundaries->count(cell->face(f)->boundary_id()))
                  {
                    cell->face(f)->get_dof_indices(indices);
                    face_dofs.insert(indices.begin(), indices.end());
                  }
              if (face_dofs.empty())
                continue;
            }
          fe_values.reinit(cell);
          cell->get_dof_indices(dof_indices);
          for (unsigned int b = 0; b < n_nodes_per_cell; ++b)
            {
              const unsigned int i0 = fe.component_to_system_index(0, b);
              if (!owned.is_element(dof_indices[i0]) || seen.count(dof_indices[i0]))
                continue;
              if (boundaries && face_dofs.count(dof_indices[i0]) == 0)
                continue;
              seen.insert(dof_indices[i0]);
              Node node;
              node.reference = fe_values.quadrature_point(i0);
              for (unsigned int c = 0; c < 3; ++c)
                {
                  node.dofs[c]         = dof_indices[fe.component_to_system_index(c, b)];
                  node.displacement[c] = context.solution(node.dofs[c]);
                }
              nodes.push_back(node);
            }
        }
      return nodes;
    }

    Tensor<1, 3>
    rotation_vector(const Tensor<2, 3> &R)
    {
      const double cos_angle = std::max(-1., std::min(1., 0.5 * (trace(R) - 1.)));
      const double angle     = std::acos(cos_angle);
      Tensor<1, 3> skew;
      skew[0] = R[2][1] - R[1][2];
      skew[1] = R[0][2] - R[2][0];
      skew[2] = R[1][0] - R[0][1];
      if (angle < 1e-8)
        return 0.5 * skew;
      if (numbers::PI - angle > 1e-4)
        return angle / (2. * std::sin(angle)) * skew;
      // Near 180°: axis from the symmetric part, sign from the skew part.
      Tensor<1, 3> axis;
      for (unsigned int d = 0; d < 3; ++d)
        axis[d] = std::sqrt(std::max(0., 0.5 * (R[d][d] + 1.)));
      for (unsigned int d = 1; d < 3; ++d)
        if (R[0][d] + R[d][0] < 0.)
          axis[d] = -axis[d];
      if (axis * skew < 0.)
        axis = -axis;
      return angle * axis / axis.norm();
    }

    RigidBodyFit
    fit(const std::vector<Node> &nodes, MPI_Comm comm)
    {
      RigidBodyFit result;
      // Pass 1: centroids.
      std::vector<double> first(7, 0.);
      for (const auto &n : nodes)
        for (unsigned int d = 0; d < 3; ++d)
          {
            first[d] += n.reference[d];
            first[3 + d] += n.displacement[d];
          }
      first[6] = nodes.size();
      Utilities::MPI::sum(first, comm, first);
      result.n_nodes = static_cast<unsigned long>(first[6]);
      AssertThrow(result.n_nodes >= 3, ExcMessage("rigid-body fit needs at least 3 nodes"));
      Tensor<1, 3> mean_u;
      for (unsigned int d = 0; d < 3; ++d)
        {
          result.reference_centroid[d] = first[d] / first[6];
          mean_u[d]                    = first[3 + d] / first[6];
        }
      // Pass 2: centred second moments; H = sum p (p + v)^T with p = X - Xc, v = u - ū.
      std::vector<double> second(9 + 2, 0.);
      for (const auto &n : nodes)
        {
          const Tensor<1, 3> p = n.reference - result.reference_centroid;
          const Tensor<1, 3> v = n.displacement - mean_u;
          for (unsigned int i = 0; i < 3; ++i)
            for (unsigned int j = 0; j < 3; ++j)
              second[3 * i + j] += p[i] * (p[j] + v[j]);
          second[9] += p * p;
          second[10] += (p + v) * (p + v);
        }
      Utilities::MPI::sum(second, comm, second);
      LAPACKFullMatrix<double> H(3, 3);
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          H(i, j) = second[3 * i + j];
      Tensor<2, 3> H_tensor;
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          H_tensor[i][j] = second[3 * i + j];
      H.compute_svd();
      const auto & U  = H.get_svd_u();
      const auto & VT = H.get_svd_vt();
      Tensor<2, 3> Ut, V;
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          {
            Ut[i][j] = U(j, i);
            V[i][j]  = VT(j, i);
          }
      Tensor<2, 3> D = unit_symmetric_tensor<3>();
      D[2][2]        = determinant(V * Ut) < 0. ? -1. : 1.;
      result.rotation = V * D * Ut;
      result.rotation_vector_deg = rotation_vector(result.rotation) * 180. / numbers::PI;
      result.angle_deg           = result.rotation_vector_deg.norm();
      result.translation         = mean_u;
      // sum |R p - q|^2 = sum|p|^2 + sum|q|^2 - 2 tr(R H)   (q = p + v)
      const double squared = second[9] + second[10] - 2. * trace(result.rotation * H_tensor);
      result.rms_residual  = std::sqrt(std::max(0., squared) / first[6]);
      return result;
    }
  } // namespace

  RigidBodyFit
  fit_rigid_body_motion(const StepContext &context, const std::set<types::material_id> &materials)
  {
    const auto nodes = collect_nodes(
      context,
      [&](const DoFHandler<3>::active_cell_iterator &cell) {
        return materials.count(cell->material_id()) > 0;
      },
      nullptr);
    return fit(nodes, context.comm);
  }

  RigidBodyFit
  fit_rigid_body_motion_of_boundary(const StepContext &                 context,
                                    const std::set<types::boundary_id> &boundaries)
  {
    const auto nodes = collect_nodes(
      context, [](const DoFHandler<3>::active_cell_iterator &) { return true; }, &boundaries);
    return fit(nodes, context.comm);
  }

  Resultant
  reaction_on_boundary(const StepContext &      context,
                       const types::boundary_id boundary,
                       const Point<3> &         reference)
  {
    const std::set<types::boundary_id> ids{boundary};
    const auto                          nodes = collect_nodes(
      context, [](const DoFHandler<3>::active_cell_iterator &) { return true; }, &ids);
    Resultant result;
    for (const auto &n : nodes)
      {
        Tensor<1, 3> f;
        for (unsigned int c = 0; c < 3; ++c)
          f[c] = context.internal_force(n.dofs[c]);
        result.force += f;
        result.moment += cross_product_3d(n.reference + n.displacement - reference, f);
      }
    result.force  = Utilities::MPI::sum(result.force, context.comm);
    result.moment = Utilities::MPI::sum(result.moment, context.comm);
    return result;
  }

  DeformedBoundaryTriangles
  gather_deformed_boundary_triangles(const StepContext &                 context,
                                     const std::set<types::boundary_id> &filter)
  {
    std::vector<double> local; // 9 coordinates, boundary id, material id per triangle
    for (const auto &cell : context.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          {
            const auto face = cell->face(f);
            if (!face->at_boundary() || (!filter.empty() && !filter.count(face->boundary_id())))
              continue;
            AssertThrow(face->n_vertices() == 3, ExcMessage("boundary face is not a triangle"));
            std::array<Point<3>, 3> x;
            for (unsigned int v = 0; v < 3; ++v)
              {
                x[v] = face->vertex(v);
                for (unsigned int c = 0; c < 3; ++c)
                  x[v][c] += context.solution(face->vertex_dof_index(v, c));
              }
            // Orient outward (reference geometry decides, so orientation never flips).
            if (cross_product_3d(face->vertex(1) - face->vertex(0), face->vertex(2) - face->vertex(0)) *
                  outward_reference_normal(cell, f) < 0.)
              std::swap(x[1], x[2]);
            for (unsigned int v = 0; v < 3; ++v)
              for (unsigned int d = 0; d < 3; ++d)
                local.push_back(x[v][d]);
            local.push_back(face->boundary_id());
            local.push_back(cell->material_id());
          }
    const auto                gathered = Utilities::MPI::gather(context.comm, local, 0);
    DeformedBoundaryTriangles result;
    for (const auto &part : gathered)
      for (std::size_t k = 0; k + 11 <= part.size(); k += 11)
        {
          std::array<std::array<double, 3>, 3> triangle;
          for (unsigned int v = 0; v < 3; ++v)
            for (unsigned int d = 0; d < 3; ++d)
              triangle[v][d] = part[k + 3 * v + d];
          result.triangles.push_back(triangle);
          result.boundary_ids.push_back(static_cast<types::boundary_id>(part[k + 9]));
          result.material_ids.push_back(static_cast<types::material_id>(part[k + 10]));
        }
    return result;
  }

  Postprocessor
  make_rigid_body_fit_postprocessor(const std::string &label, std::set<types::material_id> materials)
  {
    return [label, materials](const StepContext &context) {
      const RigidBodyFit fit = fit_rigid_body_motion(context, materials);
      const char *       axes = "xyz";
      for (unsigned int d = 0; d < 3; ++d)
        context.statistics.add_value(label + "_rot" + axes[d], fit.rotation_vector_deg[d], "deg");
      context.statistics.add_value(label + "_angle", fit.angle_deg, "deg");
      for (unsigned int d = 0; d < 3; ++d)
        context.statistics.add_value(label + "_u" + axes[d], fit.translation[d], "mm");
      context.statistics.add_value(label + "_fit_rms", fit.rms_residual, "mm");
    };
  }

  Postprocessor
  make_reaction_postprocessor(const types::boundary_id boundary, const Point<3> &reference)
  {
    return [boundary, reference](const StepContext &context) {
      const Resultant   r      = reaction_on_boundary(context, boundary, reference);
      const std::string prefix = "reaction_b" + std::to_string(boundary);
      const char *      axes   = "xyz";
      for (unsigned int d = 0; d < 3; ++d)
        context.statistics.add_value(prefix + "_F" + axes[d], r.force[d], "N");
      for (unsigned int d = 0; d < 3; ++d)
        context.statistics.add_value(prefix + "_M" + axes[d], r.moment[d], "N mm");
    };
  }
} // namespace spine::solver
