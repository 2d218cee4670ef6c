// Quality measures of linear tetrahedra (pure C++17; used by the mesher's checks and by
// the solver on deformed configurations).
//
// Definitions
//   signed_volume  = (b-a)·((c-a)×(d-a)) / 6; > 0 for the positively oriented tet
//                    (d on the side of triangle abc that its right-hand normal points to).
//   dihedral angle = interior angle between the two faces that share an edge, in
//                    degrees (6 per tet); computed from the face area vectors n_f, n_g
//                    as acos(-n_f·n_g / |n_f||n_g|), independent of orientation.
//                    Regular tet: 70.5288° at every edge. Degenerate tets give 0/180.
//   aspect_ratio   = R / (3 r), R circumradius, r inradius (r = 3|V| / total face
//                    area). 1 for the regular tet, > 1 otherwise, +inf if |V| = 0.
//   flat           = |V| <= 1e-9 x (longest edge)³ (a regular tet has 0.118): a tet whose
//                    four vertices are coplanar to round-off; its Jacobian is singular, so
//                    no element can be built on it, whatever its sign says.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace spine::geometry
{
using Point3 = std::array<double, 3>;

struct TetQuality
{
  double signed_volume = 0;
  double min_dihedral_deg = 0;
  double max_dihedral_deg = 0;
  double aspect_ratio = 0;
  double longest_edge = 0;
  bool flat() const;
};

TetQuality tet_quality(const Point3 &a, const Point3 &b, const Point3 &c, const Point3 &d);

struct MeshQualityReport
{
  std::size_t n_tets = 0;
  std::size_t n_inverted = 0;                ///< tets with signed_volume <= 0 (degenerate included)
  std::size_t n_flat = 0;                    ///< tets flat to round-off (TetQuality::flat)
  std::size_t n_dihedral_out_of_bounds = 0;  ///< tets with a dihedral < min bound or > max bound
  double min_dihedral_deg = 0;               ///< over all tets (0 if the mesh is empty)
  double max_dihedral_deg = 0;
  double worst_aspect_ratio = 0;             ///< largest aspect ratio (1 = all regular)
  double min_volume = 0;                     ///< smallest signed volume
  double total_volume = 0;                   ///< sum of signed volumes
};

/// Quality over all tets; node indices are checked (std::out_of_range).
MeshQualityReport mesh_quality(const std::vector<Point3> &nodes,
                               const std::vector<std::array<std::size_t, 4>> &tets,
                               double min_dihedral_bound_deg = 5,
                               double max_dihedral_bound_deg = 170);

}  // namespace spine::geometry
