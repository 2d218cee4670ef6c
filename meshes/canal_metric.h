// Ligamentous canal area (mm^2) in the transverse planes of the mid-segment frame at the L4
// pedicle, mid-disc and L5 pedicle levels. One definition, used on reference coordinates
// (mesh report) and on deformed coordinates (solver postprocessor) alike:
//  - the section of all boundary faces of the model by the plane is the wall set;
//  - on each side a closure line through the medial border of the L5 superior articular
//    process, along the plane's anteroposterior axis, closes the lateral recess, foramen and
//    facet gap;
//  - the canal is the region of the plane, bounded by these walls, that contains the seed
//    (midline, halfway between the posterior disc wall and the ventral LF).
// On a deformed mesh the seed must stay inside the canal when the disc bulges backwards
// (follower preload): measure the reference mesh first and carry its per-level mid-canal
// seeds (with_level_seeds) into the deformed gauge.
#pragma once
#include "meshes/anatomy_layout.h"
#include "meshes/geometry/canal_section.h"
#include "meshes/segment_model.h"

#include <map>
#include <string>
#include <vector>

namespace spine::meshes
{
/// Where to measure, in the current configuration.
struct CanalGauge
{
  Frame mid_segment;                 ///< planes are normal to e2, e0 lateral, e1 posterior
  std::vector<std::pair<std::string, double>> levels; ///< name, height along e2
  Vec3 seed;                         ///< a point just behind the posterior disc wall (any height)
  /// Per level: a point in the middle of the canal (from a reference measurement); used
  /// instead of `seed` where present.
  std::map<std::string, Vec3> level_seed;
  std::array<Vec3, 2> sap_medial_border;

  /// The reference gauge of an anatomy.
  static CanalGauge reference(const AnatomyLayout &layout);
};

struct CanalMeasurement
{
  std::string level;
  double height = 0;
  geometry::CanalSection section;
  Vec3 seed{0, 0, 0};  ///< the point the region was grown from (mid-chord of the midline)
};

/// The gauge with the seeds of the closed sections of `reference` as level seeds.
CanalGauge with_level_seeds(CanalGauge gauge, const std::vector<CanalMeasurement> &reference);

std::vector<CanalMeasurement> measure_canal(const std::vector<geometry::Triangle3> &boundary,
                                            const CanalGauge &gauge);

/// Boundary faces (faces of exactly one kept tetrahedron) with the given node coordinates.
std::vector<geometry::Triangle3> boundary_triangles(const TetMesh &mesh, const std::vector<bool> &kept,
                                                    const std::vector<Vec3> &coordinates);
} // namespace spine::meshes
