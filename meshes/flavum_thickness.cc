#include "meshes/flavum_thickness.h"

#include <algorithm>
#include <limits>
#include <set>
#include <utility>

namespace spine::meshes
{
double length_inside(const TetMesh &mesh, const std::vector<std::size_t> &tets, const Vec3 &p, const Vec3 &d)
{
  static const int faces[4][4] = {{1, 2, 3, 0}, {0, 2, 3, 1}, {0, 1, 3, 2}, {0, 1, 2, 3}}; // 3 on the face, 1 opposite
  // The interval of s where p + s d is inside one tetrahedron (empty: lo >= hi).
  auto clip = [&](const std::array<std::size_t, 4> &v) {
    double lo = -std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::max();
    for (const auto &f : faces)
    {
      const Vec3 &a = mesh.nodes[v[f[0]]];
      Vec3 n = cross(mesh.nodes[v[f[1]]] - a, mesh.nodes[v[f[2]]] - a);
      if (dot(n, mesh.nodes[v[f[3]]] - a) > 0) // make n point outwards
        n = -1.0 * n;
      // inside this face's half-space: dot(n, p - a) + s dot(n, d) <= 0
      const double c = dot(n, p - a), g = dot(n, d);
      if (g > 0)
        hi = std::min(hi, -c / g);
      else if (g < 0)
        lo = std::max(lo, -c / g);
      else if (c > 0)
        return std::make_pair(0.0, 0.0); // parallel to the face, outside it
    }
    return std::make_pair(lo, hi);
  };
  std::vector<std::pair<double, double>> pieces;
  for (std::size_t i : tets)
    if (const auto piece = clip(mesh.tets[i].v); piece.second > piece.first)
      pieces.push_back(piece);
  std::sort(pieces.begin(), pieces.end());
  double total = 0, end = -std::numeric_limits<double>::max();
  for (const auto &[a, b] : pieces)
  {
    const double start = std::max(a, end);
    if (b > start)
      total += b - start;
    end = std::max(end, b);
  }
  return total;
}

double measured_flavum_thickness(const SegmentModel &model, int side_index, const std::vector<bool> &kept)
{
  const int tissue = side_index == 0 ? lf_left : lf_right;
  std::set<int> lf_regions;
  for (const auto &r : model.regions)
    if (r.tissue == tissue)
      lf_regions.insert(r.id);
  std::vector<std::size_t> lf;
  for (std::size_t i = 0; i < model.mesh.tets.size(); ++i)
    if (kept[i] && lf_regions.count(model.mesh.tets[i].region))
      lf.push_back(i);
  // Paramedian (a third of the way to the joint), mid-window: away from the midline seam of
  // the two sides, the facet capsule and the laminar attachments.
  const FlavumLayout &fl = model.layout.flavum[side_index];
  const Vec3 p = fl.frame.to_global({fl.length / 3, 0, fl.window_height / 2});
  return length_inside(model.mesh, lf, p, fl.frame.e[1]);
}
} // namespace spine::meshes
