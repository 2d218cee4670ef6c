// Writing the segment mesh: Gmsh 2.2 (.msh, read by deal.II's GridIn) and VTU for ParaView.
#pragma once
#include "meshes/segment_model.h"

#include <functional>
#include <ostream>
#include <string>

namespace spine::meshes
{
/// Writes the cells flagged in `kept` (all node coordinates are written unchanged, so the
/// intact and operated meshes of one plan share their nodes exactly) and the tagged boundary
/// triangles of kept regions. Physical tags: region ids on tetrahedra, surface ids on triangles.
void write_msh(const SegmentModel &model, const std::vector<bool> &kept, const std::string &file);

/// Unstructured-grid VTU with region, tissue and "removed by the plan" cell data.
void write_vtu(const SegmentModel &model, const std::vector<bool> &kept, const std::string &file);

/// Writes through a temporary name in the same folder and renames, so that no reader ever
/// sees a half-written file.
void write_atomically(const std::string &file, const std::function<void(std::ostream &)> &writer);
} // namespace spine::meshes
