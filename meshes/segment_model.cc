// Region table queries and the connectivity check that drops floating pieces.
#include "meshes/segment_model.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace spine::meshes
{
double tet_volume(const TetMesh &m, const TetMesh::Tet &t)
{
  const auto &x = m.nodes;
  return std::abs(dot(x[t.v[1]] - x[t.v[0]], cross(x[t.v[2]] - x[t.v[0]], x[t.v[3]] - x[t.v[0]]))) / 6;
}

const Region &SegmentModel::region(int id) const
{
  for (const auto &r : regions)
    if (r.id == id)
      return r;
  throw std::runtime_error("unknown region id " + std::to_string(id));
}

std::set<int> SegmentModel::removed_regions(const std::string &tool) const
{
  std::set<int> out;
  if (tool.empty())
    return out;
  for (const auto &r : regions)
    if (std::find(r.tools.begin(), r.tools.end(), tool) != r.tools.end())
      out.insert(r.id);
  return out;
}

namespace
{
struct UnionFind
{
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t i)
  {
    while (parent[i] != i)
      i = parent[i] = parent[parent[i]];
    return i;
  }
  void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

bool is_vertebral_body(int tissue)
{
  return tissue == l4_cancellous || tissue == l5_cancellous || tissue == l4_cortical ||
         tissue == l5_cortical;
}
} // namespace

std::vector<bool> SegmentModel::kept_tets(const std::string &tool) const
{
  const std::set<int> removed = removed_regions(tool);
  const auto &tets = mesh.tets;
  std::vector<bool> kept(tets.size());
  UnionFind nodes(mesh.nodes.size());
  for (std::size_t i = 0; i < tets.size(); ++i)
  {
    kept[i] = removed.count(tets[i].region) == 0;
    if (kept[i])
      for (int k = 1; k < 4; ++k)
        nodes.join(tets[i].v[0], tets[i].v[k]);
  }
  // Keep the pieces connected to a vertebral body (the loaded and the fixed vertebra).
  std::set<std::size_t> anchored;
  for (std::size_t i = 0; i < tets.size(); ++i)
    if (kept[i] && is_vertebral_body(region(tets[i].region).tissue))
      anchored.insert(nodes.find(tets[i].v[0]));
  for (std::size_t i = 0; i < tets.size(); ++i)
    if (kept[i] && anchored.count(nodes.find(tets[i].v[0])) == 0)
      kept[i] = false;
  return kept;
}
} // namespace spine::meshes
