// Ligamentum flavum thickness measured on the written mesh (not taken from the parameter):
// the length of a line along the LF's dorsal normal that lies inside LF tetrahedra, through
// the middle of the interlaminar window at a paramedian point.
#pragma once
#include "meshes/segment_model.h"

namespace spine::meshes
{
/// Measured thickness (mm) of the LF of one side (0 left, 1 right) among the kept cells.
double measured_flavum_thickness(const SegmentModel &model, int side_index, const std::vector<bool> &kept);

/// Length of the union of the parameter intervals where p + s d (|d| = 1) lies inside the
/// given tetrahedra (exact clipping by each tetrahedron's four faces).
double length_inside(const TetMesh &mesh, const std::vector<std::size_t> &tets, const Vec3 &p, const Vec3 &d);
} // namespace spine::meshes
