// The meshed L4-L5 segment: tagged tetrahedra, tagged boundary triangles, the region table
// (tissue + which surgical tools contain the region) and the geometry the metrics need.
#pragma once
#include "meshes/anatomy_layout.h"
#include "meshes/surgical_tools.h"

#include <array>
#include <set>
#include <string>
#include <vector>

namespace spine::meshes
{
struct Region
{
  int id = 0;                     ///< material id in the mesh
  int tissue = 0;
  std::vector<std::string> tools; ///< tools whose removal deletes this region
  double cad_volume = 0;          ///< mm^3, from OpenCASCADE
  double mesh_volume = 0;         ///< mm^3, sum of its tetrahedra
};

struct TetMesh
{
  std::vector<Vec3> nodes;
  struct Tet { std::array<std::size_t, 4> v; int region; };
  struct Tri { std::array<std::size_t, 3> v; int surface; int region; };
  std::vector<Tet> tets;
  std::vector<Tri> tagged_triangles; ///< functional surfaces, with the region they bound
};

/// Volume of one tetrahedron (mm^3).
double tet_volume(const TetMesh &mesh, const TetMesh::Tet &tet);

/// What the sliver repair did to a mesh (geometry.json reports it).
struct SliverRepairSummary
{
  std::size_t bad_before = 0, bad_after = 0, collapses = 0, flips = 0, peeled = 0, relocations = 0,
              interface_swaps = 0;
  double largest_move = 0;       ///< mm, largest merge
  double largest_relocation = 0; ///< mm, largest node relocation (no surface moves)
};

struct MeshSizes
{
  std::string preset = "coarse";
  double global = 4.0; ///< mm, vertebral bodies and posterior elements
  double disc = 4.0;   ///< mm, annulus, nucleus and bony endplates
  double fine = 2.0;   ///< mm, LF, facets and surgical tools
  /// true: each size holds in its regions' volumes, faces and edges (size fields); false:
  /// only at their corner points (interiors graded up to the largest size)
  bool whole_regions = false;
};

struct SegmentModel
{
  AnatomyLayout layout;
  std::vector<SurgicalTool> tools;
  std::vector<Region> regions;
  TetMesh mesh;
  SliverRepairSummary sliver_repair;
  std::vector<std::string> warnings;

  explicit SegmentModel(const AnatomyLayout &l) : layout(l) {}
  const Region &region(int id) const;
  /// Regions deleted when `tool` is applied (empty tool name: none).
  std::set<int> removed_regions(const std::string &tool) const;
  /// Cells kept for a case: all but the removed regions and anything left floating.
  std::vector<bool> kept_tets(const std::string &tool) const;
};

/// Builds the CAD (anatomy + imprinted tools), fragments it, tags it and meshes it.
SegmentModel build_segment_model(const AnatomyParameters &anatomy, const SurgeryPlan &plan,
                                 const MeshSizes &sizes);
} // namespace spine::meshes
