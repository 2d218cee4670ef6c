// Built-in postprocessors: rigid-body fit of a region, reaction force/moment on a boundary,
// and the deformed boundary surface gathered on rank 0. All results are MPI-reduced so they
// do not depend on the number of ranks (up to round-off).
#pragma once

#include <spine/solver/mechanics_problem.h>

#include <array>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace spine::solver
{
  /// Least-squares rigid motion x ≈ R X + t of a set of nodes (Kabsch: SVD of the
  /// cross-covariance of the centred reference and displaced positions).
  struct RigidBodyFit
  {
    dealii::Tensor<2, 3> rotation;            ///< R
    dealii::Tensor<1, 3> rotation_vector_deg; ///< axis × angle, in degrees
    double               angle_deg = 0.;      ///< |rotation vector|
    dealii::Tensor<1, 3> translation;         ///< displacement of the reference centroid
    dealii::Point<3>     reference_centroid;
    double               rms_residual = 0.;   ///< rms distance of the nodes from the fit
    unsigned long        n_nodes      = 0;
  };

  /// Fit of all nodes of the cells with the given material ids.
  RigidBodyFit fit_rigid_body_motion(const StepContext &                         context,
                                     const std::set<dealii::types::material_id> &materials);

  /// Fit of the nodes on boundary faces with the given boundary ids.
  RigidBodyFit
  fit_rigid_body_motion_of_boundary(const StepContext &                         context,
                                    const std::set<dealii::types::boundary_id> &boundaries);

  /// Sum of the internal nodal forces on the nodes of a boundary (= reaction of a
  /// constrained boundary), and their moment about @p reference (current positions).
  struct Resultant
  {
    dealii::Tensor<1, 3> force, moment;
  };
  Resultant reaction_on_boundary(const StepContext &        context,
                                 dealii::types::boundary_id boundary,
                                 const dealii::Point<3> &   reference = dealii::Point<3>());

  /// Unit normal of face @p f of @p cell in the reference configuration, pointing out of the
  /// cell (the face's own vertex order does not say which way).
  template <typename CellIterator>
  dealii::Tensor<1, 3>
  outward_reference_normal(const CellIterator &cell, const unsigned int f)
  {
    const auto           face = cell->face(f);
    dealii::Tensor<1, 3> n    = cross_product_3d(face->vertex(1) - face->vertex(0), face->vertex(2) - face->vertex(0));
    n /= n.norm();
    return n * (face->center() - cell->center()) < 0. ? -n : n;
  }

  /// Boundary triangles (corner vertices, displaced) of all boundary faces, gathered to
  /// rank 0 (empty on other ranks). An empty filter means all boundary ids.
  struct DeformedBoundaryTriangles
  {
    std::vector<std::array<std::array<double, 3>, 3>> triangles;
    std::vector<dealii::types::boundary_id>           boundary_ids;
    std::vector<dealii::types::material_id>           material_ids; ///< of the adjacent cell
  };
  DeformedBoundaryTriangles
  gather_deformed_boundary_triangles(const StepContext &                         context,
                                     const std::set<dealii::types::boundary_id> &filter = {});

  /// Mean hydrostatic pressure p = -tr(sigma)/3 over the current volume of the cells with
  /// the given material ids (e.g. the intradiscal pressure of the nucleus). With mean
  /// dilatation the element pressure is U'(theta), as in the assembly.
  struct RegionPressure
  {
    double mean_pressure  = 0.; ///< volume-weighted over the current configuration [MPa]
    double current_volume = 0.; ///< [mm^3]
    double reference_volume = 0.;
  };
  RegionPressure mean_pressure_of_region(const StepContext &                         context,
                                         const std::set<dealii::types::material_id> &materials);

  /// Volume-weighted percentile of the von Mises stress over the quadrature points of groups of
  /// cells (e.g. the lamina and the pars of a vertebra). A high percentile rather than the peak:
  /// peaks sit at re-entrant corners (saw cuts, tool edges) and do not converge with the mesh.
  struct StressPercentile
  {
    double       value_MPa  = 0.; ///< the percentile of von Mises
    double       max_MPa    = 0.; ///< the largest quadrature-point value (mesh dependent)
    unsigned int cells      = 0;  ///< how many cells resolve the group
    double       volume_mm3 = 0.; ///< reference volume of the group
  };
  /// @p group_of returns a group number for a locally owned cell, 0 for none. The result is
  /// indexed by group and is the same on every rank.
  std::map<unsigned int, StressPercentile>
  von_mises_percentile(const StepContext &                                                       context,
                       const std::function<unsigned int(const dealii::DoFHandler<3>::active_cell_iterator &)> &group_of,
                       double fraction = 0.95);

  /// Postprocessor adding columns <label>_rot{x,y,z} [deg], <label>_angle [deg],
  /// <label>_u{x,y,z} [mm], <label>_fit_rms [mm].
  Postprocessor make_rigid_body_fit_postprocessor(const std::string &                  label,
                                                  std::set<dealii::types::material_id> materials);

  /// Postprocessor adding columns reaction_b<id>_F{x,y,z} [N], _M{x,y,z} [N mm].
  Postprocessor make_reaction_postprocessor(dealii::types::boundary_id boundary,
                                            const dealii::Point<3> &   reference = dealii::Point<3>());
} // namespace spine::solver
