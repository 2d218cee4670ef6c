#include "meshes/mesh_repair.h"

#include "meshes/geometry/sliver_repair.h"

#include <algorithm>
#include <map>
#include <set>

namespace spine::meshes
{
namespace
{
/// Nodes on the rim of a tagged surface patch (an edge used by one triangle of the patch):
/// relocating them would move where an attachment or contact surface ends.
std::vector<char> rims_of_tagged_patches(const TetMesh &mesh)
{
  std::map<std::pair<int, std::array<std::size_t, 2>>, int> edge_uses;
  for (const auto &tri : mesh.tagged_triangles)
    for (int i = 0; i < 3; ++i)
    {
      std::array<std::size_t, 2> e{tri.v[i], tri.v[(i + 1) % 3]};
      std::sort(e.begin(), e.end());
      ++edge_uses[{tri.surface, e}];
    }
  std::vector<char> rim(mesh.nodes.size(), 0);
  for (const auto &[edge, uses] : edge_uses)
    if (uses == 1)
      rim[edge.second[0]] = rim[edge.second[1]] = 1;
  return rim;
}
} // namespace

SliverRepairSummary repair_slivers(TetMesh &mesh, double max_move)
{
  std::vector<geometry::Point3> nodes(mesh.nodes.begin(), mesh.nodes.end());
  std::vector<std::array<std::size_t, 4>> tets;
  std::vector<int> regions;
  for (const auto &t : mesh.tets)
  {
    tets.push_back(t.v);
    regions.push_back(t.region);
  }
  std::vector<std::size_t> merged;
  geometry::SliverRepairOptions options;
  options.max_move = max_move;
  options.fixed = rims_of_tagged_patches(mesh);
  const geometry::SliverRepairStats s = geometry::repair_slivers(nodes, tets, regions, merged, options);

  // Renumber the nodes still used, in their old order (the mesh stays deterministic).
  std::vector<std::size_t> used(nodes.size(), 0);
  for (const auto &t : tets)
    for (std::size_t n : t)
      used[n] = 1;
  std::vector<std::size_t> index(nodes.size(), 0);
  std::vector<Vec3> kept;
  for (std::size_t n = 0; n < nodes.size(); ++n)
    if (used[n])
    {
      index[n] = kept.size();
      kept.push_back(nodes[n]);
    }
  // Faces of each region after the repair: a tagged triangle survives if it still bounds its region.
  std::set<std::pair<int, std::array<std::size_t, 3>>> region_faces;
  mesh.tets.clear();
  for (std::size_t t = 0; t < tets.size(); ++t)
  {
    const auto &v = tets[t];
    for (int skip = 0; skip < 4; ++skip)
    {
      std::array<std::size_t, 3> f;
      for (int i = 0, j = 0; i < 4; ++i)
        if (i != skip)
          f[j++] = v[i];
      std::sort(f.begin(), f.end());
      region_faces.insert({regions[t], f});
    }
    mesh.tets.push_back({{index[v[0]], index[v[1]], index[v[2]], index[v[3]]}, regions[t]});
  }
  std::vector<TetMesh::Tri> triangles;
  for (const auto &tri : mesh.tagged_triangles)
  {
    std::array<std::size_t, 3> f{merged[tri.v[0]], merged[tri.v[1]], merged[tri.v[2]]};
    std::array<std::size_t, 3> sorted = f;
    std::sort(sorted.begin(), sorted.end());
    if (!region_faces.count({tri.region, sorted}))
      continue;
    triangles.push_back({{index[f[0]], index[f[1]], index[f[2]]}, tri.surface, tri.region});
  }
  mesh.tagged_triangles = triangles;
  mesh.nodes = kept;
  return {s.bad_before,  s.bad_after,       s.collapses,    s.flips,             s.peeled,
          s.relocations, s.interface_swaps, s.largest_move, s.largest_relocation};
}
} // namespace spine::meshes
